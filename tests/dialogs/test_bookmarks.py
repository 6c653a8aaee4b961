"""Bookmarks by name survive content edits and vanished schools; answered questions are passed over."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.content import Content
from bot.onboarding.models import Board, Registration, School, Stamp, StepId
from dialogs.bookmarks import PRELUDE, Bookmarks

STAMP = Stamp(at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC), by="Anne")


def board(**fields: object) -> Board:
    return Board(id="b", tenant_id="t", bg_number="41234", name="Stichting De Linde", created=STAMP, **fields)


def test_without_a_board_every_step_starts_by_asking_for_the_board(content: Content) -> None:
    bookmarks = Bookmarks(content.journey)
    where = bookmarks.resolve(StepId.LAS, bookmarks.start(), None)
    assert where == {"section": PRELUDE, "question": "bg_number", "item": None}


def test_a_known_board_passes_over_the_prelude(content: Content) -> None:
    bookmarks = Bookmarks(content.journey)
    where = bookmarks.resolve(StepId.NUMMERVOORZIENING, bookmarks.start(), board())
    assert where is not None and where["question"] == "intro"


def test_a_registered_board_goes_straight_to_its_schools(content: Content) -> None:
    bookmarks = Bookmarks(content.journey)
    registered = board(registration=Registration(registered=True, said=STAMP))
    where = bookmarks.resolve(StepId.NUMMERVOORZIENING, bookmarks.start(), registered)
    assert where is not None and where["question"] == "school_menu"


def test_a_bookmark_to_a_question_that_content_removed_starts_the_step_again(content: Content) -> None:
    bookmarks = Bookmarks(content.journey)
    gone = {"section": "las", "question": "a_question_renamed_since", "item": None}
    schools = board(schools=[School(brin="01AB", added=STAMP)])
    assert not bookmarks.still_askable(gone, schools)
    where = bookmarks.resolve(StepId.LAS, gone, schools)
    assert where == {"section": "las", "question": "school_pick", "item": None}


def test_a_bookmark_about_a_school_that_is_gone_starts_the_step_again(content: Content) -> None:
    bookmarks = Bookmarks(content.journey)
    about_gone_school = {"section": "las", "question": "school_las", "item": "09ZZ"}
    schools = board(schools=[School(brin="01AB", added=STAMP)])
    assert not bookmarks.still_askable(about_gone_school, schools)
    assert bookmarks.still_askable({**about_gone_school, "item": "01AB"}, schools)
    assert bookmarks.resolve(StepId.LAS, about_gone_school, schools) == {
        "section": "las",
        "question": "school_pick",
        "item": None,
    }


def test_step_2_without_schools_says_so_and_ends(content: Content) -> None:
    bookmarks = Bookmarks(content.journey)
    first = bookmarks.resolve(StepId.LAS, bookmarks.step_start(StepId.LAS), board())
    assert first is not None and first["question"] == "no_schools"
    assert bookmarks.resolve(StepId.LAS, {**first, "question": "end"}, board()) is None
