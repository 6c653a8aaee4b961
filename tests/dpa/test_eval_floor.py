"""The evaluation set is sound, and the review keeps a floor on it (issue 9, "Measured").

The floor is below the issue's targets (recall 95%, precision 90%: see bench/dpa_eval.py for the
figures), so a regression fails here while tuning stays free.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from pypdf import PdfReader

from tests.dpa.eval.expected import ELEMENTS
from tests.dpa.eval.model_parts import MODEL_PATH, load_model
from tests.dpa.eval.scoring import OVERALL, Score, quote_supported, unsupported_present
from tests.dpa.eval.variants import variants
from tests.dpa.eval_set import SHARED_MODEL, EvalAgreement, eval_set, long_case, scratch

RECALL_FLOOR = 0.90
PRECISION_FLOOR = 0.85


@pytest.fixture(scope="module")
def agreements() -> list[EvalAgreement]:
    return eval_set()


@pytest.mark.skipif(not SHARED_MODEL.exists(), reason="../shared is not next to this checkout")
def test_the_stored_model_is_the_shared_model() -> None:
    assert MODEL_PATH.read_bytes() == SHARED_MODEL.read_bytes()


def test_the_model_parts_give_back_the_model() -> None:
    assert load_model().render() == MODEL_PATH.read_text(encoding="utf-8")


def test_the_set_has_what_the_issue_asks(agreements: list[EvalAgreement]) -> None:
    kinds = Counter(a.kind for a in agreements)
    assert len(agreements) >= 30
    assert kinds["model"] == 1
    assert kinds["scratch"] >= 5
    assert sum(1 for a in scratch() if a.language == "en") >= 2
    assert len({a.name for a in agreements}) == len(agreements)
    assert all(list(a.expected) == list(ELEMENTS) for a in agreements)
    flagged = Counter(status for a in agreements for status in a.expected.values())
    assert flagged["missing"] >= 15 and flagged["deviates"] >= 20


def test_scratch_agreements_are_full_length() -> None:
    for agreement in scratch():
        assert 1500 <= len(agreement.text.split()) <= 4000, agreement.name


def test_every_variant_changes_the_model_and_is_reproducible() -> None:
    model = MODEL_PATH.read_text(encoding="utf-8")
    first, again = variants(), variants()
    assert [v.text for v in first] == [v.text for v in again]
    assert all(v.text != model for v in first if v.name != "model")
    assert len({v.text for v in first}) == len(first)


def test_the_long_agreement_is_about_thirty_pages() -> None:
    from tests.dpa.documents import pdf_bytes

    pages = len(PdfReader(io.BytesIO(pdf_bytes(long_case().text))).pages)
    assert 28 <= pages <= 34


def test_a_quote_counts_only_when_it_is_in_the_document() -> None:
    text = "Artikel 7\nVerwerker meldt een Inbreuk  zonder onredelijke\nvertraging aan de school."
    assert quote_supported("meldt een Inbreuk zonder onredelijke vertraging", text)
    assert quote_supported("Verwerker meldt … aan de school.", text)
    assert not quote_supported("", text)
    assert not quote_supported("binnen 5 werkdagen", text)
    assert unsupported_present([("audit", "present", ""), ("liability", "missing", "")], text) == ["audit"]


def test_scoring_counts_labels_per_pair() -> None:
    score = Score()
    expected = {e: "present" for e in ELEMENTS} | {"audit": "missing", "liability": "deviates"}
    score.add("a", expected, expected | {"liability": "missing", "precedence": "deviates"})
    overall = score.of(OVERALL, OVERALL)
    assert (overall.tp, overall.fp, overall.fn) == (1, 2, 1)
    assert score.of("liability", "deviates").recall == 0.0


@pytest.fixture(scope="module")
def reviewed(agreements: list[EvalAgreement]) -> dict[str, tuple[dict[str, str], list[str]]]:
    """Each agreement read as the text file it is, and reviewed: statuses and unsupported ids."""
    from bot.config import Settings
    from bot.dpa.checklist import load_checklist
    from bot.dpa.reading import read_document
    from bot.dpa.review import review

    checklist = load_checklist(Settings().content_dir)
    result: dict[str, tuple[dict[str, str], list[str]]] = {}
    for agreement in agreements:
        document = read_document(agreement.text.encode("utf-8"), agreement.filename)
        found = review(document, checklist)
        findings = [(f.id, f.status, f.quote) for f in found.elements]
        statuses: dict[str, str] = {f.id: f.status for f in found.elements}
        result[agreement.name] = (statuses, unsupported_present(findings, document.text))
    return result


def test_the_review_keeps_its_floor_on_the_evaluation_set(
    agreements: list[EvalAgreement], reviewed: dict[str, tuple[dict[str, str], list[str]]]
) -> None:
    score = Score()
    for agreement in agreements:
        score.add(agreement.name, agreement.expected, reviewed[agreement.name][0])
    overall = score.of(OVERALL, OVERALL)
    wrong = "\n".join(f"{m.agreement} {m.element}: {m.expected} -> {m.predicted}" for m in score.mismatches)
    assert overall.recall is not None and overall.recall >= RECALL_FLOOR, wrong
    assert overall.precision is not None and overall.precision >= PRECISION_FLOOR, wrong


def test_nothing_is_present_without_a_quote_from_the_document(
    reviewed: dict[str, tuple[dict[str, str], list[str]]],
) -> None:
    unsupported = {name: ids for name, (_, ids) in reviewed.items() if ids}
    assert unsupported == {}
