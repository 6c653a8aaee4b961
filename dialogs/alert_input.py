"""Whom the board member chose to alert in step 4: colleagues on the card, or a name and e-mail address.

On the card the people come as a multi-select (Teams sends the chosen values comma-separated)
and the outside person as two text fields; typed, "Piet Jansen piet@school.nl" is one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.onboarding.errors import InvalidAnswer
from dialogs.inputs import UserInput

SEND = "send"  # the option that has the bot alert the people chosen
_MAX_NAME = 200
_MAX_EMAIL = 254
# Deliberately plain: one @, no spaces or quotes, a dotted domain. The mail program has the last word.
_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_TRIM = "<>()[],;:\"'"


@dataclass(frozen=True)
class Picked:
    people: tuple[str, ...]  # Teams user ids from the roster
    name: str  # someone outside Teams: their name ...
    email: str  # ... and e-mail address, validated

    @property
    def outsider(self) -> bool:
        return bool(self.email)


def typed_an_address(given: UserInput) -> bool:
    """A typed answer naming someone by e-mail address: it means "alert them"."""
    return not given.from_card and "@" in given.text


def valid_email(raw: str) -> str:
    """The address, its domain in lower case; InvalidAnswer when it is not one."""
    value = raw.strip().strip(_TRIM)
    if len(value) > _MAX_EMAIL or not _EMAIL.match(value) or ".." in value:
        raise InvalidAnswer("alerts.invalid.email")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InvalidAnswer("alerts.invalid.name")
    return name[:_MAX_NAME]


def _from_typed(text: str) -> Picked:
    words = text.split()
    address = next((w for w in words if "@" in w), "")
    rest = " ".join(w for w in words if w != address)
    email = valid_email(address)
    return Picked((), _name(rest), email)


def _from_card(given: UserInput) -> Picked:
    people = tuple(p.strip() for p in (given.field("people") or "").split(",") if p.strip())
    raw_name, raw_email = given.field("name") or "", given.field("email") or ""
    if not raw_email.strip():
        if raw_name.strip():
            raise InvalidAnswer("alerts.invalid.email")
        return Picked(people, "", "")
    email = valid_email(raw_email)
    return Picked(people, _name(raw_name), email)


def picked_from(given: UserInput) -> Picked:
    """Who was chosen; InvalidAnswer for a bad address, a missing name, or nobody at all."""
    picked = _from_card(given) if given.from_card else _from_typed(given.text)
    if not picked.people and not picked.outsider:
        raise InvalidAnswer("alerts.invalid.nobody")
    return picked
