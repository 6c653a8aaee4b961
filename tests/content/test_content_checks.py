"""A broken content/ folder stops start-up and `eckbot check-content` with the file and field named.

Each test copies the real content/ folder, breaks one thing the way an editor might, and checks
that the operator is told where: which file, and which field or key in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.composition import load_checked_content
from bot.config import DEFAULT_CONTENT_DIR, Settings
from bot.content import Content, ContentError
from bot.content_yaml import load_yaml


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return copy


def load(root: Path) -> Content:
    return load_checked_content(Settings(_env_file=None, content_dir=root))


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load(root)
    assert raised.value.problems, "a ContentError must name at least one problem"
    return raised.value.problems


def edit(path: Path, old: str, new: str) -> None:
    """Replaces one exact passage; fails when the real content no longer has it exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected {old!r} exactly once; update this test"
    path.write_text(text.replace(old, new), encoding="utf-8")


def assert_named(problems: list[str], *fragments: str) -> None:
    """One problem names all the fragments (the file, the field, the wrong value)."""
    assert any(all(f in problem for f in fragments) for problem in problems), (
        f"no problem names all of {fragments}; problems were:\n" + "\n".join(problems)
    )


def test_the_unbroken_copy_loads(root: Path) -> None:
    # Every other test in this file relies on the copy itself being valid.
    content = load(root)
    assert content.root == root
    assert [step.id for step in content.journey.steps] == [
        "nummervoorziening",
        "las",
        "agreements",
        "alert",
        "more_info",
    ]


def test_an_unknown_field_in_journey_yaml(root: Path) -> None:
    edit(root / "journey.yaml", "    validate: bg_number\n", "    validate: bg_number\n    colour: blue\n")
    assert_named(
        problems_of(root), "journey.yaml", "prelude.0(bg_number).colour", "Extra inputs are not permitted"
    )


def test_a_question_kind_that_does_not_exist(root: Path) -> None:
    edit(
        root / "journey.yaml",
        "kind: yes_no\n        prompt: step1.registered.prompt",
        "kind: maybe\n        prompt: step1.registered.prompt",
    )
    assert_named(
        problems_of(root),
        "journey.yaml",
        "steps.0(nummervoorziening).questions.1(registered).kind",
        "'yes_no'",
    )


def test_a_branch_to_a_question_that_does_not_exist(root: Path) -> None:
    edit(
        root / "journey.yaml",
        '{"yes": registered_on, "no": register_first}',
        '{"yes": registered_on, "no": register_frist}',
    )
    assert_named(
        problems_of(root),
        "journey.yaml",
        "steps(nummervoorziening).questions(registered)",
        "unknown question 'register_frist'",
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "name"),
    [
        (
            "records: set_school_las",
            "records: set_school_lass",
            "questions(school_las).records",
            "set_school_lass",
        ),
        ("validate: brin", "validate: brin_code", "questions(school_brin).validate", "brin_code"),
        ("skip_if: has_schools", "skip_if: has_school", "questions(no_schools).skip_if", "has_school"),
        (
            "options_from: las_suppliers",
            "options_from: suppliers",
            "questions(school_las).options_from",
            "suppliers",
        ),
        ("done_when: [info_read]", "done_when: [info_seen]", "steps(more_info)", "info_seen"),
    ],
    ids=["recorder", "validator", "fact", "options-provider", "step-fact"],
)
def test_a_hook_name_the_code_does_not_offer(root: Path, old: str, new: str, field: str, name: str) -> None:
    edit(root / "journey.yaml", old, new)
    assert_named(problems_of(root), "journey.yaml", field, repr(name))


def test_a_text_key_used_in_journey_yaml_but_missing_from_en(root: Path) -> None:
    edit(
        root / "en" / "messages.yaml", '  registered_on:\n    prompt: "On what date did you register?"\n', ""
    )
    assert_named(
        problems_of(root),
        "journey.yaml",
        "questions.3(registered_on).prompt",
        "'step1.registered_on.prompt' is not in en/messages.yaml",
    )


def test_a_text_only_in_dutch(root: Path) -> None:
    edit(
        root / "nl" / "messages.yaml",
        "dialog:\n",
        'dialog:\n  thanks: "Bedankt voor uw geduld."\n',
    )
    problems = problems_of(root)
    assert_named(problems, "en/messages.yaml", "dialog.thanks", "missing")
    assert not any(p.startswith("nl/messages.yaml") for p in problems), problems


def test_a_yaml_syntax_error(root: Path) -> None:
    edit(root / "links.yaml", "    label: link.nv_about\n", '    label: "link.nv_about\n')
    assert_named(problems_of(root), "links.yaml", "not valid YAML", "line")


def test_an_unquoted_phone_number_is_not_silently_turned_into_a_number(root: Path) -> None:
    # YAML reads +31356036080 as the integer 31356036080; the leading + and any 0 would be lost.
    edit(root / "suppliers.yaml", 'phone: "035 603 60 80"', "phone: +31356036080")
    assert_named(problems_of(root), "suppliers.yaml", "suppliers.0(esis).phone", "valid string")


