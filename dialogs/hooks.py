"""Checks at start-up that every hook named in journey.yaml exists in code."""

from __future__ import annotations

from bot.content import Content
from bot.onboarding.facts import FACTS
from bot.onboarding.models import StepId
from bot.onboarding.recorders import BOARD_LINKERS, RECORDERS
from bot.onboarding.validators import VALIDATORS
from dialogs.alerts import ALERT_SENDERS
from dialogs.parts import PARTS
from dialogs.providers import PROVIDERS


def check_hooks(content: Content) -> list[str]:
    problems = []
    declared_steps = [s.id for s in content.journey.steps]
    if declared_steps != [s.value for s in StepId]:
        problems.append(
            f"journey.yaml: steps: expected the five steps {[s.value for s in StepId]}, "
            f"found {declared_steps}"
        )
    sections = [("prelude", content.journey.prelude)] + [
        (f"steps({s.id})", s.questions) for s in content.journey.steps
    ]
    for name, questions in sections:
        for q in questions:
            where = f"journey.yaml: {name}.questions({q.id})"
            if q.validate_with and q.validate_with not in VALIDATORS:
                problems.append(f"{where}.validate: unknown check {q.validate_with!r}")
            known = q.records in RECORDERS or q.records in BOARD_LINKERS or q.records in ALERT_SENDERS
            if q.records and not known:
                problems.append(f"{where}.records: unknown recorder {q.records!r}")
            if q.skip_if and q.skip_if not in FACTS:
                problems.append(f"{where}.skip_if: unknown fact {q.skip_if!r}")
            if q.options_from and q.options_from not in PROVIDERS:
                problems.append(f"{where}.options_from: unknown provider {q.options_from!r}")
            if q.body and q.body not in PARTS:
                problems.append(f"{where}.body: no data for card part {q.body!r}")
    for step in content.journey.steps:
        for fact in [*step.done_when, *step.waiting_when]:
            if fact not in FACTS:
                problems.append(f"journey.yaml: steps({step.id}): unknown fact {fact!r}")
    return problems
