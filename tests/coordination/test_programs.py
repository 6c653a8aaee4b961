"""ECKBOT_PROGRAMS and ECKBOT_COORDINATORS: which coordinator sees which tenants' boards, and a
clear error naming the setting when either cannot be read."""

from __future__ import annotations

import pytest

from bot.coordination.models import Scope
from bot.coordination.programs import (
    EVERY_TENANT_PROGRAM,
    ProgramsError,
    assign_coordinators,
    checked_programs,
    parse_programs,
)


def test_no_programs_means_one_program_that_sees_every_board() -> None:
    programs = parse_programs("  ")

    assert programs.scopes == {EVERY_TENANT_PROGRAM: Scope(EVERY_TENANT_PROGRAM, None)}
    assert programs.default == EVERY_TENANT_PROGRAM
    assert programs.program_of_tenant("any-tenant") == EVERY_TENANT_PROGRAM
    assert assign_coordinators(["Coordinator@School.nl", "abc"], programs) == {
        "coordinator@school.nl": EVERY_TENANT_PROGRAM,
        "abc": EVERY_TENANT_PROGRAM,
    }


def test_programs_name_their_tenants_in_lower_case() -> None:
    programs = parse_programs("PO-Noord = T-A, t-b ; vo-zuid=t-c;")

    assert programs.scopes == {
        "po-noord": Scope("po-noord", frozenset({"t-a", "t-b"})),
        "vo-zuid": Scope("vo-zuid", frozenset({"t-c"})),
    }
    assert programs.default is None
    assert programs.program_of_tenant("T-B") == "po-noord"
    assert programs.program_of_tenant("t-x") is None
    assert programs.scope("") is None  # rows from before programs: no default among several


def test_coordinators_name_their_program_and_plain_entries_need_a_single_program() -> None:
    several = parse_programs("noord=t-a;zuid=t-b")
    assert assign_coordinators(["noord:OID-1", "zuid:carla@zuid.nl"], several) == {
        "oid-1": "noord",
        "carla@zuid.nl": "zuid",
    }
    one = parse_programs("noord=t-a")
    assert assign_coordinators(["oid-1", "noord:oid-2"], one) == {"oid-1": "noord", "oid-2": "noord"}
    assert one.scope("") == Scope("noord", frozenset({"t-a"}))


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("noord", "is not 'name=tenant,tenant'"),
        ("=t-a", "is not 'name=tenant,tenant'"),
        ("no rd=t-a", "is not 'name=tenant,tenant'"),
        ("noord=", "has no tenants"),
        ("noord=t-a;noord=t-b", "named twice"),
        ("noord=t-a;zuid=T-A", "'t-a' is in both 'noord' and 'zuid'"),
    ],
)
def test_a_wrong_programs_setting_is_named_at_start_up(setting: str, says: str) -> None:
    with pytest.raises(ProgramsError, match="ECKBOT_PROGRAMS") as raised:
        parse_programs(setting)
    assert says in str(raised.value)


@pytest.mark.parametrize(
    ("programs", "coordinators", "says"),
    [
        ("noord=t-a;zuid=t-b", "oid-1", "names no program"),
        ("noord=t-a", "west:oid-1", "'west', which is not in ECKBOT_PROGRAMS (noord)"),
        ("noord=t-a;zuid=t-b", "noord:oid-1,zuid:OID-1", "'oid-1' is in two programs"),
        ("noord=t-a", "noord:", "names no coordinator"),
    ],
)
def test_a_coordinator_of_an_unknown_program_is_named_at_start_up(
    programs: str, coordinators: str, says: str
) -> None:
    with pytest.raises(ProgramsError, match="ECKBOT_COORDINATORS") as raised:
        checked_programs(programs, coordinators.split(","))
    assert says in str(raised.value)
