"""Comparing reviews with the expected statuses: precision and recall of `missing` and `deviates`.

Each (agreement, element) pair counts once. For a label L, a pair is a true positive when both
the review and the expectation say L, a false positive when only the review says L, a false
negative when only the expectation does. "Overall" pools both labels: a flagged pair (predicted
missing or deviates) is right only when its label is the expected one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tests.dpa.eval.expected import ELEMENTS

LABELS = ("missing", "deviates")
OVERALL = "overall"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None


@dataclass(frozen=True)
class Mismatch:
    agreement: str
    element: str
    expected: str
    predicted: str


@dataclass
class Score:
    # (element or OVERALL, label or OVERALL) -> counts
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    pairs: int = 0

    def of(self, element: str, label: str) -> Counts:
        return self.counts.setdefault((element, label), Counts())

    def add(self, agreement: str, expected: Mapping[str, str], predicted: Mapping[str, str]) -> None:
        for element in ELEMENTS:
            want, got = expected[element], predicted.get(element, "absent")
            self.pairs += 1
            if want != got:
                self.mismatches.append(Mismatch(agreement, element, want, got))
            for label in LABELS:
                for key in (element, OVERALL):
                    _count(self.of(key, label), want == label, got == label)
            _count(self.of(OVERALL, OVERALL), want in LABELS, got in LABELS, want == got)


def _count(counts: Counts, expected: bool, predicted: bool, same: bool = True) -> None:
    if expected and predicted and same:
        counts.tp += 1
    else:
        if predicted:
            counts.fp += 1
        if expected:
            counts.fn += 1


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip().casefold()


def quote_supported(quote: str, document_text: str) -> bool:
    """The quote is taken from the document: each of its pieces (around an ellipsis) occurs in it."""
    pieces = [normalise(p) for p in re.split(r"…|\.\.\.", quote)]
    pieces = [p for p in pieces if p]
    haystack = normalise(document_text)
    return bool(pieces) and all(p in haystack for p in pieces)


def unsupported_present(findings: Iterable[tuple[str, str, str]], document_text: str) -> list[str]:
    """Element ids reported present whose quote is empty or not found in the document."""
    return [
        element
        for element, status, quote in findings
        if status == "present" and not quote_supported(quote, document_text)
    ]
