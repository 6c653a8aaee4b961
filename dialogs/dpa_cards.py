"""The review of a supplier's agreement as the board reads it: the card, and the e-mail to the supplier."""

from __future__ import annotations

from typing import Any

from bot.cards import render_card, render_text_template
from bot.content import Content
from bot.dpa.checklist import Checklist
from bot.onboarding.models import Agreement, AgreementReview, Board, ReviewFinding, ReviewIssue
from dialogs.alert_cards import mailto_link
from dialogs.views import agreement_view, board_view

SHOWN_POINTS = 6  # the rest behind "Bekijk alle punten": a card stays readable on a phone
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}
_STATUS_ORDER = {"deviates": 0, "missing": 1, "present": 2}
_COLORS = {"high": "Attention", "medium": "Warning", "low": "Default"}


def ordered(findings: list[ReviewFinding]) -> list[ReviewFinding]:
    """What to resolve first, high risk first (deviations before missing parts), then what is in order."""
    return sorted(
        findings,
        key=lambda f: (f.status == "present", _RISK_ORDER.get(f.risk, 3), _STATUS_ORDER.get(f.status, 3)),
    )


def _element_name(content: Content, locale: str, element_id: str) -> str:
    key = f"dpa.element.{element_id}"
    return content.text(locale, key) if key in content.messages["nl"] else element_id


def _point(content: Content, locale: str, checklist: Checklist, finding: ReviewFinding) -> dict[str, Any]:
    t = content.translator(locale)
    name = _element_name(content, locale, finding.id)
    label = t(f"dpa.status.{finding.status}")
    if finding.status != "present":
        label = f"{label} · {t(f'dpa.risk.{finding.risk}')}"
    why = ""
    if finding.status != "present" and any(e.id == finding.id for e in checklist.elements):
        why = t("dpa.card.why", value=checklist.element(finding.id).why.get(locale))
    return {
        "title": t("dpa.card.point", name=name, value=label),
        "color": "Good" if finding.status == "present" else _COLORS.get(finding.risk, "Default"),
        "where": t("dpa.card.where", value=finding.where) if finding.where else t("dpa.card.not_found"),
        "quote": f"“{finding.quote}”" if finding.quote else "",
        "reason": t("dpa.card.reason", value=finding.reason) if finding.reason else "",
        "why": why,
    }


def _issue_line(content: Content, locale: str, issue: ReviewIssue) -> str:
    key = f"dpa.kind.{issue.kind}"
    label = content.text(locale, key) if key in content.messages["nl"] else issue.kind
    where = f" ({issue.where})" if issue.where else ""
    return f"{label}{where}: {issue.detail}" if issue.detail else f"{label}{where}"


def email(
    content: Content,
    locale: str,
    checklist: Checklist,
    review: AgreementReview,
    agreement: Agreement | None,
    board: Board | None,
    address: str = "",
) -> dict[str, Any]:
    """The prepared e-mail to the supplier listing the points to resolve: subject, body, mailto: link."""
    t = content.translator(locale)
    points = []
    for finding in ordered(review.to_resolve):
        known = any(e.id == finding.id for e in checklist.elements)
        points.append(
            {
                "name": _element_name(content, locale, finding.id),
                "status": t(f"dpa.status.{finding.status}"),
                "where": finding.where,
                "reason": finding.reason,
                "requires": checklist.element(finding.id).requires.get(locale) if known else "",
            }
        )
    body = render_text_template(
        content,
        "dpa_email",
        locale,
        board=board_view(board) or {"name": "", "bg_number": ""},
        supplier=agreement.supplier_name if agreement else "",
        points=points,
        issues=[_issue_line(content, locale, i) for i in review.consistency],
    )
    subject = t("dpa.card.mail_subject", agreement=agreement_view(agreement))
    mailto, _ = mailto_link(address, subject, body)
    return {"subject": subject, "body": body, "mailto": mailto}


def review_card(
    content: Content,
    locale: str,
    checklist: Checklist,
    review: AgreementReview,
    agreement: Agreement | None = None,
    board: Board | None = None,
) -> Any:
    """Deviations and missing parts first, high risk first; every point with its quote and why it matters."""
    t = content.translator(locale)
    points = [_point(content, locale, checklist, f) for f in ordered(review.findings)]
    to_resolve = len(review.to_resolve)
    shown = points[: min(to_resolve, SHOWN_POINTS)]
    address = ""
    if agreement is not None and agreement.supplier_id:
        supplier = content.suppliers.by_id(agreement.supplier_id)
        address = supplier.email if supplier and supplier.email else ""
    if to_resolve:
        summary = t("dpa.card.summary", count=to_resolve, value=len(review.findings) - to_resolve)
    else:
        summary = t("dpa.card.all_present")
    return render_card(
        content,
        "dpa_review",
        locale,
        title=t("dpa.card.title", agreement=agreement_view(agreement)),
        document=t("dpa.card.document", count=review.pages, value=t(f"dpa.language.{review.language}")),
        summary=summary,
        points=shown,
        more=points[len(shown) :],
        consistency=[_issue_line(content, locale, i) for i in review.consistency],
        mail=email(content, locale, checklist, review, agreement, board, address),
    )


def pick_card(content: Content, locale: str, board: Board, review_id: str) -> Any:
    """Which of the board's agreements the findings belong to."""
    agreements = [{"id": a.id, "supplier_name": a.supplier_name or a.id} for a in board.agreements]
    return render_card(content, "dpa_agreement_pick", locale, agreements=agreements, review_id=review_id)


def notice_card(content: Content, locale: str, title: str, text: str) -> Any:
    return render_card(content, "notice", locale, title=title, text=text)
