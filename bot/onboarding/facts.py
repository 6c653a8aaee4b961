"""Named facts about a board. Content says which facts make a step done, waiting, or skip a question."""

from __future__ import annotations

from collections.abc import Callable

from bot.onboarding.models import AgreementState, Audience, Board

Fact = Callable[[Board], bool]


def _audience_alerted(audience: Audience) -> Fact:
    return lambda board: any(alert.audience == audience for alert in board.alerts)


FACTS: dict[str, Fact] = {
    "board_named": lambda b: bool(b.name),
    "registration_answered": lambda b: b.registration is not None,
    "registered": lambda b: b.registration is not None and b.registration.registered,
    "has_schools": lambda b: bool(b.schools),
    "every_school_named": lambda b: all(s.name for s in b.schools),
    "every_school_has_contact": lambda b: all(s.contact_role for s in b.schools),
    "every_school_has_las": lambda b: bool(b.schools) and all(s.las for s in b.schools),
    "every_supplier_told": lambda b: bool(b.schools) and all(s.supplier_told for s in b.schools),
    "some_school_waiting": lambda b: any(s.waiting_on for s in b.schools),
    "has_agreements": lambda b: bool(b.agreements),
    "every_agreement_returned": lambda b: (
        bool(b.agreements) and all(a.state == AgreementState.RETURNED for a in b.agreements)
    ),
    "administration_alerted": _audience_alerted(Audience.ADMINISTRATION),
    "ict_alerted": _audience_alerted(Audience.ICT),
    "info_read": lambda b: b.info_read is not None,
}
