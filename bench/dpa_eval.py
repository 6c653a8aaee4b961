"""Benchmark: how well and how fast the review of a verwerkersovereenkomst finds what differs.

Runs the review on every agreement of the evaluation set (tests/dpa/eval_set.py: the model,
variants generated from it, agreements written from scratch in Dutch and English, and a
30-page one), as text and as PDF and DOCX generated from the same text (tests/dpa/documents.py),
and prints:
  - per element and overall, the precision and recall of `missing` and of `deviates`, each
    (agreement, element) pair counted once (tests/dpa/eval/scoring.py);
  - how many `present` findings lack a quote that occurs in the document (must be 0);
  - how often the expected consistency findings (cross_reference, missing_annex) were reported;
  - the time per document, read and reviewed, p50 and max per format, and the 30-page case.
--errors lists every pair where the review and the expectation differ, except in the held-out
round (tests/dpa/eval_set.py, HELD_OUT_ROUNDS): whoever tunes the engine runs with --development,
which leaves that round out altogether, so that its figure stays an honest one.

Run: .venv/bin/python -m bench.dpa_eval [--format text|pdf|docx|all] [--errors] [--development]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.dpa.eval.expected import ELEMENTS
from tests.dpa.eval.scoring import LABELS, OVERALL, Counts, Score, unsupported_present
from tests.dpa.eval.variants import SEED
from tests.dpa.eval_set import LONG_NAME, EvalAgreement, eval_set

FORMATS = ("text", "pdf", "docx")


@dataclass
class Run:
    score: Score = field(default_factory=Score)
    by_kind: dict[str, Score] = field(default_factory=dict)  # generated, scratch, written, heldout, long
    held_out: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)  # read + review
    review_seconds: dict[str, float] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    unsupported: list[str] = field(default_factory=list)
    consistency_expected: Counter[str] = field(default_factory=Counter)
    consistency_found: Counter[str] = field(default_factory=Counter)
    consistency_extra: Counter[str] = field(default_factory=Counter)


def engine() -> tuple[Callable[[bytes, str], Any], Callable[[Any], Any], dict[str, Callable[[str], bytes]]]:
    """The reader, the review and the file makers; a clear message when one is not there yet."""
    try:
        from bot.config import Settings
        from bot.dpa.checklist import load_checklist
        from bot.dpa.reading import read_document
        from bot.dpa.review import review
        from tests.dpa.documents import docx_bytes, pdf_bytes, txt_bytes
    except ImportError as error:
        sys.exit(
            f"dpa_eval: the review is not complete yet ({error}); it needs bot.dpa.review, "
            "bot.dpa.checklist, bot.dpa.reading and tests/dpa/documents.py"
        )
    checklist = load_checklist(Settings().content_dir)
    makers: dict[str, Callable[[str], bytes]] = {"text": txt_bytes, "pdf": pdf_bytes, "docx": docx_bytes}
    return read_document, lambda document: review(document, checklist), makers


def filename_for(agreement: EvalAgreement, fmt: str) -> str:
    stem = Path(agreement.filename).stem
    return agreement.filename if fmt == "text" else f"{stem}.{fmt}"


def run_format(fmt: str, agreements: list[EvalAgreement]) -> Run:
    read_document, review, makers = engine()
    run = Run()
    # one untimed pass, so that the first document does not pay for loading and compiling
    review(read_document(makers[fmt](agreements[0].text), filename_for(agreements[0], fmt)))
    for agreement in agreements:
        data = makers[fmt](agreement.text)
        started = time.perf_counter()
        document = read_document(data, filename_for(agreement, fmt))
        read = time.perf_counter()
        found = review(document)
        run.seconds[agreement.name] = time.perf_counter() - started
        run.review_seconds[agreement.name] = time.perf_counter() - read
        run.pages[agreement.name] = document.pages
        predicted = {f.id: f.status for f in found.elements}
        run.score.add(agreement.name, agreement.expected, predicted)
        kind = "generated" if agreement.kind in ("model", "variant") else agreement.kind
        if agreement.kind == "heldout":
            run.held_out.add(agreement.name)
        run.by_kind.setdefault(kind, Score()).add(agreement.name, agreement.expected, predicted)
        findings = [(f.id, f.status, f.quote) for f in found.elements]
        run.unsupported += [f"{agreement.name}:{e}" for e in unsupported_present(findings, document.text)]
        kinds = {c.kind for c in found.consistency}
        run.consistency_expected.update(agreement.consistency)
        run.consistency_found.update(k for k in agreement.consistency if k in kinds)
        run.consistency_extra.update(k for k in kinds if k not in agreement.consistency)
    return run


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{100 * value:5.1f}%"


def _cells(counts: Counts) -> str:
    flagged, expected = (
        f"{counts.tp:3d}/{counts.tp + counts.fp:<3d}",
        f"{counts.tp:3d}/{counts.tp + counts.fn:<3d}",
    )
    return f"{_pct(counts.precision)} {_pct(counts.recall)} {flagged} {expected}"


def print_accuracy(fmt: str, run: Run) -> None:
    score = run.score
    print(f"\n== {fmt}: precision and recall per element ({score.pairs} pairs) ==")
    head = "   prec  recall  tp/flag  tp/exp "
    print(f"{'element':<26}| missing{head}| deviates{head[1:]}")
    for element in (*ELEMENTS, OVERALL):
        if element == OVERALL:
            print("-" * 100)
        row = " | ".join(_cells(score.of(element, label)) for label in LABELS)
        print(f"{element:<26}| {row}")
    both = score.of(OVERALL, OVERALL)
    print(f"{'overall (both labels)':<26}| {_cells(both)}")
    for kind, kind_score in run.by_kind.items():
        print(f"{'  of which ' + kind:<26}| {_cells(kind_score.of(OVERALL, OVERALL))}")
    print(
        f"present without a supporting quote: {len(run.unsupported)}"
        + (f"  ({', '.join(run.unsupported[:10])})" if run.unsupported else "")
    )
    found = ", ".join(
        f"{k} {run.consistency_found[k]}/{n}" for k, n in sorted(run.consistency_expected.items())
    )
    extra = ", ".join(f"{k} {n}" for k, n in sorted(run.consistency_extra.items())) or "none"
    print(
        f"consistency findings expected and reported: {found or 'none expected'}; "
        f"reported where not expected: {extra}"
    )


def print_errors(run: Run) -> None:
    shown = [m for m in run.score.mismatches if m.agreement not in run.held_out]
    hidden = len(run.score.mismatches) - len(shown)
    print(
        f"\nmismatches ({len(shown)}"
        + (f", and {hidden} in the held-out round, not shown" if hidden else "")
        + "): agreement, element: expected -> predicted"
    )
    for m in shown:
        print(f"  {m.agreement:<34} {m.element:<26} {m.expected:>8} -> {m.predicted}")


def print_times(runs: dict[str, Run]) -> None:
    print("\n== time per document (ms): read + review, and the review alone ==")
    print(
        f"{'format':<8}{'docs':>6}{'p50':>9}{'max':>9}{'review p50':>12}{'review max':>12}   "
        f"{'30-page case':>13}{'pages':>7}"
    )
    for fmt, run in runs.items():
        total = [1000 * s for name, s in run.seconds.items() if name != LONG_NAME]
        alone = [1000 * s for name, s in run.review_seconds.items() if name != LONG_NAME]
        long_ms = 1000 * run.seconds.get(LONG_NAME, float("nan"))
        print(
            f"{fmt:<8}{len(total):>6}{statistics.median(total):>9.1f}{max(total):>9.1f}"
            f"{statistics.median(alone):>12.1f}{max(alone):>12.1f}   "
            f"{long_ms:>13.1f}{run.pages.get(LONG_NAME, 0):>7}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--format", choices=(*FORMATS, "all"), default="all")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generated variants")
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    parser.add_argument(
        "--development", action="store_true", help="leave the held-out round out (for tuning)"
    )
    args = parser.parse_args(argv)
    formats = FORMATS if args.format == "all" else (args.format,)
    agreements = eval_set(args.seed, held_out=not args.development)
    kinds = Counter(a.kind for a in agreements)
    print(
        "$ " + " ".join([".venv/bin/python -m bench.dpa_eval", *(argv if argv is not None else sys.argv[1:])])
    )
    print(
        f"evaluation set: {len(agreements)} agreements "
        f"({', '.join(f'{n} {k}' for k, n in kinds.items())}), seed {args.seed}"
    )
    runs = {fmt: run_format(fmt, agreements) for fmt in formats}
    for fmt, run in runs.items():
        print_accuracy(fmt, run)
        if args.errors:
            print_errors(run)
    print_times(runs)


if __name__ == "__main__":
    main()
