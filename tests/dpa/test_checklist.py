"""The checklist in content/dpa/: the 17 fixed elements, both languages, the model's articles,
and clear errors (file and field named) when an editor breaks it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import ContentError
from bot.content_yaml import load_yaml
from bot.dpa.checklist import ELEMENT_IDS, articles_in_model, load_checklist

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SHARED_MODEL = REPO.parent / "shared" / "domain" / "model-verwerkersovereenkomst.txt"
COPY_OF_MODEL = REPO / "tests" / "dpa" / "eval" / "model.txt"


def test_the_checklist_has_the_seventeen_fixed_elements_in_order() -> None:
    checklist = load_checklist(CONTENT)

    assert tuple(e.id for e in checklist.elements) == ELEMENT_IDS
    for element in checklist.elements:
        assert element.requires.nl and element.requires.en
        assert element.why.nl and element.why.en


@pytest.mark.parametrize("model", [SHARED_MODEL, COPY_OF_MODEL], ids=["shared", "tests-copy"])
def test_the_stored_article_list_matches_the_model_agreement(model: Path) -> None:
    if not model.exists():
        pytest.skip(f"{model} is not here")
    stored = load_yaml(CONTENT / "dpa" / "model_articles.yaml")

    articles, annexes = articles_in_model(model.read_text(encoding="utf-8"))

    assert stored["articles"] == articles
    assert stored["annexes"] == annexes


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    """A copy of content/dpa/ that a test may break."""
    shutil.copytree(CONTENT / "dpa", tmp_path / "content" / "dpa")
    return tmp_path / "content"


def _edit(root: Path, old: str, new: str, count: int = 1) -> None:
    path = root / "dpa" / "checklist.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(root: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_checklist(root)
    return str(caught.value)


def test_an_article_the_model_does_not_have_is_refused_with_file_and_field(editable: Path) -> None:
    _edit(editable, 'article: "7"', 'article: "17"')

    problems = _problems(editable)

    assert "content/dpa/checklist.yaml: elements.7(breach_notification).article" in problems
    assert "'17'" in problems


def test_a_duplicate_id_is_refused(editable: Path) -> None:
    _edit(editable, "- id: subject\n", "- id: parties\n")

    problems = _problems(editable)

    assert "elements.1(parties).id: used more than once" in problems
    assert "missing the element ids subject" in problems


def test_a_text_missing_in_english_is_refused(editable: Path) -> None:
    _edit(
        editable,
        "      en: Everyone involved in the processing, staff and subprocessors included, keeps the data "
        "confidential, during and after the agreement.\n",
        "",
    )

    problems = _problems(editable)

    assert "checklist.yaml: elements.4(confidentiality).requires.en: Field required" in problems


def test_a_broken_pattern_is_refused_with_its_field(editable: Path) -> None:
    _edit(editable, '"datalek*"', '"data-lek?"')

    problems = _problems(editable)

    assert "elements.7(breach_notification).recognised_by.headings.nl" in problems
    assert "a word is letters or digits" in problems


def test_an_unknown_hook_is_refused(editable: Path) -> None:
    _edit(editable, "hook: late_notification", "hook: too_late")

    problems = _problems(editable)

    assert "deviations.0(late_notification).hook" in problems
    assert "no hook named 'too_late'" in problems


def test_a_missing_model_article_list_is_named(editable: Path) -> None:
    (editable / "dpa" / "model_articles.yaml").unlink()

    assert "dpa/model_articles.yaml: file is missing" in _problems(editable)
