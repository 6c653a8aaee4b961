"""Renders a card template from content/cards/ with data into Adaptive Card JSON."""

from __future__ import annotations

import functools
from typing import Any

import orjson

from bot.content import QA_LOCALE, Content


class CardRenderError(Exception):
    """A card template produced something that is not JSON, or was called with the wrong data."""


@functools.cache
def _declared_variables(content: Content) -> dict[str, frozenset[str]]:
    """Each card's declared variables, looked up on every render (content is fixed for the process)."""
    return {spec.name: frozenset(spec.variables) for spec in content.cards.cards}


def render_card(content: Content, name: str, locale: str, **variables: Any) -> Any:
    """Renders cards/<name>.json.j2; a whole card is a dict, a card part a list of elements."""
    declared = _declared_variables(content).get(name)
    if declared is None:
        raise CardRenderError(f"unknown card {name!r}")
    if variables.keys() != declared:
        unexpected = set(variables) - declared
        missing = declared - set(variables)
        raise CardRenderError(f"card {name!r}: unexpected {sorted(unexpected)}, missing {sorted(missing)}")
    text = content.template(f"cards/{name}.json.j2").render(
        t=content.translator(locale), locale=locale, **variables
    )
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise CardRenderError(f"card {name!r} is not valid JSON: {error}") from error


def render_text_template(content: Content, name: str, locale: str, **variables: Any) -> str:
    """A plain-text template from content/templates/, such as the message to forward to staff."""
    if locale == QA_LOCALE:
        return f"templates/{name}"
    return content.template(f"templates/{name}.{locale}.txt.j2").render(**variables).strip()
