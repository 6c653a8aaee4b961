"""Step statuses follow from what the board recorded; agreements follow from the suppliers in use."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

import pytest

from bot.composition import step_rules
from bot.content import Content
from bot.onboarding.models import (
    STEP_ORDER,
    AgreementKind,
    AgreementState,
    Audience,
    Board,
    Stamp,
    StepId,
    StepStatus,
)
from bot.onboarding.progress import StepRule, all_done, next_open_step, refresh_statuses
from bot.onboarding.recorders import (
    RECORDERS,
    Answer,
    RecordContext,
    ensure_agreements,
)

NOW = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
STAMP = Stamp(at=NOW, by="Anne de Vries")
LAS = StepId.LAS


@pytest.fixture
def rules(content: Content) -> dict[StepId, StepRule]:
    return step_rules(content)


@pytest.fixture
def names(content: Content) -> dict[str, str]:
    return content.supplier_names()


def new_board() -> Board:
    return Board(id="board-a", tenant_id="tenant-a", bg_number="41234", created=STAMP)


def record(
    board: Board, names: Mapping[str, str], recorder: str, value: str, item: str | None = None
) -> None:
    RECORDERS[recorder](board, Answer(value, item), RecordContext(STAMP, date(2026, 11, 23), names))


def test_a_step_goes_from_open_to_in_progress_to_waiting_to_done(
    rules: dict[StepId, StepRule], names: dict[str, str]
) -> None:
    board = new_board()
    for brin in ("01AB", "02CD"):
        record(board, names, "add_school", brin)
    refresh_statuses(board, rules, None, STAMP)
    assert board.step(LAS).status == StepStatus.OPEN

    assert refresh_statuses(board, rules, LAS, STAMP) == [(LAS, StepStatus.OPEN, StepStatus.IN_PROGRESS)]
    assert board.step(LAS).changed == STAMP

    record(board, names, "set_school_las", "esis", "01AB")
    record(board, names, "set_supplier_told", "yes", "01AB")
    record(board, names, "set_school_las", "other", "02CD")
    record(board, names, "set_supplier_told", "yes", "02CD")  # told Edu-K, but still waiting on them
    assert refresh_statuses(board, rules, LAS, STAMP) == [(LAS, StepStatus.IN_PROGRESS, StepStatus.WAITING)]
    assert board.step(LAS).completed is None

    record(board, names, "set_school_las", "parnassys", "02CD")
    refresh_statuses(board, rules, LAS, STAMP)
    assert board.step(LAS).status == StepStatus.IN_PROGRESS, "a new supplier has not been told yet"

    record(board, names, "set_supplier_told", "yes", "02CD")
    assert refresh_statuses(board, rules, LAS, STAMP) == [(LAS, StepStatus.IN_PROGRESS, StepStatus.DONE)]
    assert board.step(LAS).completed == STAMP


def test_a_done_step_reopens_when_its_facts_no_longer_hold(
    rules: dict[StepId, StepRule], names: dict[str, str]
) -> None:
    board = new_board()
    record(board, names, "add_school", "01AB")
    record(board, names, "set_school_las", "esis", "01AB")
    record(board, names, "set_supplier_told", "yes", "01AB")
    refresh_statuses(board, rules, LAS, STAMP)
    assert board.step(LAS).status == StepStatus.DONE

    record(board, names, "add_school", "02CD")  # a new school without a LAS
    changes = refresh_statuses(board, rules, StepId.NUMMERVOORZIENING, STAMP)
    assert (LAS, StepStatus.DONE, StepStatus.IN_PROGRESS) in changes
    assert board.step(LAS).completed is None


def test_the_next_step_and_all_done_follow_the_official_order(
    rules: dict[StepId, StepRule], names: dict[str, str]
) -> None:
    assert next_open_step(None) == StepId.NUMMERVOORZIENING
    board = new_board()
    record(board, names, "mark_info_read", "yes")
    refresh_statuses(board, rules, StepId.MORE_INFO, STAMP)
    assert board.step(StepId.MORE_INFO).status == StepStatus.DONE
    assert next_open_step(board) == StepId.NUMMERVOORZIENING
    assert not all_done(board)

    record(board, names, "set_registration", "yes")
    record(board, names, "set_registration_date", "2026-11-20")
    record(board, names, "add_school", "01AB")
    record(board, names, "set_school_name", "De Regenboog", "01AB")
    record(board, names, "set_school_contact_role", "directeur", "01AB")
    record(board, names, "set_school_las", "esis", "01AB")
    record(board, names, "set_supplier_told", "yes", "01AB")
    for agreement in board.agreements:
        record(board, names, "set_agreement_state", "returned", agreement.id)
    record(board, names, "alert_administration", "administratie")
    refresh_statuses(board, rules, StepId.ALERT, STAMP)
    assert next_open_step(board) == StepId.ALERT
    assert board.step(StepId.ALERT).status == StepStatus.IN_PROGRESS

    record(board, names, "alert_ict", "ICT-coördinator")
    refresh_statuses(board, rules, StepId.ALERT, STAMP)
    assert [board.step(s).status for s in STEP_ORDER] == [StepStatus.DONE] * 5
    assert next_open_step(board) is None
    assert all_done(board)
    assert [a.audience for a in board.alerts] == [Audience.ADMINISTRATION, Audience.ICT]


def test_a_new_board_needs_the_nummervoorziening_agreement(names: dict[str, str]) -> None:
    board = new_board()
    assert ensure_agreements(board, names) == ["nummervoorziening"]
    [agreement] = board.agreements
    assert agreement.kind == AgreementKind.NUMMERVOORZIENING
    assert agreement.supplier_name == "Nummervoorziening (Kennisnet)"
    assert agreement.state == AgreementState.NOT_OFFERED


def test_one_agreement_per_las_supplier_in_use(names: dict[str, str]) -> None:
    board = new_board()
    for brin in ("01AB", "02CD", "03EF", "04GH", "05IJ"):
        record(board, names, "add_school", brin)
    record(board, names, "set_school_las", "esis", "01AB")
    record(board, names, "set_school_las", "esis", "02CD")
    record(board, names, "set_school_las", "parnassys", "03EF")
    record(board, names, "set_school_las", "other", "04GH")  # Edu-K routes it; no agreement of its own
    # 05IJ has no LAS yet

    agreements = [(a.id, a.kind, a.supplier_id, a.supplier_name) for a in board.agreements]
    assert agreements == [
        ("nummervoorziening", AgreementKind.NUMMERVOORZIENING, None, "Nummervoorziening (Kennisnet)"),
        ("las-esis", AgreementKind.LAS, "esis", "ESIS"),
        ("las-parnassys", AgreementKind.LAS, "parnassys", "ParnasSys"),
    ]


def test_ensuring_agreements_again_keeps_what_was_recorded(names: dict[str, str]) -> None:
    board = new_board()
    record(board, names, "add_school", "01AB")
    record(board, names, "set_school_las", "unilogic", "01AB")
    record(board, names, "set_agreement_state", "signed", "las-unilogic")
    assert ensure_agreements(board, names) == []
    assert [a.id for a in board.agreements] == ["nummervoorziening", "las-unilogic"]
    assert board.agreement("las-unilogic") is not None
    assert board.agreement("las-unilogic").state == AgreementState.SIGNED  # type: ignore[union-attr]


def test_the_suggested_next_step_is_one_the_board_can_act_on() -> None:
    board = Board(
        id="b", tenant_id="t", bg_number="41234", created=Stamp(at=datetime(2026, 11, 23, tzinfo=UTC), by="A")
    )
    assert next_open_step(board) == StepId.NUMMERVOORZIENING
    board.step(StepId.NUMMERVOORZIENING).status = StepStatus.DONE
    board.step(StepId.LAS).status = StepStatus.WAITING
    assert next_open_step(board) == StepId.AGREEMENTS
    for step in (StepId.AGREEMENTS, StepId.ALERT, StepId.MORE_INFO):
        board.step(step).status = StepStatus.DONE
    assert next_open_step(board) == StepId.LAS
    board.step(StepId.LAS).status = StepStatus.DONE
    assert next_open_step(board) is None
