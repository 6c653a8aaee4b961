"""Where a conversation is in a step: bookmarks by name, and how they move past answered questions.

A bookmark is {"section": "prelude" | step id, "question": id, "item": school or agreement}.
It never holds an index: after a content edit a name still points at the right question, or
is missing and the step starts again, passing over what the board has already answered.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.content_models import Journey, Question
from bot.onboarding.facts import FACTS
from bot.onboarding.models import Board, StepId
from bot.onboarding.recorders import BOARD_LINKERS

log = logging.getLogger(__name__)

PRELUDE = "prelude"
END = "end"
_MAX_SKIPS = 50

Position = dict[str, Any]


class Bookmarks:
    def __init__(self, journey: Journey) -> None:
        self._journey = journey

    def _questions(self, section: str) -> list[Question]:
        if section == PRELUDE:
            return self._journey.prelude
        step = self._journey.step(section)
        return step.questions if step else []

    def question(self, position: Position) -> Question | None:
        return next((q for q in self._questions(position["section"]) if q.id == position["question"]), None)

    def step_start(self, step: StepId) -> Position:
        declared = self._journey.step(step.value)
        assert declared is not None  # check_hooks guarantees all five steps exist
        return {"section": step.value, "question": declared.questions[0].id, "item": None}

    def start(self) -> Position:
        """Where every step begins: the prelude, which passes over what the board already told."""
        return {"section": PRELUDE, "question": self._journey.prelude[0].id, "item": None}

    def skipped(self, question: Question, board: Board | None) -> bool:
        if question.records in BOARD_LINKERS and board is not None:
            return True
        return bool(question.skip_if and board is not None and FACTS[question.skip_if](board))

    @staticmethod
    def has_item(board: Board | None, item: str | None) -> bool:
        return board is not None and (board.school(item or "") or board.agreement(item or "")) is not None

    def still_askable(self, position: Position | None, board: Board | None) -> bool:
        """The bookmarked question exists, and so do the board and item it is about."""
        if position is None:
            return False
        question = self.question(position)
        if question is None or (position["section"] != PRELUDE and board is None):
            return False
        return not question.needs_item or self.has_item(board, position.get("item"))

    def following(self, position: Position) -> Position:
        """The question declared after this one: where a skipped question hands over."""
        ids = [q.id for q in self._questions(position["section"])]
        index = ids.index(position["question"]) + 1
        return {**position, "question": ids[index] if index < len(ids) else END}

    def resolve(self, step: StepId, position: Position | None, board: Board | None) -> Position | None:
        """The first question from `position` on that applies; None when the step is over.

        A bookmark whose question is gone (content was edited) or whose school or agreement is
        gone starts the step again; answered questions are passed over by their skip facts.
        """
        restarted = False
        for _ in range(_MAX_SKIPS):
            if position is None or position["question"] == END:
                if position is not None and position["section"] == PRELUDE:
                    position = self.step_start(step)
                    continue
                return None
            question = self.question(position)
            stale = question is None or (
                question.needs_item and not self.has_item(board, position.get("item"))
            )
            if stale or (position["section"] != PRELUDE and board is None):
                if restarted:
                    return None
                log.info("bookmark_restarted step=%s", step)
                position = self.start() if board is None else self.step_start(step)
                restarted = True
                continue
            assert question is not None
            if not self.skipped(question, board):
                return position
            position = (
                {**position, "question": question.skip_to} if question.skip_to else self.following(position)
            )
        return None
