"""Typed answers: what people type is forgiven where it can be, and refused with the right text."""

from __future__ import annotations

from datetime import date

import pytest

from bot.content import Content
from bot.onboarding.errors import InvalidAnswer
from bot.onboarding.validators import bg_number, brin, past_date, short_text

TODAY = date(2026, 11, 23)


def refusal(check: object, raw: str) -> str:
    with pytest.raises(InvalidAnswer) as raised:
        check(raw, TODAY)  # type: ignore[operator]
    return raised.value.text_key


@pytest.mark.parametrize(
    ("raw", "clean"), [("41234", "41234"), (" 41 234 ", "41234"), ("4 1 2 3 4", "41234"), ("01234", "01234")]
)
def test_a_bevoegd_gezagnummer_is_five_digits_with_spaces_forgiven(raw: str, clean: str) -> None:
    assert bg_number(raw, TODAY) == clean


# Full-width and Arabic-Indic digits are digits to Python's \d, but would make another board.
@pytest.mark.parametrize("raw", ["4123", "412345", "4123a", "", "41-234", "４１２３４", "٤١٢٣٤"])
def test_anything_else_is_not_a_bevoegd_gezagnummer(raw: str) -> None:
    assert refusal(bg_number, raw) == "invalid.bg_number"


@pytest.mark.parametrize(("raw", "clean"), [("01AB", "01AB"), ("01ab", "01AB"), (" 12 xy ", "12XY")])
def test_a_brin_code_is_two_digits_and_two_letters_upper_cased(raw: str, clean: str) -> None:
    assert brin(raw, TODAY) == clean


@pytest.mark.parametrize("raw", ["1AB", "AB01", "012B", "01ABC", "01A", "", "01ÄB", "٠١AB"])
def test_anything_else_is_not_a_brin_code(raw: str) -> None:
    assert refusal(brin, raw) == "invalid.brin"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("vandaag", "2026-11-23"),
        ("Vandaag ", "2026-11-23"),
        ("today", "2026-11-23"),
        ("gisteren", "2026-11-22"),
        ("yesterday", "2026-11-22"),
        ("eergisteren", "2026-11-21"),
        ("20-11-2026", "2026-11-20"),
        ("1-2-2026", "2026-02-01"),
        ("20/11/2026", "2026-11-20"),
        ("20.11.2026", "2026-11-20"),
        ("20-11-26", "2026-11-20"),
        ("2026-11-20", "2026-11-20"),
        ("2026-11-23", "2026-11-23"),
    ],
)
def test_a_past_date_as_people_type_it(raw: str, iso: str) -> None:
    assert past_date(raw, TODAY) == iso


@pytest.mark.parametrize("raw", ["24-11-2026", "2026-11-24", "01-01-2027"])
def test_a_date_in_the_future_is_refused(raw: str) -> None:
    assert refusal(past_date, raw) == "invalid.date_in_future"


@pytest.mark.parametrize("raw", ["morgen", "31-02-2026", "2026/11/20", "11-2026", "", "01-01-2010"])
def test_something_that_is_not_a_plausible_date_is_refused(raw: str) -> None:
    assert refusal(past_date, raw) == "invalid.date"


def test_a_name_or_role_is_one_tidy_line() -> None:
    assert short_text("  directeur \n bedrijfsvoering ", TODAY) == "directeur bedrijfsvoering"
    assert short_text("x" * 200, TODAY) == "x" * 200
    assert refusal(short_text, " \n\t ") == "invalid.empty"
    assert refusal(short_text, "x" * 201) == "invalid.too_long"


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_refusal_has_a_text_to_show(content: Content, locale: str) -> None:
    keys = {
        refusal(bg_number, "1"),
        refusal(brin, "1"),
        refusal(short_text, ""),
        refusal(short_text, "x" * 201),
        refusal(past_date, "morgen"),
        refusal(past_date, "01-01-2099"),
    }
    for key in keys:
        text = content.text(locale, key)
        assert text and text != key
