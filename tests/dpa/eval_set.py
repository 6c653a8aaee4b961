"""The evaluation set of issue 9: agreements with the expected status of every checklist element.

- the model (tests/dpa/eval/model.txt, a copy of ../shared/domain/model-verwerkersovereenkomst.txt);
- variants generated from it by named transformations (tests/dpa/eval/variants.py, seeded);
- agreements written from scratch in other structures, Dutch and English
  (tests/dpa/eval/scratch/, expectations in tests/dpa/eval/scratch.yaml);
- one long agreement, about 30 pages as a PDF (tests/dpa/eval/long.py).

Used by tests/dpa/test_eval_floor.py and bench/dpa_eval.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.content_yaml import load_yaml
from tests.dpa.eval.expected import ELEMENTS, STATUSES, Status
from tests.dpa.eval.long import long_agreement
from tests.dpa.eval.variants import SEED, variants

EVAL_DIR = Path(__file__).resolve().parent / "eval"
SCRATCH_DIR = EVAL_DIR / "scratch"
# Written blind, after the engine was tuned on the rest: from the specification, the model and the
# facts only. The honest measure; never tune on it (tests/dpa/heldout/expected.yaml says so too).
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"
SHARED_MODEL = Path(__file__).resolve().parents[3] / "shared" / "domain" / "model-verwerkersovereenkomst.txt"
LONG_NAME = "long_30_pages"

Kind = Literal["model", "variant", "scratch", "long", "heldout"]


@dataclass(frozen=True)
class EvalAgreement:
    name: str
    kind: Kind
    description: str
    language: str
    text: str
    filename: str  # the name it would be uploaded under (its extension picks the reader)
    expected: dict[str, Status]
    consistency: tuple[str, ...]  # kinds of inconsistency a careful review reports


def eval_set(seed: int = SEED) -> list[EvalAgreement]:
    """Every agreement of the set, the held-out ones and then the long one last."""
    return [*generated(seed), *scratch(), *heldout(), long_case()]


def generated(seed: int = SEED) -> list[EvalAgreement]:
    return [
        EvalAgreement(
            name=v.name,
            kind="model" if v.name == "model" else "variant",
            description=v.description,
            language=v.language,
            text=v.text,
            filename=f"{v.name}.txt",
            expected=_checked(v.name, v.expected),
            consistency=v.consistency,
        )
        for v in variants(seed)
    ]


def scratch() -> list[EvalAgreement]:
    data = load_yaml(EVAL_DIR / "scratch.yaml")
    result = []
    for item in data["agreements"]:
        path = SCRATCH_DIR / str(item["file"])
        name = path.stem
        result.append(
            EvalAgreement(
                name=name,
                kind="scratch",
                description="written from scratch: "
                + "; ".join(f"{k}: {v}" for k, v in item.get("why", {}).items()),
                language=str(item["language"]),
                text=path.read_text(encoding="utf-8"),
                filename=path.name,
                expected=_checked(name, item["expected"]),
                consistency=tuple(item.get("consistency", ())),
            )
        )
    return result


def heldout() -> list[EvalAgreement]:
    data = load_yaml(HELDOUT_DIR / "expected.yaml")
    result = []
    for item in data["agreements"]:
        path = HELDOUT_DIR / str(item["file"])
        result.append(
            EvalAgreement(
                name=path.stem,
                kind="heldout",
                description="held out, written blind: "
                + "; ".join(f"{k}: {v}" for k, v in item.get("notes", {}).items()),
                language=str(item["language"]),
                text=path.read_text(encoding="utf-8"),
                filename=path.name,
                expected=_checked(path.stem, item["expected"]),
                consistency=(),
            )
        )
    return result


def long_case() -> EvalAgreement:
    return EvalAgreement(
        name=LONG_NAME,
        kind="long",
        description="the model with a 25-page service description as annex 3",
        language="nl",
        text=long_agreement(),
        filename=f"{LONG_NAME}.txt",
        expected=_checked(LONG_NAME, {element: "present" for element in ELEMENTS}),
        consistency=("cross_reference",),
    )


def _checked(name: str, expected: Mapping[str, str]) -> dict[str, Status]:
    if set(expected) != set(ELEMENTS):
        raise ValueError(f"{name}: expected statuses must name exactly the 17 elements")
    wrong = {k: v for k, v in expected.items() if v not in STATUSES}
    if wrong:
        raise ValueError(f"{name}: unknown statuses {wrong}")
    return {element: expected[element] for element in ELEMENTS}  # type: ignore[misc]
