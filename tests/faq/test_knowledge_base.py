"""The knowledge base as content editors keep it: complete entries, unique ids, broken files named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import DEFAULT_CONTENT_DIR
from bot.content import Content, ContentError, load_content
from bot.knowledge.matcher import Band, QuestionMatcher


def test_the_knowledge_base_covers_at_least_sixty_questions_with_source_and_date(content: Content) -> None:
    entries = content.knowledge.entries
    assert len(entries) >= 60
    for entry in entries:
        assert entry.source.strip() and entry.source_date.strip(), entry.id
        assert entry.checked.year >= 2026, entry.id
        assert len(entry.phrasings.nl) >= 3, entry.id
        assert entry.answer.nl.strip() and entry.answer.en.strip(), entry.id


def test_every_answer_links_to_its_source_except_those_about_the_bot_itself(content: Content) -> None:
    unlinked = [e.id for e in content.knowledge.entries if not e.links and not e.id.startswith("bot-")]
    assert unlinked == []


def test_every_id_is_used_once(content: Content) -> None:
    ids = [entry.id for entry in content.knowledge.entries]
    assert len(ids) == len(set(ids))


@pytest.fixture
def editable_content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    return copy


def test_an_id_used_twice_stops_start_up_naming_both_files(editable_content: Path) -> None:
    first = (editable_content / "faq" / "basics.yaml").read_text()
    (editable_content / "faq" / "zz-copy.yaml").write_text(first)

    with pytest.raises(ContentError) as failure:
        load_content(editable_content)

    assert (
        "content/faq/zz-copy.yaml: entries.0(wat-is-eck-id): id is also used in content/faq/basics.yaml"
        in str(failure.value)
    )


def test_an_entry_without_a_source_stops_start_up_naming_the_field(editable_content: Path) -> None:
    path = editable_content / "faq" / "pupils.yaml"
    text = path.read_text()
    start = text.index("    source:")
    end = text.index("\n", start)
    path.write_text(text[:start] + text[end + 1 :])

    with pytest.raises(ContentError) as failure:
        load_content(editable_content)

    assert "content/faq/pupils.yaml: entries.0(leerling-zonder-bsn).source: Field required" in str(
        failure.value
    )


def test_an_unquoted_date_in_checked_is_read_as_a_date_and_a_bad_one_is_refused(
    editable_content: Path,
) -> None:
    path = editable_content / "faq" / "pupils.yaml"
    path.write_text(path.read_text().replace('checked: "2026-11-29"', 'checked: "gisteren"', 1))

    with pytest.raises(ContentError) as failure:
        load_content(editable_content)

    assert "content/faq/pupils.yaml: entries.0(leerling-zonder-bsn).checked" in str(failure.value)


def test_an_asked_question_tied_to_an_unknown_entry_stops_start_up_naming_file_and_field(
    editable_content: Path,
) -> None:
    (editable_content / "faq" / "asked" / "zz-new.yaml").write_text(
        'questions:\n  - ask: "wie tekent?"\n    entry: vo-wie-tekent\n'
        '  - ask: "wat kost het?"\n    entry: kosten-die-niet-bestaan\n'
    )

    with pytest.raises(ContentError) as failure:
        load_content(editable_content)

    assert (
        "content/faq/asked/zz-new.yaml: questions.1.entry: no entry has the id 'kosten-die-niet-bestaan'"
        in str(failure.value)
    )


def test_a_question_an_editor_adds_to_asked_is_answered_with_its_entry_from_then_on(
    editable_content: Path,
) -> None:
    """How editors teach the bot a way of asking it missed: one line in content/faq/asked/."""
    question = "waarom dwingt Den Haag ons tot die kindercodes"
    before = QuestionMatcher(load_content(editable_content).knowledge).match(question)
    assert before.band != Band.ANSWER

    (editable_content / "faq" / "asked" / "zz-new.yaml").write_text(
        f'questions:\n  - ask: "{question}"\n    entry: waarom-eck-id-verplicht\n'
    )
    after = QuestionMatcher(load_content(editable_content).knowledge).match(question)

    assert after.band == Band.ANSWER
    assert after.hits[0].entry.id == "waarom-eck-id-verplicht"
