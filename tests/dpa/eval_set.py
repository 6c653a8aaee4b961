"""The evaluation set of issue 9: agreements with the expected status of every checklist element.

- the model (tests/dpa/eval/model.txt, a copy of ../shared/domain/model-verwerkersovereenkomst.txt);
- variants generated from it by named transformations (tests/dpa/eval/variants.py, seeded);
- agreements written from scratch in other structures, Dutch and English
  (tests/dpa/eval/scratch/, expectations in tests/dpa/eval/scratch.yaml);
- one long agreement, about 30 pages as a PDF (tests/dpa/eval/long.py);
- rounds of agreements written apart from the engine, from the specification, the model and the
  facts only (tests/dpa/written/roundN/, expectations in each round's expected.yaml). A held-out
  round is measured, never tuned on; once measured, it may become a development round and a new
  round is written to be held out.

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
WRITTEN_DIR = Path(__file__).resolve().parent / "written"
# The honest measure: nobody tuning the engine reads these rounds or their mismatches.
HELD_OUT_ROUNDS = ("round4",)
SHARED_MODEL = Path(__file__).resolve().parents[3] / "shared" / "domain" / "model-verwerkersovereenkomst.txt"
LONG_NAME = "long_30_pages"

Kind = Literal["model", "variant", "scratch", "written", "heldout", "long"]


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


def eval_set(seed: int = SEED, *, held_out: bool = True) -> list[EvalAgreement]:
    """Every agreement of the set, the long one last; `held_out=False` leaves the held-out rounds out."""
    rounds = [r for r in written_rounds() if held_out or r not in HELD_OUT_ROUNDS]
    return [*generated(seed), *scratch(), *(a for r in rounds for a in written(r)), long_case()]


def written_rounds() -> list[str]:
    return sorted(p.parent.name for p in WRITTEN_DIR.glob("round*/expected.yaml"))


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


def written(round_name: str) -> list[EvalAgreement]:
    folder = WRITTEN_DIR / round_name
    held_out = round_name in HELD_OUT_ROUNDS
    data = load_yaml(folder / "expected.yaml")
    result = []
    for item in data["agreements"]:
        path = folder / str(item["file"])
        result.append(
            EvalAgreement(
                name=f"{round_name}/{path.stem}",
                kind="heldout" if held_out else "written",
                description=f"{round_name}, written apart from the engine: "
                + "; ".join(f"{k}: {v}" for k, v in (item.get("notes") or {}).items()),
                language=str(item["language"]),
                text=path.read_text(encoding="utf-8"),
                filename=path.name,
                expected=_checked(path.stem, item["expected"]),
                consistency=tuple(item.get("consistency") or ()),
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
