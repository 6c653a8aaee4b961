"""`eckbot serve` restarts quickly with content it checked before, and never with content it did not.

bot/startup_cache.py keeps parsed YAML and a stamp of checked content between starts. An editor
who breaks a file after a good start must still be stopped at the next start, with the file and
the field named; a cache that is damaged, or cannot be written, only makes a start slower.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.composition import load_checked_content
from bot.config import DEFAULT_CONTENT_DIR, Settings
from bot.content import Content, ContentError
from bot.knowledge.matcher import Band
from bot.startup_cache import StartupCache, question_matcher


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return copy


def start(root: Path, cache_dir: Path) -> Content:
    """What `eckbot serve` does with content at start-up (bot/app.py)."""
    cache = StartupCache.from_setting(str(cache_dir), root)
    return load_checked_content(Settings(_env_file=None, content_dir=root), cache)


def test_a_restart_with_unchanged_content_shows_the_same_texts(root: Path, tmp_path: Path) -> None:
    first = start(root, tmp_path / "cache")
    again = start(root, tmp_path / "cache")
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == ["checked", "yaml"]
    for locale in ("nl", "en"):
        assert again.messages[locale] == first.messages[locale]
    assert again.knowledge.entries == first.knowledge.entries
    assert again.journey == first.journey


def test_content_broken_after_a_good_start_still_stops_the_next_start(root: Path, tmp_path: Path) -> None:
    start(root, tmp_path / "cache")
    template = root / "cards" / "notice.json.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{{ text | tojson }}", "{{ footer | tojson }}", 1), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        start(root, tmp_path / "cache")
    assert any("cards/notice.json.j2" in p and "footer" in p for p in raised.value.problems)


def test_a_yaml_file_broken_after_a_good_start_is_named(root: Path, tmp_path: Path) -> None:
    start(root, tmp_path / "cache")
    suppliers = root / "suppliers.yaml"
    text = suppliers.read_text(encoding="utf-8")
    suppliers.write_text(text.replace('phone: "035 603 60 80"', "phone: +31356036080", 1), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        start(root, tmp_path / "cache")
    assert any("suppliers.yaml: suppliers.0(esis).phone" in p for p in raised.value.problems)


def test_a_damaged_cache_is_read_past(root: Path, tmp_path: Path) -> None:
    start(root, tmp_path / "cache")
    for kept in (tmp_path / "cache").iterdir():
        kept.write_bytes(b"\x00not what was written")
    assert start(root, tmp_path / "cache").journey.steps[0].id == "nummervoorziening"


def test_a_cache_folder_that_cannot_be_made_only_slows_the_start(root: Path, tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    content = start(root, in_the_way / "cache")
    assert content.text("nl", "menu.hint")
    assert in_the_way.read_text(encoding="utf-8") == "not a folder"


def test_a_content_file_that_is_not_utf8_is_named(root: Path, tmp_path: Path) -> None:
    (root / "links.yaml").write_bytes("links: caf\u00e9".encode("latin-1"))
    with pytest.raises(ContentError) as raised:
        start(root, tmp_path / "cache")
    assert any("links.yaml" in p and "UTF-8" in p for p in raised.value.problems)


QUESTIONS = [
    "wat als een leerling geen BSN heeft?",
    "wie moet de verwerkersovereenkomst tekenen",
    "what is an ECK iD",
    "moet ik iets doen bij ParnasSys",
    "hoe laat is het in Tokio",
]


def test_after_a_restart_the_questions_get_the_same_answers(root: Path, tmp_path: Path) -> None:
    content = start(root, tmp_path / "cache")
    cache = StartupCache.from_setting(str(tmp_path / "cache"), root)
    built = question_matcher(content.knowledge, cache)
    restored = question_matcher(content.knowledge, cache)
    assert restored is not built
    assert any(p.name.startswith("matcher-") for p in (tmp_path / "cache").iterdir())
    typed = QUESTIONS + [e.question.get("nl") for e in content.knowledge.entries]
    for question in typed:
        fresh, again = built.match(question), restored.match(question)
        assert again.band == fresh.band, question
        assert (again.best and again.best.entry.id) == (fresh.best and fresh.best.entry.id), question


def test_a_phrasing_added_after_a_good_start_is_learned_at_the_next(root: Path, tmp_path: Path) -> None:
    asked = "flamingo zebrapad kwispelstaart"  # words no other text of the knowledge base has
    content = start(root, tmp_path / "cache")
    question_matcher(content.knowledge, StartupCache.from_setting(str(tmp_path / "cache"), root))
    entries = root / "faq" / "pupils.yaml"
    text = entries.read_text(encoding="utf-8")
    old = "    phrasings:\n      nl:\n"
    entries.write_text(text.replace(old, f"{old}        - {asked}\n", 1), encoding="utf-8")
    changed = start(root, tmp_path / "cache")
    matcher = question_matcher(changed.knowledge, StartupCache.from_setting(str(tmp_path / "cache"), root))
    first = next(e for e in changed.knowledge.entries if asked in e.texts("nl"))
    found = matcher.match(asked)
    assert found.band == Band.ANSWER and found.best is not None and found.best.entry.id == first.id


def test_a_user_without_a_home_folder_starts_without_a_cache(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A container's user often has no home: start-up must go on, only without the cache.
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    cache = StartupCache.from_setting("", root)
    content = load_checked_content(Settings(_env_file=None, content_dir=root), cache)
    assert content.journey.steps[0].id == "nummervoorziening"
    assert not cache.content_checked()
