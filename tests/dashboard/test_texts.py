"""content/dashboard/ is checked at start-up: a broken file names the file and the field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import create_app
from bot.config import DEFAULT_CONTENT_DIR, Settings
from bot.content import ContentError
from bot.dashboard.texts import load_dashboard_texts

TEXTS = "content/dashboard/texts.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of content/dashboard/ to break."""
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR / "dashboard", copy / "dashboard")
    return copy


def edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_dashboard_texts(root)
    return raised.value.problems


def test_the_shipped_texts_and_pages_are_complete() -> None:
    texts = load_dashboard_texts(DEFAULT_CONTENT_DIR)
    assert set(texts.texts["nl"]) == set(texts.texts["en"])


def test_a_text_missing_in_english_is_named(root: Path) -> None:
    edit(root / "dashboard/texts.yaml", lambda t: t.replace('    apply: "Show boards"\n', ""))
    assert f"{TEXTS}: en.filters.apply: missing (other locales have it)" in problems(root)


def test_a_text_that_is_not_a_string_is_named(root: Path) -> None:
    edit(
        root / "dashboard/texts.yaml",
        lambda t: t.replace('  app_title: "ECK iD-dashboard"', "  app_title: 12"),
    )
    assert f"{TEXTS}: nl.app_title: a text must be a string, got int" in problems(root)


def test_a_broken_template_in_a_text_is_named(root: Path) -> None:
    edit(root / "dashboard/texts.yaml", lambda t: t.replace('"Pagina {{ page }}', '"Pagina {{ page }'))
    assert any(p.startswith(f"{TEXTS}: nl.pages.position: not a valid template") for p in problems(root))


def test_a_page_that_asks_for_an_unknown_text_is_named(root: Path) -> None:
    edit(root / "dashboard/board.html.j2", lambda t: t.replace("t('board.checklist')", "t('board.checklst')"))
    assert (
        "content/dashboard/board.html.j2: t('board.checklst'): no such text in dashboard/texts.yaml"
        in problems(root)
    )


def test_a_missing_texts_file_is_named(root: Path) -> None:
    (root / "dashboard/texts.yaml").unlink()
    assert problems(root) == [f"{TEXTS}: file is missing"]


def test_the_app_refuses_to_start_on_broken_dashboard_content(root: Path, database_url: str) -> None:
    shutil.rmtree(root)
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    edit(root / "dashboard/texts.yaml", lambda t: t.replace("en:\n", "english:\n"))
    with pytest.raises(ContentError) as raised:
        create_app(Settings(_env_file=None, database_url=database_url, content_dir=root))
    assert f"{TEXTS}: en: missing, or not a mapping of text keys" in raised.value.problems
