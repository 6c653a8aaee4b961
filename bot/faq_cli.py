"""`eckbot ask` and `eckbot faq-drafts`: the knowledge base's tools for content editors."""

from __future__ import annotations

import json
from typing import Any

import yaml

from bot.content import Content
from bot.helpdesk.models import Draft
from bot.knowledge.matcher import Match, QuestionMatcher


def match_as_dict(match: Match, locale: str) -> dict[str, Any]:
    return {
        "band": match.band.value,
        "confidence": round(match.confidence, 3),
        "lead": round(match.lead, 3),
        "hits": [
            {"id": hit.entry.id, "score": round(hit.score, 3), "question": hit.entry.question.get(locale)}
            for hit in match.hits
        ],
        "answer": match.hits[0].entry.answer.get(locale) if match.band == "answer" and match.hits else None,
    }


def ask(content: Content, question: str, locale: str, as_json: bool) -> str:
    """The answer the bot would give, with the entry's id and the scores that decided it."""
    match = QuestionMatcher(content.knowledge).match(question)
    found = match_as_dict(match, locale)
    if as_json:
        return json.dumps(found, ensure_ascii=False, indent=2)
    lines = [f"{found['band']}  (confidence {found['confidence']:.2f}, lead {found['lead']:.2f})"]
    for hit in found["hits"]:
        lines.append(f"  {hit['id']}  score {hit['score']:.2f}  {hit['question']}")
    lines.append("")
    lines.append(found["answer"] or content.text(locale, "faq.cli_no_answer"))
    return "\n".join(lines)


def drafts_as_yaml(drafts: list[Draft]) -> str:
    """Drafts in the knowledge base's own format, to finish and paste into a file in content/faq/."""
    entries = [
        {
            "id": f"concept-{draft.id[:8]}",
            "question": {"nl": draft.question, "en": "TODO"},
            "phrasings": {"nl": ["TODO", "TODO", "TODO"], "en": []},
            "answer": {"nl": draft.answer, "en": "TODO"},
            "links": [],
            "source": f"antwoord van {draft.created_by}, {draft.created_at:%Y-%m-%d} (controleer de bron)",
            "source_date": f"{draft.created_at:%Y-%m-%d}",
            "checked": f"{draft.created_at:%Y-%m-%d}",
        }
        for draft in drafts
    ]
    header = (
        "# Concepten uit beantwoorde vragen. Vul de TODO's in, controleer de bron,\n"
        "# en verplaats ze naar content/faq/.\n"
    )
    return header + yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False)
