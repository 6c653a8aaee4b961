"""Loads content/ once at start-up, validates it, and renders its texts.

A broken file stops start-up with the file, the field and the problem named.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import orjson
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ValidationError

from bot.content_models import (
    LOCALES,
    CardList,
    Journey,
    LinkList,
    SupplierDirectory,
    Vocabulary,
)
from bot.content_yaml import YamlSyntaxError, load_yaml
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.entries import AskedFile, AskedQuestion, FaqFile, FaqLanguage

QA_LOCALE = "qa"  # a pseudo-locale for tests: every text renders as its own key, words are Dutch
Model = TypeVar("Model", bound=BaseModel)
Loaded = TypeVar("Loaded")


class ContentError(Exception):
    """One or more problems in content/, each naming the file and the field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _field_path(location: tuple[int | str, ...], data: Any = None) -> str:
    """steps.0.questions.1.kind, with the ids of list items: steps.0(nummervoorziening)..."""
    parts = []
    node = data
    for part in location:
        label = str(part)
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            item_id = node.get("id") if isinstance(node, dict) else None
            label = f"{part}({item_id})" if isinstance(item_id, str) else label
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = None
        parts.append(label)
    return ".".join(parts) or "(top)"


def read_tree(path: Path, name: str) -> Any:
    """A content file's YAML; a missing file or broken YAML is a ContentError naming the file."""
    if not path.exists():
        raise ContentError([f"{name}: file is missing"])
    try:
        return load_yaml(path)
    except YamlSyntaxError as error:
        raise ContentError([f"{name}: not valid YAML: {error}"]) from None


def load_model(path: Path, model: type[Model], root: Path) -> Model:
    name = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
    data = read_tree(path, str(name))
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(
            [f"{name}: {_field_path(e['loc'], data)}: {e['msg']}" for e in error.errors()]
        ) from None


