"""Benchmark: how well and how fast the question matcher answers staff's questions.

Reads the evaluation set (tests/faq/eval.yaml: questions as staff type them, written apart from
the knowledge base's phrasings, each with the entry that answers it or null when none does) and
prints:
  - top-1 accuracy on the in-scope questions (answered with the right entry; suggestions and
    "I don't know" count as misses), and how often the right entry was at least among the offers;
  - the share of out-of-scope questions the bot declines with "I don't know";
  - match latency percentiles, with the knowledge base padded to --entries entries.
--cross-check asks each file of content/faq/asked/ (questions as staff typed them, which the bot
learns as phrasings) of a knowledge base that learned only from the other files: the check to tune
content/faq/language.yaml against, leaving the evaluation set unseen.
--leave-one-out asks each phrasing of the knowledge base with that phrasing taken out: a rougher
check, since the phrasings share their authors.

Run: make faq-eval   (or: .venv/bin/python -m bench.faq_eval --help)
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.content import FAQ_ASKED_FOLDER, load_content
from bot.content_yaml import load_yaml
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.entries import FaqEntry, LocalText, Phrasings
from bot.knowledge.language import fold
from bot.knowledge.matcher import Band, Match, QuestionMatcher

EVAL_SET = Path(__file__).resolve().parent.parent / "tests" / "faq" / "eval.yaml"


@dataclass(frozen=True)
class Case:
    ask: str
    expect: str | None


def load_cases(path: Path) -> list[Case]:
    """A set in the shape of content/faq/asked/*.yaml: questions, each with its entry or null."""
    data = load_yaml(path)
    return [Case(str(item["ask"]), item["entry"]) for item in data["questions"]]


def asked_files() -> list[Path]:
    return sorted((Settings().content_dir / "faq" / FAQ_ASKED_FOLDER).glob("*.yaml"))


def cross_check(knowledge: KnowledgeBase) -> list[tuple[str, Score, list[str], Counter[str]]]:
    """Each file of asked questions, asked of the knowledge base without that file."""
    results = []
    for path in asked_files():
        held_out = {(case.ask, case.expect) for case in load_cases(path)}
        kept = tuple(q for q in knowledge.asked if (q.ask, q.entry) not in held_out)
        matcher = QuestionMatcher(KnowledgeBase(knowledge.entries, knowledge.language, kept))
        results.append((path.name, *evaluate(matcher, load_cases(path))))
    return results


@dataclass
class Score:
    in_scope: int = 0
    ranked_first: int = 0  # the right entry ranked first, whatever the band
    answered_right: int = 0
    offered_right: int = 0
    out_of_scope: int = 0
    declined: int = 0

    @property
    def top1(self) -> float:
        return self.answered_right / self.in_scope if self.in_scope else 0.0

    @property
    def decline_rate(self) -> float:
        return self.declined / self.out_of_scope if self.out_of_scope else 0.0


def judge(score: Score, case: Case, match: Match, misses: list[str]) -> None:
    ids = [hit.entry.id for hit in match.hits]
    if case.expect is None:
        score.out_of_scope += 1
        if match.band == Band.UNKNOWN:
            score.declined += 1
        else:
            misses.append(f"  out of scope, got {match.band} {ids[:3]} ({match.confidence:.2f}): {case.ask}")
        return
    score.in_scope += 1
    if ids[:1] == [case.expect]:
        score.ranked_first += 1
    if match.band == Band.ANSWER and ids[:1] == [case.expect]:
        score.answered_right += 1
        score.offered_right += 1
        return
    if match.band == Band.SUGGEST and case.expect in ids:
        score.offered_right += 1
    detail = f"{match.band} {ids[:3]} conf {match.confidence:.2f} lead {match.lead:.2f}"
    misses.append(f"  want {case.expect}, got {detail}: {case.ask}")


def evaluate(matcher: QuestionMatcher, cases: list[Case]) -> tuple[Score, list[str], Counter[str]]:
    score = Score()
    misses: list[str] = []
    bands: Counter[str] = Counter()
    for case in cases:
        match = matcher.match(case.ask)
        bands[f"{'in' if case.expect else 'out'}:{match.band}"] += 1
        judge(score, case, match, misses)
    return score, misses, bands


def leave_one_out(knowledge: KnowledgeBase) -> tuple[Score, list[str], Counter[str]]:
    """Each Dutch phrasing asked of a knowledge base built without it."""
    total = Score()
    misses: list[str] = []
    bands: Counter[str] = Counter()
    for number, entry in enumerate(knowledge.entries):
        for left_out in entry.phrasings.nl:
            kept = [p for p in entry.phrasings.nl if p != left_out]
            reduced = entry.model_copy(
                update={"phrasings": Phrasings.model_construct(nl=kept, en=entry.phrasings.en)}
            )
            entries = (*knowledge.entries[:number], reduced, *knowledge.entries[number + 1 :])
            matcher = QuestionMatcher(KnowledgeBase(entries, knowledge.language))
            score, missed, counted = evaluate(matcher, [Case(left_out, entry.id)])
            total.in_scope += score.in_scope
            total.ranked_first += score.ranked_first
            total.answered_right += score.answered_right
            total.offered_right += score.offered_right
            misses += missed
            bands += counted
    return total, misses, bands


def padded(knowledge: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """The knowledge base grown to SIZE entries with made-up ones built from its own words."""
    rng = random.Random(seed)
    words = sorted({w for e in knowledge.entries for t in (*e.texts("nl"), e.answer.nl) for w in fold(t)})

    def sentence(length: int) -> str:
        return " ".join(rng.choice(words) for _ in range(length)) + "?"

    extra = []
    for number in range(max(0, size - len(knowledge.entries))):
        template = knowledge.entries[number % len(knowledge.entries)]
        extra.append(
            template.model_copy(
                update={
                    "id": f"synthetic-{number}",
                    "question": LocalText.model_construct(nl=sentence(8), en=sentence(8)),
                    "phrasings": Phrasings.model_construct(
                        nl=[sentence(6) for _ in range(4)], en=[sentence(6)]
                    ),
                    "answer": LocalText.model_construct(nl=sentence(60), en=sentence(60)),
                }
            )
        )
    entries: tuple[FaqEntry, ...] = (*knowledge.entries, *extra)
    return KnowledgeBase(entries, knowledge.language)


def latencies(matcher: QuestionMatcher, questions: list[str], rounds: int) -> list[float]:
    """Each question timed as if never seen: the caches of words are emptied before every one."""
    timings = []
    for _ in range(rounds):
        for question in questions:
            matcher.forget()
            started = time.perf_counter()
            matcher.match(question)
            timings.append(time.perf_counter() - started)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def print_cross_check(results: list[tuple[str, Score, list[str], Counter[str]]], misses: bool) -> None:
    print("| asked file | top-1, in scope | ranked first | out of scope declined |")
    print("| --- | ---: | ---: | ---: |")
    total = Score()
    for name, score, _, _ in results:
        print(
            f"| {name} | {score.top1:.1%} ({score.answered_right}/{score.in_scope}) | "
            f"{score.ranked_first / score.in_scope:.1%} | "
            f"{score.decline_rate:.1%} ({score.declined}/{score.out_of_scope}) |"
        )
        for measure in (
            "in_scope",
            "ranked_first",
            "answered_right",
            "offered_right",
            "out_of_scope",
            "declined",
        ):
            setattr(total, measure, getattr(total, measure) + getattr(score, measure))
    print(
        f"| all | {total.top1:.1%} ({total.answered_right}/{total.in_scope}) | "
        f"{total.ranked_first / total.in_scope:.1%} | "
        f"{total.decline_rate:.1%} ({total.declined}/{total.out_of_scope}) |"
    )
    if misses:
        for name, _, missed, _ in results:
            print(f"misses in {name}:")
            print("\n".join(missed))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="the evaluation set (YAML)")
    parser.add_argument("--entries", type=int, default=500, help="knowledge base size for the latency run")
    parser.add_argument("--rounds", type=int, default=20, help="times each question is timed")
    parser.add_argument("--misses", action="store_true", help="list every question that went wrong")
    parser.add_argument(
        "--cross-check",
        action="store_true",
        help="each file of content/faq/asked/ against a knowledge base that learned from the others",
    )
    parser.add_argument(
        "--leave-one-out", action="store_true", help="tuning check on the knowledge base itself"
    )
    arguments = parser.parse_args()

    knowledge = load_content(Settings().content_dir).knowledge
    print(f"$ python -m bench.faq_eval {' '.join(sys.argv[1:])}".rstrip())
    if arguments.cross_check:
        print_cross_check(cross_check(knowledge), arguments.misses)
        return 0
    if arguments.leave_one_out:
        score, misses, bands = leave_one_out(knowledge)
        print(
            f"leave-one-out: {score.in_scope} phrasings; top-1 {score.top1:.1%}; "
            f"ranked first {score.ranked_first / score.in_scope:.1%}; "
            f"offered {score.offered_right / score.in_scope:.1%}"
        )
        print("bands:", dict(sorted(bands.items())))
        if arguments.misses:
            print("\n".join(misses))
        return 0

    cases = load_cases(arguments.set)
    started = time.perf_counter()
    matcher = QuestionMatcher(knowledge)
    built = time.perf_counter() - started
    score, misses, bands = evaluate(matcher, cases)
    print(f"knowledge base: {len(knowledge.entries)} entries, index built in {built * 1000:.0f} ms")
    print(
        f"evaluation set: {arguments.set.name}, {len(cases)} questions "
        f"({score.in_scope} in scope, {score.out_of_scope} out)"
    )
    print()
    print("| measure | result | target |")
    print("| --- | ---: | ---: |")
    print(
        f"| top-1 answered right, in scope | {score.top1:.1%} "
        f"({score.answered_right}/{score.in_scope}) | ≥ 90% |"
    )
    offered = score.offered_right / score.in_scope if score.in_scope else 0.0
    first = score.ranked_first / score.in_scope if score.in_scope else 0.0
    print(
        f"| right entry ranked first (any band), in scope | {first:.1%} "
        f"({score.ranked_first}/{score.in_scope}) | |"
    )
    print(
        f"| right entry answered or offered, in scope | {offered:.1%} "
        f"({score.offered_right}/{score.in_scope}) | |"
    )
    print(
        f"| out of scope declined | {score.decline_rate:.1%} "
        f"({score.declined}/{score.out_of_scope}) | ≥ 90% |"
    )

    big = padded(knowledge, arguments.entries)
    started = time.perf_counter()
    big_matcher = QuestionMatcher(big)
    big_built = time.perf_counter() - started
    questions = [case.ask for case in cases]
    big_matcher.match(questions[0])  # warm
    # As `eckbot serve` does after start-up: what was built to last is not scanned by every collection.
    gc.collect()
    gc.freeze()
    timings = latencies(big_matcher, questions, arguments.rounds)
    print(
        f"| latency per question, {len(big.entries)} entries: p50 / p95 / p99 | "
        f"{percentile(timings, 0.5):.2f} / {percentile(timings, 0.95):.2f} / "
        f"{percentile(timings, 0.99):.2f} ms | p99 < 5 ms |"
    )
    print()
    print(
        f"bands: {dict(sorted(bands.items()))}; "
        f"{len(big.entries)}-entry index built in {big_built * 1000:.0f} ms"
    )
    if arguments.misses:
        print("misses:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
