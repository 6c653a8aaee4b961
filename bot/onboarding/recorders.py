"""Named recorders: what an answer changes on the board. Content names them per question."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.onboarding.errors import InvalidAnswer, UnknownItem
from bot.onboarding.models import (
    Agreement,
    AgreementKind,
    AgreementState,
    AlertRecord,
    Audience,
    Board,
    CovenantStatus,
    Registration,
    School,
    Signer,
    Stamp,
)

OTHER_LAS = "other"
EDU_K = "edu-k"
NUMMERVOORZIENING_AGREEMENT = "nummervoorziening"


@dataclass(frozen=True)
class Answer:
    """A validated answer: the option value or cleaned text, and the school or agreement it is about."""

    value: str
    item: str | None = None


@dataclass(frozen=True)
class RecordContext:
    stamp: Stamp
    today: date
    supplier_names: Mapping[str, str]


@dataclass
class Recorded:
    """What a recorder did: events for the log, and the item that later questions are about."""

    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    selected: str | None = None


Recorder = Callable[[Board, Answer, RecordContext], Recorded]


def _school(board: Board, answer: Answer) -> School:
    school = board.school(answer.item or "")
    if school is None:
        raise UnknownItem(answer.item or "")
    return school


def _agreement(board: Board, answer: Answer) -> Agreement:
    agreement = board.agreement(answer.item or "")
    if agreement is None:
        raise UnknownItem(answer.item or "")
    return agreement


def _yes(answer: Answer) -> bool:
    if answer.value not in ("yes", "no"):
        raise InvalidAnswer("invalid.choice")
    return answer.value == "yes"


def ensure_agreements(board: Board, supplier_names: Mapping[str, str]) -> list[str]:
    """One agreement with Nummervoorziening and one per LAS supplier in use; returns ids added."""
    added = []
    wanted: list[tuple[str, AgreementKind, str | None]] = [
        (NUMMERVOORZIENING_AGREEMENT, AgreementKind.NUMMERVOORZIENING, None)
    ]
    for school in board.schools:
        if school.las and school.las != OTHER_LAS:
            wanted.append((f"las-{school.las}", AgreementKind.LAS, school.las))
    for agreement_id, kind, supplier in wanted:
        if board.agreement(agreement_id) is None:
            name = supplier_names.get(supplier or agreement_id, agreement_id)
            board.agreements.append(
                Agreement(id=agreement_id, kind=kind, supplier_id=supplier, supplier_name=name)
            )
            added.append(agreement_id)
    return added


def set_board_name(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    board.name = answer.value
    return Recorded([("board.named", {})])


def set_registration(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    registered = _yes(answer)
    on = ctx.today if registered else None
    board.registration = Registration(registered=registered, registered_on=on, said=ctx.stamp)
    return Recorded([("step1.registration", {"registered": registered})])


def set_registration_date(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    if board.registration is None or not board.registration.registered:
        raise InvalidAnswer("invalid.not_registered_yet")
    board.registration.registered_on = date.fromisoformat(answer.value)
    return Recorded([("step1.registration_date", {"on": answer.value})])


def add_school(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    if board.school(answer.value) is None:
        board.schools.append(School(brin=answer.value, added=ctx.stamp))
        ensure_agreements(board, ctx.supplier_names)
        return Recorded([("school.added", {"brin": answer.value})], selected=answer.value)
    return Recorded(selected=answer.value)


def set_school_name(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    _school(board, answer).name = answer.value
    return Recorded([("school.named", {"brin": answer.item})])


def set_school_contact_role(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    _school(board, answer).contact_role = answer.value
    return Recorded([("school.contact_role", {"brin": answer.item})])


def set_school_las(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    school = _school(board, answer)
    if answer.value != OTHER_LAS and (
        answer.value == NUMMERVOORZIENING_AGREEMENT or answer.value not in ctx.supplier_names
    ):
        raise InvalidAnswer("invalid.choice")
    if school.las != answer.value:
        school.supplier_told = None
    school.las = answer.value
    school.waiting_on = EDU_K if answer.value == OTHER_LAS else None
    ensure_agreements(board, ctx.supplier_names)
    return Recorded([("step2.las", {"brin": school.brin, "las": answer.value})])


def set_supplier_told(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    school = _school(board, answer)
    told = _yes(answer)
    school.supplier_told = ctx.stamp if told else None
    return Recorded([("step2.supplier_told", {"brin": school.brin, "told": told})])


def add_other_supplier(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    existing = next((a for a in board.agreements if a.supplier_name == answer.value), None)
    if existing is not None:
        return Recorded(selected=existing.id)
    agreement = Agreement(
        id=f"other-{uuid.uuid4().hex[:8]}",
        kind=AgreementKind.OTHER,
        supplier_name=answer.value,
        changed=ctx.stamp,
    )
    board.agreements.append(agreement)
    return Recorded([("step3.supplier_added", {"agreement": agreement.id})], agreement.id)


def set_covenant_status(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    agreement = _agreement(board, answer)
    agreement.covenant_status = CovenantStatus(answer.value)
    agreement.changed = ctx.stamp
    return Recorded([("step3.covenant", {"agreement": agreement.id, "status": answer.value})])


def set_agreement_state(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    agreement = _agreement(board, answer)
    agreement.state = AgreementState(answer.value)
    agreement.changed = ctx.stamp
    return Recorded([("step3.state", {"agreement": agreement.id, "state": answer.value})])


def set_agreement_signer(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    agreement = _agreement(board, answer)
    agreement.signer = Signer(answer.value)
    if agreement.signer == Signer.BESTUURDER:
        agreement.mandated_to = ""
    agreement.changed = ctx.stamp
    return Recorded([("step3.signer", {"agreement": agreement.id, "signer": answer.value})])


def set_agreement_mandate(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    agreement = _agreement(board, answer)
    agreement.signer = Signer.MANDATED
    agreement.mandated_to = answer.value
    agreement.changed = ctx.stamp
    return Recorded([("step3.mandate", {"agreement": agreement.id})])


def _alert_recorder(audience: Audience) -> Recorder:
    def record(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
        board.alerts = [a for a in board.alerts if a.audience != audience]
        board.alerts.append(AlertRecord(audience=audience, who=answer.value, told=ctx.stamp))
        return Recorded([("step4.alerted", {"audience": audience.value})])

    return record


def mark_info_read(board: Board, answer: Answer, ctx: RecordContext) -> Recorded:
    board.info_read = ctx.stamp if _yes(answer) else None
    return Recorded([("step5.info_read", {"read": board.info_read is not None})])


RECORDERS: dict[str, Recorder] = {
    "set_board_name": set_board_name,
    "set_registration": set_registration,
    "set_registration_date": set_registration_date,
    "add_school": add_school,
    "set_school_name": set_school_name,
    "set_school_contact_role": set_school_contact_role,
    "set_school_las": set_school_las,
    "set_supplier_told": set_supplier_told,
    "add_other_supplier": add_other_supplier,
    "set_covenant_status": set_covenant_status,
    "set_agreement_state": set_agreement_state,
    "set_agreement_signer": set_agreement_signer,
    "set_agreement_mandate": set_agreement_mandate,
    "alert_administration": _alert_recorder(Audience.ADMINISTRATION),
    "alert_ict": _alert_recorder(Audience.ICT),
    "mark_info_read": mark_info_read,
}

# Recorders that create or link the board itself; the service runs them, not a board mutation.
BOARD_LINKERS = frozenset({"identify_board"})
