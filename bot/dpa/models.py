"""Plain data for the review of a verwerkersovereenkomst against the model."""

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["present", "missing", "deviates"]
Risk = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class Paragraph:
    """A block of text as the document has it."""

    text: str
    page: int  # 1-based; 1 for formats without pages


@dataclass(frozen=True)
class Document:
    paragraphs: list[Paragraph]
    pages: int

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class UnreadableDocument(Exception):
    """reason: one of too_large, encrypted, corrupt, no_text, type_mismatch, unsupported, unpacks_too_large"""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Finding:
    id: str
    status: Status
    risk: Risk
    where: str
    quote: str  # at most 200 characters
    reason: str  # "" unless deviates (or missing: may say what is missing)

    def as_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "status": self.status,
            "risk": self.risk,
            "where": self.where,
            "quote": self.quote,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Inconsistency:
    kind: str  # cross_reference | missing_annex | bijsluiter_part
    where: str
    detail: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where, "detail": self.detail}


@dataclass(frozen=True)
class Review:
    pages: int
    language: Literal["nl", "en"]
    elements: list[Finding] = field(default_factory=list)
    consistency: list[Inconsistency] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The shape `eckbot review-dpa --json` prints (issue 9)."""
        return {
            "document": {"pages": self.pages, "language": self.language},
            "elements": [f.as_json() for f in self.elements],
            "consistency": [c.as_json() for c in self.consistency],
        }
