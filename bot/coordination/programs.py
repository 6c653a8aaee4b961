"""Programs: which tenants' boards a coordinator sees.

ECKBOT_PROGRAMS names each program and its tenants: `po-noord=tenantA,tenantB;vo-zuid=tenantC`.
ECKBOT_COORDINATORS names each coordinator's program: `po-noord:objectid, vo-zuid:name@org.nl`;
a plain entry belongs to the default program, which exists only when there is one program. Left
empty, ECKBOT_PROGRAMS means one implicit program that sees every board (the behaviour before
programs existed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.coordination.models import Scope

EVERY_TENANT_PROGRAM = "all"  # the implicit program when ECKBOT_PROGRAMS is empty
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


class ProgramsError(ValueError):
    """ECKBOT_PROGRAMS or ECKBOT_COORDINATORS cannot be read; the message names the setting."""


@dataclass(frozen=True)
class Programs:
    scopes: Mapping[str, Scope]  # by program name

    @property
    def default(self) -> str | None:
        """The program a plain coordinator entry, or a row stored before programs, belongs to."""
        return next(iter(self.scopes)) if len(self.scopes) == 1 else None

    def scope(self, program: str | None) -> Scope | None:
        """The program's scope; the default program's for "" (rows stored before programs)."""
        name = program or self.default
        return self.scopes.get(name) if name else None

    def program_of_tenant(self, tenant_id: str | None) -> str | None:
        """The program whose coordinators serve this tenant's people (a tenant is in one program)."""
        for name, scope in self.scopes.items():
            if scope.tenants is None or (tenant_id or "").lower() in scope.tenants:
                return name
        return None


def every_board() -> Programs:
    return Programs({EVERY_TENANT_PROGRAM: Scope(EVERY_TENANT_PROGRAM, None)})


def parse_programs(setting: str) -> Programs:
    """ECKBOT_PROGRAMS read and checked: names unique and well-formed, each with at least one
    tenant, no tenant in two programs. Empty: one program that sees every board."""
    if not setting.strip():
        return every_board()
    scopes: dict[str, Scope] = {}
    owner: dict[str, str] = {}
    for part in (p.strip() for p in setting.split(";")):
        if not part:
            continue
        name, equals, tenant_list = (s.strip() for s in part.partition("="))
        name = name.lower()
        if not equals or not _NAME.fullmatch(name):
            raise ProgramsError(
                f"ECKBOT_PROGRAMS: {part[:60]!r} is not 'name=tenant,tenant' "
                "(a name of lower-case letters, digits, - and _; programs separated by ';')"
            )
        if name in scopes:
            raise ProgramsError(f"ECKBOT_PROGRAMS: the program {name!r} is named twice")
        tenants = frozenset(t.strip().lower() for t in tenant_list.split(",") if t.strip())
        if not tenants:
            raise ProgramsError(f"ECKBOT_PROGRAMS: the program {name!r} has no tenants")
        for tenant in sorted(tenants):
            if tenant in owner:
                raise ProgramsError(
                    f"ECKBOT_PROGRAMS: the tenant {tenant!r} is in both {owner[tenant]!r} and {name!r}"
                )
            owner[tenant] = name
        scopes[name] = Scope(name, tenants)
    if not scopes:
        return every_board()
    return Programs(scopes)


def assign_coordinators(entries: Iterable[str], programs: Programs) -> dict[str, str]:
    """ECKBOT_COORDINATORS entries (`program:identity`, or a plain identity for the default
    program) as identity (lower case) → program. Raises ProgramsError naming the setting."""
    assigned: dict[str, str] = {}
    for entry in (e.strip().lower() for e in entries):
        if not entry:
            continue
        program, colon, identity = entry.partition(":") if ":" in entry else ("", "", entry)
        program, identity = program.strip(), identity.strip()
        if colon and program not in programs.scopes:
            known = ", ".join(sorted(programs.scopes))
            raise ProgramsError(
                f"ECKBOT_COORDINATORS: {entry[:80]!r} names the program {program!r}, "
                f"which is not in ECKBOT_PROGRAMS ({known})"
            )
        if not colon:
            if programs.default is None:
                raise ProgramsError(
                    f"ECKBOT_COORDINATORS: {entry[:80]!r} names no program; with several programs "
                    "in ECKBOT_PROGRAMS write 'program:identity'"
                )
            program = programs.default
        if not identity:
            raise ProgramsError(f"ECKBOT_COORDINATORS: {entry[:80]!r} names no coordinator")
        if assigned.get(identity, program) != program:
            raise ProgramsError(f"ECKBOT_COORDINATORS: {identity!r} is in two programs")
        assigned[identity] = program
    return assigned


def checked_programs(programs_setting: str, coordinator_entries: Iterable[str]) -> Programs:
    """ECKBOT_PROGRAMS and ECKBOT_COORDINATORS read and checked against each other, at start-up:
    raises ProgramsError naming the setting."""
    programs = parse_programs(programs_setting)
    assign_coordinators(coordinator_entries, programs)
    return programs
