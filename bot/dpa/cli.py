"""`eckbot review-dpa FILE [--json] [--lang nl|en]`: the bot's review of an agreement, from a terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from bot.content import Content
from bot.dpa.checklist import Checklist, load_checklist
from bot.dpa.models import Finding, Review, UnreadableDocument
from bot.dpa.service import MAX_BYTES, review_bytes

EXIT_REVIEWED = 0
EXIT_UNREADABLE = 2
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


def _ordered(elements: list[Finding]) -> list[Finding]:
    return sorted(elements, key=lambda f: (f.status == "present", _RISK_ORDER.get(f.risk, 3)))


def review_text(content: Content, locale: str, found: Review) -> str:
    """The review as plain text: what to resolve first, high risk first, then what is in order."""
    t = content.translator(locale)
    to_resolve = [f for f in found.elements if f.status != "present"]
    lines = [
        t("dpa.card.title", agreement=None),
        t("dpa.card.document", count=found.pages, value=t(f"dpa.language.{found.language}")),
    ]
    if to_resolve:
        lines.append(
            t("dpa.card.summary", count=len(to_resolve), value=len(found.elements) - len(to_resolve))
        )
    else:
        lines.append(t("dpa.card.all_present"))
    for finding in _ordered(found.elements):
        label = t(f"dpa.status.{finding.status}")
        if finding.status != "present":
            label += f" · {t(f'dpa.risk.{finding.risk}')}"
        where = t("dpa.card.where", value=finding.where) if finding.where else t("dpa.card.not_found")
        lines += ["", f"[{label}] {t(f'dpa.element.{finding.id}')} · {finding.id}", f"  {where}"]
        if finding.quote:
            lines.append(f"  “{finding.quote}”")
        if finding.reason:
            lines.append("  " + t("dpa.card.reason", value=finding.reason))
    if found.consistency:
        lines += ["", t("dpa.card.consistency_title")]
        for issue in found.consistency:
            where = f" ({issue.where})" if issue.where else ""
            lines.append(f"  {t(f'dpa.kind.{issue.kind}')}{where}: {issue.detail}")
    lines += ["", t("dpa.card.disclaimer")]
    return "\n".join(lines)


def run_review(
    content: Content,
    file: str,
    as_json: bool,
    locale: str,
    out: TextIO,
    err: TextIO,
    checklist: Checklist | None = None,
) -> int:
    """Prints the review of FILE; 0 on any review, 2 (with the reason on ERR) when it cannot be read."""
    t = content.translator(locale)
    path = Path(file)
    if not path.is_file():
        print(f"eckbot review-dpa: {file}: no such file", file=err)
        return EXIT_UNREADABLE
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableDocument("too_large")
        found = review_bytes(path.read_bytes(), path.name, checklist or load_checklist(content.root), locale)
    except UnreadableDocument as problem:
        key = f"dpa.unreadable.{problem.reason}"
        reason = t(key) if key in content.messages["nl"] else problem.reason
        print(f"eckbot review-dpa: {file}: {problem.reason}: {reason}", file=err)
        return EXIT_UNREADABLE
    except OSError as problem:
        print(f"eckbot review-dpa: {file}: {problem.strerror or 'cannot be opened'}", file=err)
        return EXIT_UNREADABLE
    if as_json:
        print(json.dumps(found.as_json(), ensure_ascii=False, indent=2), file=out)
    else:
        print(review_text(content, locale, found), file=out)
    return EXIT_REVIEWED
