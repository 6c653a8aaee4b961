"""The cards of step 4's alerts: the picker under the question, the colleague's message, the e-mail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from bot.cards import render_card, render_text_template
from bot.content import Content
from bot.onboarding.models import Audience, Board
from dialogs.activities import card_activity
from dialogs.inputs import UserInput
from dialogs.roster import Colleague
from dialogs.views import board_view, supplier_for_school, supplier_view

STAFF_LOCALE = "nl"  # colleagues get the message in Dutch, whatever the board member's client says
MAILTO_LIMIT = 1800  # longer mailto: links are cut off by some mail programs and browsers
READ_VERB = "alert.read"


def picker_part(
    content: Content,
    locale: str,
    in_team: bool,
    people: Sequence[Colleague] | None,
    filled: UserInput | None,
) -> list[Any]:
    """The people to choose from and the fields for someone outside Teams, kept as filled in."""
    known = {c.id for c in people or []}
    chosen = []
    if filled is not None:
        chosen = [p for p in (filled.field("people") or "").split(",") if p in known]
    part: list[Any] = render_card(
        content,
        "alert_picker",
        locale,
        in_team=in_team,
        people=[{"id": c.id, "name": c.name} for c in people or []],
        chosen=chosen,
        outsider_name=(filled.field("name") or "") if filled else "",
        outsider_email=(filled.field("email") or "") if filled else "",
    )
    return part


def _suppliers(content: Content, locale: str, board: Board) -> list[str]:
    names: list[str] = []
    for school in board.schools:
        view = supplier_view(content, locale, supplier_for_school(content, school))
        if view and view["name"] not in names:
            names.append(view["name"])
    return names


def staff_text(content: Content, locale: str, board: Board, audience: Audience, name: str = "") -> str:
    """What the ECK iD changes in their work, from content/templates/alert_staff."""
    return render_text_template(
        content,
        "alert_staff",
        locale,
        greeting=name,
        board=board_view(board),
        suppliers=_suppliers(content, locale, board),
        audience=audience.value,
    )


def read_data(board: Board, person_key: str, audience: Audience) -> dict[str, str]:
    """What the "Gelezen" button carries: which board's alert, to whom, for which audience."""
    return {"boardId": board.id, "person": person_key, "audience": audience.value}


def staff_card(
    content: Content, board: Board, person_key: str, audience: Audience, read: str | None = None
) -> Any:
    """The colleague's message; READ replaces the "Gelezen" button once they pressed it."""
    return render_card(
        content,
        "alert_staff",
        STAFF_LOCALE,
        heading=content.text(STAFF_LOCALE, "alerts.staff.heading", board=board_view(board)),
        message=staff_text(content, STAFF_LOCALE, board, audience),
        read=read,
        data=read_data(board, person_key, audience),
    )


def staff_activity(content: Content, board: Board, person_key: str, audience: Audience) -> dict[str, Any]:
    """The message as the outbox keeps it: one Bot Framework activity as JSON."""
    activity = card_activity(staff_card(content, board, person_key, audience))
    return {
        "type": "message",
        "attachments": [
            {"contentType": attachment.content_type, "content": attachment.content}
            for attachment in activity.attachments or []
        ],
    }


def mailto_link(email: str, subject: str, body: str) -> tuple[str, bool]:
    """A mailto: link with subject and body encoded, under MAILTO_LIMIT; True when the body was cut."""
    start = f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}&body="
    text, shortened = body, False
    while len(start) + len(quote(text, safe="")) > MAILTO_LIMIT and text:
        cut = text[: int(len(text) * 0.9)]
        text = cut[: cut.rfind(" ")] if " " in cut else cut
        shortened = True
    if shortened:
        text += " …"
    return start + quote(text, safe=""), shortened


def email_card(content: Content, locale: str, board: Board, audience: Audience, name: str, email: str) -> Any:
    """The prepared e-mail for someone outside Teams: the text to check, and a button that opens it."""
    subject = content.text(locale, "alerts.email.subject", board=board_view(board))
    body = staff_text(content, locale, board, audience, name)
    mailto, shortened = mailto_link(email, subject, body)
    return render_card(
        content,
        "alert_email",
        locale,
        recipient=f"{name} <{email}>",
        subject=subject,
        message=body,
        mailto=mailto,
        shortened=shortened,
    )