def flatten(tree: Mapping[Any, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, dotted + ".")
        else:
            yield dotted, value


def load_messages(path: Path, root: Path) -> dict[str, str]:
    name = path.relative_to(root.parent)
    tree = read_tree(path, str(name))
    if not isinstance(tree, Mapping):
        raise ContentError([f"{name}: (top): expected a mapping of text keys"])
    messages: dict[str, str] = {}
    problems = []
    for key, value in flatten(tree):
        if not isinstance(key, str) or not isinstance(value, str):
            problems.append(f"{name}: {key}: a text must be a string, got {type(value).__name__}")
        else:
            messages[key] = value
    if problems:
        raise ContentError(problems)
    return messages


@dataclass(frozen=True, eq=False)  # hashed by identity, so its text cache can key on it
class Content:
    """Everything a user reads, validated. Built once; shared by every turn."""

    root: Path
    journey: Journey
    suppliers: SupplierDirectory
    links: LinkList
    cards: CardList
    messages: Mapping[str, Mapping[str, str]]
    vocabulary: Mapping[str, Vocabulary]
    knowledge: KnowledgeBase
    environment: SandboxedEnvironment

    def text(self, locale: str, key: str, **variables: Any) -> str:
        """A text in the locale, rendered with its variables; the key itself in the qa locale."""
        if locale == QA_LOCALE:
            return key
        compiled = self._compiled(locale, key)
        return compiled if isinstance(compiled, str) else compiled.render(**variables).strip()

    def words(self, locale: str) -> Vocabulary:
        """The typed words of a locale; the qa pseudo-locale types Dutch."""
        return self.vocabulary.get(locale) or self.vocabulary["nl"]

    def translator(self, locale: str) -> Callable[..., str]:
        return functools.partial(self.text, locale)

    @functools.cache  # noqa: B019 - Content lives as long as the process and is immutable
    def _compiled(self, locale: str, key: str) -> jinja2.Template | str:
        source = self.messages[locale][key]
        if not any(mark in source for mark in ("{{", "{%", "{#")):
            return source.strip()  # most texts are plain: no template to run
        return self.environment.from_string(source)

    def template(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    def link(self, link_id: str) -> Any:
        return next(link for link in self.links.links if link.id == link_id)

    def supplier_names(self) -> dict[str, str]:
        """Names of the LAS suppliers by id, and of Nummervoorziening, as agreements are named."""
        names = {s.id: s.name for s in self.suppliers.suppliers}
        return names | {"nummervoorziening": self.suppliers.nummervoorziening_name}


def _tojson(value: Any, **_: Any) -> str:
    # The `tojson` filter runs a dozen times per card; orjson writes the same JSON several times faster.
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def make_environment(root: Path) -> SandboxedEnvironment:
    # Sandboxed: content is edited by people outside the team. StrictUndefined: a missing
    # variable is an error, never an empty string in front of a school board.
    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        auto_reload=False,  # content is read once at start-up; no file checks on every card
    )
    environment.policies["json.dumps_function"] = _tojson
    return environment


FAQ_LANGUAGE_FILE = "language.yaml"
FAQ_ASKED_FOLDER = "asked"


def load_knowledge(root: Path) -> KnowledgeBase:
    """content/faq/: every *.yaml but language.yaml holds entries; an id is used once in all of them."""
    folder = root / "faq"
    problems: list[str] = []
    language: FaqLanguage | None = None
    try:
        language = load_model(folder / FAQ_LANGUAGE_FILE, FaqLanguage, root)
    except ContentError as error:
        problems.extend(error.problems)
    entries = []
    files: dict[str, str] = {}
    paths = sorted(p for p in folder.glob("*.yaml") if p.name != FAQ_LANGUAGE_FILE)
    if not paths:
        problems.append(f"{folder.relative_to(root.parent)}: no knowledge base files (*.yaml)")
    for path in paths:
        name = str(path.relative_to(root.parent))
        try:
            loaded = load_model(path, FaqFile, root)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        for number, entry in enumerate(loaded.entries):
            if entry.id in files:
                problems.append(f"{name}: entries.{number}({entry.id}): id is also used in {files[entry.id]}")
                continue
            files[entry.id] = name
            entries.append(entry)
    asked = load_asked(folder / FAQ_ASKED_FOLDER, files.keys(), root, problems)
    if problems or language is None:
        raise ContentError(problems)
    return KnowledgeBase(tuple(entries), language, tuple(asked))


def load_asked(
    folder: Path, entry_ids: Iterable[str], root: Path, problems: list[str]
) -> list[AskedQuestion]:
    """content/faq/asked/*.yaml, each question tied to an entry that exists (or to none)."""
    known = set(entry_ids)
    asked: list[AskedQuestion] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded = load_model(path, AskedFile, root)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        for number, question in enumerate(loaded.questions):
            if question.entry is not None and question.entry not in known:
                name = path.relative_to(root.parent)
                problems.append(f"{name}: questions.{number}.entry: no entry has the id {question.entry!r}")
                continue
            asked.append(question)
    return asked


def load_content(root: Path, checks: bool = True) -> Content:
    """Reads and validates every file; raises ContentError naming each problem.

    CHECKS=False leaves out the checks across files (texts and cards against their uses), for
    content that passed them before with this code (bot/startup_cache.py); each file is still
    read and validated on its own.
    """
    from bot.content_checks import check_content

    problems: list[str] = []

    def attempt(loader: Callable[[], Loaded]) -> Loaded | None:
        try:
            return loader()
        except ContentError as error:
            problems.extend(error.problems)
            return None

    journey = attempt(lambda: load_model(root / "journey.yaml", Journey, root))
    suppliers = attempt(lambda: load_model(root / "suppliers.yaml", SupplierDirectory, root))
    links = attempt(lambda: load_model(root / "links.yaml", LinkList, root))
    cards = attempt(lambda: load_model(root / "cards" / "cards.yaml", CardList, root))
    knowledge = attempt(lambda: load_knowledge(root))
    messages: dict[str, dict[str, str]] = {}
    vocabulary: dict[str, Vocabulary] = {}
    for locale in LOCALES:
        try:
            messages[locale] = load_messages(root / locale / "messages.yaml", root)
        except ContentError as error:
            problems.extend(error.problems)
        found = attempt(lambda loc=locale: load_model(root / loc / "vocabulary.yaml", Vocabulary, root))  # type: ignore[misc]
        if found is not None:
            vocabulary[locale] = found
    if problems or not (journey and suppliers and links and cards and knowledge):
        raise ContentError(problems)
    content = Content(
        root=root,
        journey=journey,
        suppliers=suppliers,
        links=links,
        cards=cards,
        messages=messages,
        vocabulary=vocabulary,
        knowledge=knowledge,
        environment=make_environment(root),
    )
    problems = check_content(content) if checks else []
    if problems:
        raise ContentError(problems)
    return content
