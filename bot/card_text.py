"""Adaptive Cards as readable text, for the terminal chat: text, facts, and numbered choices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class CardChoice:
    """A numbered thing the user can type: a button, or one value of a choice list."""

    title: str
    verb: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    url: str | None = None


@dataclass
class CardText:
    lines: list[str] = field(default_factory=list)
    choices: list[CardChoice] = field(default_factory=list)
    wants_text: bool = False


def plain(text: str) -> str:
    return _BOLD.sub(r"\1", text)


def _walk(element: Any, out: CardText, choice_lists: list[dict[str, Any]]) -> None:
    if not isinstance(element, dict):
        return
    kind = element.get("type")
    if kind == "TextBlock":
        out.lines.append(plain(str(element.get("text", ""))))
    elif kind == "FactSet":
        out.lines += [f"  {f.get('title')}: {f.get('value')}" for f in element.get("facts", [])]
    elif kind in ("Input.Text", "Input.Date"):
        out.wants_text = True
    elif kind == "Input.ChoiceSet":
        choice_lists.append(element)
    elif kind == "ActionSet":
        for action in element.get("actions", []):
            _action(action, out)
    if kind == "ColumnSet":
        # Columns sit side by side: their first lines make one line, as on screen.
        parts = []
        for column in element.get("columns", []):
            inner = CardText()
            _walk(column, inner, choice_lists)
            parts.append(inner)
        firsts = [p.lines[0] for p in parts if p.lines]
        if firsts:
            out.lines.append(" ".join(firsts))
        for part in parts:
            out.lines += part.lines[1:]
            out.choices += part.choices
            out.wants_text = out.wants_text or part.wants_text
    for child in element.get("items", []):
        _walk(child, out, choice_lists)
    if kind == "ColumnSet" and isinstance(element.get("selectAction"), dict):
        _action(element["selectAction"], out)


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _action(action: dict[str, Any], out: CardText) -> None:
    title = str(action.get("title", ""))
    if action.get("type") == "Action.OpenUrl":
        out.choices.append(CardChoice(title=title, url=str(action.get("url", ""))))
    elif action.get("type") in ("Action.Execute", "Action.Submit"):
        data = _dict(action.get("data"))
        out.choices.append(CardChoice(title=title, verb=action.get("verb"), data=data))


def card_to_text(card: dict[str, Any]) -> CardText:
    out = CardText()
    choice_lists: list[dict[str, Any]] = []
    for element in card.get("body", []):
        _walk(element, out, choice_lists)
    submit = None
    for action in card.get("actions", []):
        # The first button that sends the card's inputs submits the list; one with
        # associatedInputs "none" ("None of these") is a button of its own.
        sends_inputs = action.get("associatedInputs") != "none"
        if choice_lists and submit is None and action.get("type") == "Action.Execute" and sends_inputs:
            submit = action
        else:
            _action(action, out)
    for choice_list in choice_lists:
        data = dict(submit.get("data", {})) if submit else {}
        for choice in choice_list.get("choices", []):
            out.choices.append(
                CardChoice(
                    title=str(choice.get("title")),
                    verb=submit.get("verb") if submit else None,
                    data=data | {str(choice_list.get("id")): choice.get("value")},
                )
            )
    if out.wants_text:
        # A typed answer is the answer; the card's own Save button is not a choice here.
        out.choices = [c for c in out.choices if c.url or c.data.get("value") is not None]
    return out
