"""Free questions: the knowledge base's answer, the closest questions, or an honest "I don't know".

Used outside a step, and inside one as an interruption: a question typed in the middle of a step
is answered, and the step asks its open question again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext

from bot.cards import render_card
from bot.content import Content
from bot.knowledge.entries import FaqEntry
from bot.knowledge.matcher import Band, Match, QuestionMatcher
from dialogs.activities import card_activity
from dialogs.turn import TurnInfo, turn_info
from dialogs.views import format_date

ASKED_KEPT = 500  # characters of the question a card carries, for "ask a person"
_MIN_WORDS_UNASKED = 3  # inside a step, a text that is no question must say at least this much


def answer_card(
    content: Content,
    locale: str,
    entry: FaqEntry,
    asked: str,
    feedback: str | None = None,
    can_escalate: bool = True,
) -> Any:
    t = content.translator(locale)
    return render_card(
        content,
        "faq_answer",
        locale,
        title=entry.question.get(locale),
        answer=entry.answer.get(locale),
        source=t(
            "faq.source",
            source=entry.source,
            source_date=t("faq.undated") if entry.source_date == "undated" else entry.source_date,
            checked=format_date(entry.checked, locale),
        ),
        links=[{"title": link.label.get(locale), "url": str(link.url)} for link in entry.links],
        entry_id=entry.id,
        asked=asked[:ASKED_KEPT],
        feedback=feedback,
        can_escalate=can_escalate,
    )


def suggestions_card(content: Content, locale: str, match: Match, asked: str) -> Any:
    suggestions = [{"title": hit.entry.question.get(locale), "entry": hit.entry.id} for hit in match.hits]
    return render_card(content, "faq_suggestions", locale, suggestions=suggestions, asked=asked[:ASKED_KEPT])


def unknown_card(content: Content, locale: str, asked: str, can_escalate: bool) -> Any:
    return render_card(content, "faq_unknown", locale, asked=asked[:ASKED_KEPT], can_escalate=can_escalate)


@dataclass(frozen=True)
class QuestionDesk:
    """Answers typed questions from the knowledge base, and logs how each went."""

    content: Content
    matcher: QuestionMatcher

    async def answer(self, context: TurnContext, text: str) -> None:
        """Outside a step: a typed text that is no command gets an answer, suggestions, or "I don't know".

        A text the knowledge base does not know and that is no question ("De Regenboog") gets the
        general "I did not understand" instead of an offer to ask a person, and is not kept: it is
        no question for the editors, and it may well be a name.
        """
        match = self.matcher.match(text)
        if match.band == Band.UNKNOWN and not self.matcher.looks_like_question(text):
            turn = turn_info(context)
            await context.send_activity(self.content.text(turn.locale, "dialog.unknown_text"))
            return
        await self._reply(context, text, match)

    async def interrupt(self, context: TurnContext, text: str, free_text_prompt: bool) -> bool:
        """Inside a step: answers TEXT if it is a question and not an answer to the prompt; True if it did.

        A prompt that takes any text (a name) keeps it unless it clearly is a known question.
        """
        match = self.matcher.match(text)
        asking = self.matcher.looks_like_question(text)
        if free_text_prompt:
            handled = asking and match.band == Band.ANSWER
        else:
            wordy = len(text.split()) >= _MIN_WORDS_UNASKED
            handled = asking or (wordy and match.band == Band.ANSWER)
        if handled:
            await self._reply(context, text, match)
        return handled

    async def _reply(self, context: TurnContext, text: str, match: Match) -> None:
        turn: TurnInfo = turn_info(context)
        locale = turn.locale
        best = match.best
        if match.band == Band.ANSWER and best is not None:
            card = answer_card(self.content, locale, best.entry, text)
        elif match.band == Band.SUGGEST and match.hits:
            card = suggestions_card(self.content, locale, match, text)
        else:
            card = unknown_card(self.content, locale, text, turn.can_escalate)
        await context.send_activity(card_activity(card))
        await self._log(turn, match, text)

    async def _log(self, turn: TurnInfo, match: Match, text: str) -> None:
        best = match.best
        board = await turn.board()
        await turn.helpdesk.log_question(
            turn.speaker,
            board,
            match.band.value,
            best.entry.id if best and match.band == Band.ANSWER else None,
            match.confidence,
            text,
        )
