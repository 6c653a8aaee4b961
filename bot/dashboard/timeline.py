"""A board's event log as lines a coordinator reads: when, who, what.

The "what" is the same sentence the board sees in chat (history.<kind> in messages.yaml); an
event kind no text describes yet shows its kind, so nothing recorded is ever hidden here.
"""

from __future__ import annotations

import logging

import jinja2

from bot.dashboard.views import Words
from bot.onboarding.models import Board, Event
from dialogs.history import event_variables

log = logging.getLogger(__name__)


def event_text(words: Words, board: Board, event: Event) -> str:
    key = f"history.{event.kind}"
    if key not in words.content.messages[words.locale]:
        return event.kind
    try:
        return words.content.text(
            words.locale, key, **event_variables(words.content, words.locale, board, event)
        )
    except (jinja2.TemplateError, ValueError, KeyError) as error:
        # Data from an older version that the text no longer fits: show the kind, not an error page.
        log.warning("dashboard_event_unreadable kind=%s error=%s", event.kind, type(error).__name__)
        return event.kind


def timeline(words: Words, board: Board, events: list[Event]) -> list[dict[str, str]]:
    """Newest first, as the store returns them."""
    return [
        {"when": words.when(event.at), "who": event.actor_name, "what": event_text(words, board, event)}
        for event in events
    ]
