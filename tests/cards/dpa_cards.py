"""The review cards, rendered with sample data and hostile data, for test_cards.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.dpa.checklist import ELEMENT_IDS, load_checklist
from bot.onboarding.models import (
    Agreement,
    AgreementKind,
    AgreementReview,
    Board,
    ReviewFinding,
    ReviewIssue,
    Stamp,
)
from dialogs.dpa_cards import pick_card, review_card
from tests.cards.coordination_cards import NASTY_NAME
from tests.cards.reminder_cards import HOSTILE_LONG

CARDS = frozenset({"dpa_review", "dpa_agreement_pick", "dpa_review_offer"})
STAMP = Stamp(at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC), by="Anne de Vries")
# What a supplier's text may hold, in the longest quote the review keeps.
HOSTILE_QUOTE = ('"Verwerker" meldt </script> binnen\n5 werkdagen 🎒 {{ 7*7 }} \\ ‘t ' * 10)[:200]
_STATUSES = ("deviates", "missing", "present")
_RISKS = ("high", "medium", "low")


def sample_review(text: str = "") -> AgreementReview:
    """All 17 elements, in every status and risk; TEXT (when given) in every value the document gave."""
    findings = [
        ReviewFinding(
            id=element_id,
            status=_STATUSES[n % 3],
            risk=_RISKS[n % 3],
            where=text[:80] or f"Artikel {n + 1}",
            quote=(text or "De Verwerker informeert de Verwerkingsverantwoordelijke binnen 5 werkdagen.")[
                :200
            ]
            if n % 3 != 1
            else "",
            reason=text or "Later dan zonder onredelijke vertraging." if n % 3 == 0 else "",
        )
        for n, element_id in enumerate(ELEMENT_IDS)
    ]
    issues = [
        ReviewIssue(
            kind="cross_reference",
            where=text[:40] or "6.4",
            detail=text or "art. 8 gaat niet over datalekken",
        ),
        ReviewIssue(kind="missing_annex", where="", detail=text or "Bijlage 3"),
        ReviewIssue(kind="something_new", where="", detail=""),
    ]
    return AgreementReview(reviewed=STAMP, pages=12, language="nl", findings=findings, consistency=issues)


def sample_board(name: str) -> Board:
    board = Board(id="b1", tenant_id="t1", bg_number="41234", name=name, created=STAMP)
    board.agreements = [
        Agreement(
            id="nummervoorziening", kind=AgreementKind.NUMMERVOORZIENING, supplier_name="Nummervoorziening"
        ),
        Agreement(
            id="las-parnassys", kind=AgreementKind.LAS, supplier_id="parnassys", supplier_name="ParnasSys"
        ),
        Agreement(id="other-1", kind=AgreementKind.OTHER, supplier_name=name),
    ]
    return board


def dpa_cards(content: Content, locale: str, text: str) -> dict[str, Any]:
    checklist = load_checklist(content.root)
    board = sample_board(text or "Stichting De Linde")
    review = sample_review(text)
    nothing_wrong = review.model_copy(
        update={
            "findings": [f.model_copy(update={"status": "present"}) for f in review.findings],
            "consistency": [],
        }
    )
    return {
        "dpa_review": review_card(content, locale, checklist, review, board.agreements[2], board),
        "dpa_review (LAS supplier with an address)": review_card(
            content, locale, checklist, review, board.agreements[1], board
        ),
        "dpa_review (no board yet)": review_card(content, locale, checklist, review),
        "dpa_review (all present)": review_card(
            content, locale, checklist, nothing_wrong, board.agreements[0], board
        ),
        "dpa_agreement_pick": pick_card(content, locale, board, "r1"),
        "dpa_review_offer": {
            "type": "AdaptiveCard",
            "version": "1.5",
            "body": render_card(content, "dpa_review_offer", locale, agreement_id=text or "other-1"),
        },
    }


def all_dpa_cards(content: Content, locale: str) -> dict[str, Any]:
    """Sample and hostile, labelled, for the check by Microsoft's library."""
    shown = dpa_cards(content, locale, "")
    for text in (NASTY_NAME, HOSTILE_QUOTE, HOSTILE_LONG):
        shown |= {
            f"hostile {name} ({text[:12]!r})": card for name, card in dpa_cards(content, locale, text).items()
        }
    return shown