def test_an_invalid_url_in_links_yaml(root: Path) -> None:
    edit(root / "links.yaml", "url: https://www.privacyconvenant.nl/", "url: www.privacyconvenant.nl")
    assert_named(problems_of(root), "links.yaml", "links.4(privacyconvenant).url", "URL")


def test_a_card_template_using_an_undeclared_variable(root: Path) -> None:
    edit(
        root / "cards" / "notice.json.j2",
        '{"type": "TextBlock", "text": {{ text | tojson }}, "wrap": true}',
        '{"type": "TextBlock", "text": {{ text | tojson }}, "wrap": true},\n'
        '    {"type": "TextBlock", "text": {{ footer | tojson }}, "wrap": true}',
    )
    assert_named(problems_of(root), "cards/notice.json.j2", "not declared in cards.yaml", "footer")


def test_a_card_template_with_a_jinja_syntax_error(root: Path) -> None:
    edit(root / "cards" / "checklist.json.j2", "{%- if complete %}", "{%- if complete }")
    assert_named(problems_of(root), "cards/checklist.json.j2", "line")


def test_a_card_declared_in_cards_yaml_without_a_template(root: Path) -> None:
    (root / "cards" / "notice.json.j2").unlink()
    assert_named(problems_of(root), "cards/cards.yaml", "notice", "is missing")


def test_a_message_with_an_unknown_variable(root: Path) -> None:
    edit(
        root / "nl" / "messages.yaml",
        "Gekoppeld aan {{ board.name or 'het bestuur' }}",
        "Gekoppeld aan {{ bestuur.naam or 'het bestuur' }}",
    )
    assert_named(problems_of(root), "nl/messages.yaml", "dialog.board_linked", "unknown variable", "bestuur")


def test_a_missing_messages_file(root: Path) -> None:
    (root / "en" / "messages.yaml").unlink()
    assert_named(problems_of(root), "en/messages.yaml", "file is missing")


def test_a_word_that_is_both_a_command_and_an_answer(root: Path) -> None:
    edit(root / "en" / "vocabulary.yaml", '"no": [no, n,', '"no": [no, stop, n,')
    assert_named(problems_of(root), "en/vocabulary.yaml", "'stop'", "both a command and an answer")


def test_several_problems_are_reported_together(root: Path) -> None:
    # An editor fixes everything in one go instead of one problem per start-up.
    edit(root / "links.yaml", "url: https://www.privacyconvenant.nl/", "url: www.privacyconvenant.nl")
    (root / "en" / "messages.yaml").unlink()
    problems = problems_of(root)
    assert_named(problems, "links.yaml", "links.4(privacyconvenant).url")
    assert_named(problems, "en/messages.yaml", "file is missing")


def test_yes_and_no_stay_words(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("answer: no\nother: yes\non: off\nY: n\nflag: true\nnone: false\n", encoding="utf-8")
    assert load_yaml(path) == {
        "answer": "no",
        "other": "yes",
        "on": "off",
        "Y": "n",
        "flag": True,
        "none": False,
    }


def test_an_unquoted_no_in_the_vocabulary_still_means_the_answer_no(root: Path) -> None:
    edit(root / "nl" / "vocabulary.yaml", '  "no": [nee,', "  no: [nee,")
    edit(root / "nl" / "vocabulary.yaml", '  "yes": [ja,', "  yes: [ja,")
    words = load(root).words("nl")
    assert "nee" in words.answers["no"]
    assert "ja" in words.answers["yes"]


# `eckbot check-content`, as an operator runs it after editing content/


def start_check_content(tmp_path: Path, content_dir: Path | None) -> subprocess.Popen[str]:
    eckbot = Path(sys.executable).parent / "eckbot"
    assert eckbot.exists(), f"{eckbot} is missing: run `make install`"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECKBOT_")}
    if content_dir is not None:
        env["ECKBOT_CONTENT_DIR"] = str(content_dir)
    # Run outside the repository, so that a developer's .env cannot change what is checked.
    return subprocess.Popen(
        [str(eckbot), "check-content"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_check_content_exits_2_naming_the_problem_and_0_for_the_real_content(
    tmp_path: Path, root: Path
) -> None:
    edit(root / "suppliers.yaml", 'phone: "035 603 60 80"', "phone: +31356036080")
    # Both at once: each run starts a whole Python process.
    broken = start_check_content(tmp_path, root)
    real = start_check_content(tmp_path, None)
    broken_out, broken_err = broken.communicate(timeout=60)
    real_out, real_err = real.communicate(timeout=60)

    assert broken.returncode == 2, broken_err
    assert "content/ has problems" in broken_err
    assert "suppliers.yaml: suppliers.0(esis).phone" in broken_err
    assert "Traceback" not in broken_err
    assert "content OK" not in broken_out

    assert real.returncode == 0, real_err
    assert f"content OK: {DEFAULT_CONTENT_DIR}" in real_out
