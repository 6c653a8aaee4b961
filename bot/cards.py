"""Renders a card template from content/cards/ with data into Adaptive Card JSON."""

from __future__ import annotations

import functools
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import orjson

from bot.content import QA_LOCALE, Content


class CardRenderError(Exception):
    """A card template produced something that is not JSON, or was called with the wrong data."""


@functools.cache
def _declared_variables(content: Content) -> dict[str, frozenset[str]]:
    """Each card's declared variables, looked up on every render (content is fixed for the process)."""
    return {spec.name: frozenset(spec.variables) for spec in content.cards.cards}


def render_card(
    content: Content, name: str, locale: str, *, late: Mapping[str, str] | None = None, **variables: Any
) -> Any:
    """Renders cards/<name>.json.j2; a whole card is a dict, a card part a list of elements.

    LATE are strings that differ on every render (a prompt's id) and that the template writes
    only as `{{ name | tojson }}`: the card is rendered (or found in the cache) with a placeholder
    for each, which is then replaced, so that the rest of the card can be shared between renders.
    """
    late = late or {}
    declared = _declared_variables(content).get(name)
    if declared is None:
        raise CardRenderError(f"unknown card {name!r}")
    if variables.keys() | late.keys() != declared or variables.keys() & late.keys():
        given = set(variables) | set(late)
        unexpected = given - declared
        missing = declared - given
        raise CardRenderError(f"card {name!r}: unexpected {sorted(unexpected)}, missing {sorted(missing)}")
    placeholders = {key: _placeholder(key) for key in late}
    text = _rendered(content, name, locale, variables | placeholders)
    for key, value in late.items():
        text = text.replace(orjson.dumps(placeholders[key]).decode(), orjson.dumps(value).decode())
    if _PLACEHOLDER_MARK in text:  # the template used a late value otherwise than whole: no sharing
        text = _rendered(content, name, locale, variables | dict(late), cached=False)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise CardRenderError(f"card {name!r} is not valid JSON: {error}") from error


_PLAIN_JSON_ONLY = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def _not_plain(value: Any) -> Any:
    raise TypeError(type(value).__name__)


_PLACEHOLDER_MARK = "\ue000"  # a private-use character: in no text, and written as is by JSON


def _placeholder(key: str) -> str:
    return f"{_PLACEHOLDER_MARK}late:{key}{_PLACEHOLDER_MARK}"


def _rendered(
    content: Content, name: str, locale: str, variables: dict[str, Any], cached: bool = True
) -> str:
    key = _cache_key(name, locale, variables) if cached else None
    text = _RENDERED.get(content, key) if key is not None else None
    if text is None:
        text = content.template(f"cards/{name}.json.j2").render(
            t=content.translator(locale), locale=locale, **variables
        )
        if key is not None:
            _RENDERED.put(content, key, text)
    return text


def _cache_key(name: str, locale: str, variables: dict[str, Any]) -> bytes | None:
    """The variables as JSON when they are plain JSON values, else None (that card is not cached).

    A template is a pure function of its variables, its locale and the content; keying on the
    exact JSON (dates, models and subclasses refused rather than turned into strings) means two
    renders share a key only when they would write the same card.
    """
    try:
        return orjson.dumps([name, locale, variables], default=_not_plain, option=_PLAIN_JSON_ONLY)
    except TypeError:
        return None


class _RenderedCards:
    """The newest rendered card texts: most cards a board sees (a step's questions, the menu) are
    the same for every board, and a card's template costs several times its JSON parse."""

    def __init__(self, size: int) -> None:
        self._size = size
        # per Content object, dropped with it: content loaded again (tests, another folder) starts empty
        self._texts: weakref.WeakKeyDictionary[Content, OrderedDict[bytes, str]] = weakref.WeakKeyDictionary()

    def get(self, content: Content, key: bytes) -> str | None:
        texts = self._texts.get(content)
        text = texts.get(key) if texts is not None else None
        if text is not None:
            texts.move_to_end(key)  # type: ignore[union-attr]
        return text

    def put(self, content: Content, key: bytes, text: str) -> None:
        texts = self._texts.setdefault(content, OrderedDict())
        texts[key] = text
        if len(texts) > self._size:
            texts.popitem(last=False)


_RENDERED = _RenderedCards(size=1024)


def render_text_template(content: Content, name: str, locale: str, **variables: Any) -> str:
    """A plain-text template from content/templates/, such as the message to forward to staff."""
    if locale == QA_LOCALE:
        return f"templates/{name}"
    return content.template(f"templates/{name}.{locale}.txt.j2").render(**variables).strip()
