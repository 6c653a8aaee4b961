"""The menu and the checklist: the five steps with their status, and what is still open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.onboarding.models import STEP_ORDER, Audience, Board, StepId, StepStatus
from bot.onboarding.progress import all_done, next_open_step
from bot.outbox.models import AlertRecipient
from dialogs.views import (
    AMSTERDAM,
    agreement_view,
    board_view,
    format_date,
    format_when,
    person_name,
    school_view,
    step_heading,
    step_view,
    supplier_for_school,
    supplier_view,
)


def _status(board: Board | None, step: StepId) -> StepStatus:
    return board.step(step).status if board else StepStatus.OPEN


def _alerted_lines(content: Content, locale: str, alerted: Sequence[AlertRecipient]) -> list[str]:
    """Who the bot alerted, and who pressed "Gelezen": for the board's own eyes only."""
    t = content.translator(locale)
    lines = []
    for person in alerted:
        audience = t(f"checklist.{person.audience}")
        if person.via == "email":
            when = format_when(person.told_at, locale)
            lines.append(t("alerts.checklist.email", name=person.name, value=audience, when=when))
        elif person.read_at is not None:
            when = format_when(person.read_at, locale)
            lines.append(t("alerts.checklist.read", name=person.name, value=audience, when=when))
        else:
            lines.append(t("alerts.checklist.unread", name=person.name, value=audience))
    return lines


def _step_lines(
    content: Content, locale: str, board: Board, step: StepId, alerted: Sequence[AlertRecipient] = ()
) -> list[str]:
    t = content.translator(locale)
    lines: list[str] = []
    if step == StepId.NUMMERVOORZIENING:
        registration = board.registration
        if registration and registration.registered:
            on = registration.registered_on
            when = format_date(on, locale) if on else None
            lines.append(
                t("checklist.registered", when=when, who=person_name(content, locale, registration.said.by))
            )
        else:
            lines.append(t("checklist.not_registered"))
        if not board.schools:
            lines.append(t("checklist.no_schools"))
        lines += [t("checklist.school_step1", school=school_view(s)) for s in board.schools]
    elif step == StepId.LAS:
        for school in board.schools:
            supplier = supplier_view(content, locale, supplier_for_school(content, school))
            if supplier is None:
                state = t("checklist.school_las_open")
            elif school.waiting_on:
                state = t("checklist.school_waiting")
            elif school.supplier_told:
                told = format_when(school.supplier_told.at, locale)
                state = t(
                    "checklist.school_told",
                    supplier=supplier,
                    when=told,
                    who=person_name(content, locale, school.supplier_told.by),
                )
            else:
                state = t("checklist.school_not_told", supplier=supplier)
            lines.append(t("checklist.school_step2", school=school_view(school), value=state))
    elif step == StepId.AGREEMENTS:
        for agreement in board.agreements:
            signer = None
            if agreement.signer:
                signer = agreement.mandated_to or t(f"signer.{agreement.signer.value}")
            lines.append(
                t(
                    "checklist.agreement_line",
                    agreement=agreement_view(agreement),
                    value=t(f"agreement_state.{agreement.state.value}"),
                    who=signer,
                )
            )
            if agreement.review is not None:
                reviewed = agreement.review.reviewed.at.astimezone(AMSTERDAM).date()
                lines.append(
                    t(
                        "dpa.checklist_line",
                        agreement=agreement_view(agreement),
                        when=format_date(reviewed, locale),
                        count=len(agreement.review.to_resolve),
                    )
                )
    elif step == StepId.ALERT:
        for audience in Audience:
            label = t(f"checklist.{audience.value}")
            record = next((a for a in board.alerts if a.audience == audience), None)
            if record:
                when = format_when(record.told.at, locale)
                lines.append(t("checklist.alerted", value=label, who=record.who, when=when))
            else:
                lines.append(t("checklist.not_alerted", value=label))
        lines += _alerted_lines(content, locale, alerted)
    elif step == StepId.MORE_INFO and board.info_read:
        lines.append(t("checklist.info_read"))
    return lines


def steps_overview(
    content: Content,
    locale: str,
    board: Board | None,
    with_lines: bool,
    alerted: Sequence[AlertRecipient] = (),
) -> list[dict[str, Any]]:
    t = content.translator(locale)
    views = []
    for step in STEP_ORDER:
        status = _status(board, step)
        progress = board.step(step) if board else None
        declared = content.journey.step(step.value)
        view = step_view(content, locale, step) | {
            "heading": step_heading(content, locale, step),
            "summary": t(declared.summary) if declared else "",
            "status": status.value,
            "icon": t(f"status.icon_{status.value}"),
            "status_text": t(
                "checklist.status_line",
                value=t(f"status.{status.value}"),
                when=format_when(progress.changed.at, locale) if progress and progress.changed else None,
                who=person_name(content, locale, progress.changed.by)
                if progress and progress.changed
                else None,
            ),
            "lines": _step_lines(content, locale, board, step, alerted) if board and with_lines else [],
        }
        views.append(view)
    return views


def next_step_view(content: Content, locale: str, board: Board | None) -> dict[str, Any] | None:
    step = next_open_step(board)
    if step is None:
        return None
    return step_view(content, locale, step) | {"heading": step_view(content, locale, step)["title"]}


def menu_card(content: Content, locale: str, board: Board | None, intro: bool) -> Any:
    return render_card(
        content,
        "menu",
        locale,
        intro=intro,
        board=board_view(board),
        steps=steps_overview(content, locale, board, with_lines=False),
        next_step=next_step_view(content, locale, board),
    )


def checklist_card(
    content: Content, locale: str, board: Board, alerted: Sequence[AlertRecipient] = ()
) -> Any:
    """The board's checklist; ALERTED (step 4's people, with names) only ever for the board itself."""
    return render_card(
        content,
        "checklist",
        locale,
        board=board_view(board),
        steps=steps_overview(content, locale, board, with_lines=True, alerted=alerted),
        next_step=next_step_view(content, locale, board),
        complete=all_done(board),
    )
