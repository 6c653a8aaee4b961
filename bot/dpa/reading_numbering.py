"""Word's automatic numbering: the "Artikel 7" or "7.2" that Word shows but does not store as text.

Many agreements number their articles and clauses with a numbered list style, so without this the
review would not see the supplier's own article numbers. The common formats are counted here
(decimal, letters, Roman numerals, bullets); legal and ordinal forms fall back to decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

XmlElement: TypeAlias = Any  # an lxml element of the Word document; lxml ships no type hints

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str


def _val(element: XmlElement | None, child: str, default: str = "") -> str:
    if element is None:
        return default
    found = element.find(f"{_W}{child}")
    return default if found is None else str(found.get(f"{_W}val", default))


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _letters(number: int) -> str:
    # Word repeats the letter after z: a ... z, aa ... zz.
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1) if number > 0 else ""


def _format(number: int, style: str) -> str:
    if style == "lowerLetter":
        return _letters(number)
    if style == "upperLetter":
        return _letters(number).upper()
    if style == "lowerRoman":
        return _roman(number)
    if style == "upperRoman":
        return _roman(number).upper()
    if style == "decimalZero":
        return f"{number:02d}"
    return str(number)


@dataclass
class Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # by abstractNumId
    instances: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, level) -> start override
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, level)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """The numbering definitions of a python-docx Document (none if it has no numbering part)."""
        numbering = cls()
        try:
            definitions = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            definitions = None
        if definitions is not None:
            numbering._read_definitions(definitions)
        numbering._read_styles(document.styles.element)
        return numbering

    def _read_definitions(self, root: XmlElement) -> None:
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = {}
            for level in abstract.iter(f"{_W}lvl"):
                levels[_int(level.get(f"{_W}ilvl", "0"), 0)] = _Level(
                    start=_int(_val(level, "start", "1"), 1),
                    format=_val(level, "numFmt", "decimal"),
                    text=_val(level, "lvlText", ""),
                )
            self.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for instance in root.iter(f"{_W}num"):
            num_id = instance.get(f"{_W}numId", "")
            self.instances[num_id] = _val(instance, "abstractNumId")
            for override in instance.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    level = _int(override.get(f"{_W}ilvl", "0"), 0)
                    self.starts[(num_id, level)] = _int(start.get(f"{_W}val", "1"), 1)

    def _read_styles(self, root: XmlElement) -> None:
        based_on: dict[str, str] = {}
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            parent = _val(style, "basedOn")
            if parent:
                based_on[style_id] = parent
            properties = style.find(f"{_W}pPr")
            num = properties.find(f"{_W}numPr") if properties is not None else None
            if num is not None:
                self.styles[style_id] = (_val(num, "numId"), _int(_val(num, "ilvl", "0"), 0))
        for style_id in list(based_on):
            ancestor, depth = style_id, 0
            while ancestor not in self.styles and ancestor in based_on and depth < 10:
                ancestor, depth = based_on[ancestor], depth + 1
            if style_id not in self.styles and ancestor in self.styles:
                self.styles[style_id] = self.styles[ancestor]

    def _reference(self, properties: XmlElement | None) -> tuple[str, int] | None:
        if properties is None:
            return None
        num = properties.find(f"{_W}numPr")
        style = self.styles.get(_val(properties, "pStyle"))
        if num is None:
            return style
        num_id = _val(num, "numId") or (style[0] if style else "")
        level = _int(_val(num, "ilvl", ""), style[1] if style else 0)
        return (num_id, level)

    def label(self, properties: XmlElement | None) -> str:
        """The number Word shows before a paragraph with these properties (w:pPr), and counts it."""
        reference = self._reference(properties)
        if reference is None or reference[0] in ("", "0"):
            return ""
        num_id, level = reference
        abstract = self.instances.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels or level not in levels:
            return ""
        key = num_id if any(start[0] == num_id for start in self.starts) else abstract or num_id
        counters = self.counters.setdefault(key, {})
        start = self.starts.get((num_id, level), levels[level].start)
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if levels[level].format == "bullet":
            return "-"
        if levels[level].format == "none":
            return ""
        text = levels[level].text
        for shown in range(level + 1):
            if f"%{shown + 1}" in text:
                style = levels.get(shown, levels[level]).format
                fallback = levels.get(shown, levels[level]).start
                text = text.replace(f"%{shown + 1}", _format(counters.get(shown, fallback), style))
        return text.strip()
