"""Boards as the dashboard shows them: plain values in the coordinator's language and time zone.

Step titles, statuses, agreement states and supplier names are the bot's own words from
content/<locale>/messages.yaml and content/suppliers.yaml, so chat and dashboard agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.content import Content
from bot.coordination.models import BoardRow
from bot.onboarding.models import STEP_ORDER, Board, StepId, StepStatus
from bot.onboarding.recorders import OTHER_LAS
from dialogs.views import format_date, format_when, step_title


@dataclass(frozen=True)
class Words:
    """The bot's words for steps, statuses and suppliers in one locale."""

    content: Content
    locale: str

    def step(self, step: StepId) -> str:
        return step_title(self.content, self.locale, step)

    def status(self, status: StepStatus | str) -> str:
        return self.content.text(self.locale, f"status.{StepStatus(status).value}")

    def supplier(self, supplier_id: str) -> str:
        if supplier_id == OTHER_LAS:
            return self.content.text(self.locale, "option.other_las")
        found = self.content.suppliers.by_id(supplier_id)
        return found.name if found else supplier_id

    def when(self, moment: datetime) -> str:
        return format_when(moment, self.locale)

    def supplier_choices(self) -> list[tuple[str, str]]:
        """The LAS suppliers a board can name, and "another system": the supplier filter's options."""
        listed = [(s.id, s.name) for s in self.content.suppliers.suppliers]
        return [*listed, (OTHER_LAS, self.supplier(OTHER_LAS))]

    def steps(self) -> list[dict[str, Any]]:
        return [
            {"id": step.value, "number": number, "title": self.step(step)}
            for number, step in enumerate(STEP_ORDER, start=1)
        ]

    def statuses(self) -> list[dict[str, str]]:
        return [{"id": status.value, "label": self.status(status)} for status in StepStatus]


def row_view(row: BoardRow, words: Words, stalled_before: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "bg_number": row.bg_number,
        "statuses": [
            {"status": row.statuses[step].value, "label": words.status(row.statuses[step])}
            for step in STEP_ORDER
        ],
        "last_activity": words.when(row.updated_at),
        "stalled": row.progress_at < stalled_before and not row.done,
        "suppliers": [words.supplier(s) for s in row.suppliers],
    }


def _stamp(words: Words, stamp: Any) -> dict[str, str] | None:
    return {"when": words.when(stamp.at), "who": stamp.by} if stamp is not None else None


def checklist_view(board: Board, words: Words) -> dict[str, Any]:
    """The board's own record, per step, as a coordinator checks it."""
    t = words.content.translator(words.locale)
    registration = board.registration
    return {
        "steps": [
            {
                "id": step.value,
                "number": number,
                "title": words.step(step),
                "status": board.step(step).status.value,
                "label": words.status(board.step(step).status),
                "changed": _stamp(words, board.step(step).changed),
            }
            for number, step in enumerate(STEP_ORDER, start=1)
        ],
        "registration": None
        if registration is None
        else {
            "registered": registration.registered,
            "on": format_date(registration.registered_on, words.locale) if registration.registered_on else "",
        },
        "schools": [
            {
                "brin": school.brin,
                "name": school.name,
                "contact_role": school.contact_role,
                "las": words.supplier(school.las) if school.las else None,
                "told": _stamp(words, school.supplier_told),
                "waiting": bool(school.waiting_on),
            }
            for school in board.schools
        ],
        "agreements": [
            {
                "supplier": agreement.supplier_name,
                "state": t(f"agreement_state.{agreement.state.value}"),
                "signer": t(f"signer.{agreement.signer.value}") if agreement.signer else "",
                "mandated_to": agreement.mandated_to,
            }
            for agreement in board.agreements
        ],
        "alerts": [
            {
                "audience": t(f"checklist.{alert.audience.value}"),
                "who": alert.who,
                "when": words.when(alert.told.at),
            }
            for alert in board.alerts
        ],
        "info_read": _stamp(words, board.info_read),
    }
