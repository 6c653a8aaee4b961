"""content/dashboard/: the dashboard's texts (nl, en) and HTML templates, loaded and checked once.

A broken file stops start-up with the file and the field named, as for the rest of content/.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from markupsafe import Markup

from bot.content import ContentError, flatten, read_tree
from bot.content_models import LOCALES

FOLDER = "dashboard"
TEXTS_FILE = "texts.yaml"
TEMPLATE_SUFFIX = ".html.j2"


@dataclass(frozen=True, eq=False)  # hashed by identity, so its text cache can key on it
class DashboardTexts:
    """The dashboard's sentences per locale, and the HTML environment that renders its pages."""

    texts: Mapping[str, Mapping[str, str]]
    html: jinja2.Environment  # autoescaping: every value in a page is escaped
    plain: jinja2.Environment  # for exports (CSV, Excel), where HTML escaping would be wrong

    def markup(self, locale: str, key: str, **variables: Any) -> Markup:
        """A text for a page: its variables escaped, the sentence itself trusted content."""
        return Markup(self._compiled(locale, key, html=True).render(**variables).strip())

    def text(self, locale: str, key: str, **variables: Any) -> str:
        return self._compiled(locale, key, html=False).render(**variables).strip()

    @functools.cache  # noqa: B019 - lives as long as the process and is immutable
    def _compiled(self, locale: str, key: str, html: bool) -> jinja2.Template:
        environment = self.html if html else self.plain
        return environment.from_string(self.texts[locale][key])


def _environment(folder: Path, autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _read_texts(path: Path, name: str) -> dict[str, dict[str, str]]:
    tree = read_tree(path, name)
    if not isinstance(tree, Mapping):
        raise ContentError([f"{name}: (top): expected the locales {', '.join(LOCALES)}"])
    problems: list[str] = []
    texts: dict[str, dict[str, str]] = {}
    for locale in LOCALES:
        branch = tree.get(locale)
        if not isinstance(branch, Mapping):
            problems.append(f"{name}: {locale}: missing, or not a mapping of text keys")
            continue
        texts[locale] = {}
        for key, value in flatten(branch):
            if isinstance(value, str):
                texts[locale][key] = value
            else:
                problems.append(
                    f"{name}: {locale}.{key}: a text must be a string, got {type(value).__name__}"
                )
    for extra in sorted(set(tree) - set(LOCALES), key=str):
        problems.append(f"{name}: {extra}: not a locale; expected {', '.join(LOCALES)}")
    if problems:
        raise ContentError(problems)
    return texts


def _missing_keys(texts: Mapping[str, Mapping[str, str]], name: str) -> Iterator[str]:
    every = set().union(*(set(branch) for branch in texts.values()))
    for locale, branch in texts.items():
        for key in sorted(every - set(branch)):
            yield f"{name}: {locale}.{key}: missing (other locales have it)"


def _syntax_errors(
    texts: Mapping[str, Mapping[str, str]], environment: jinja2.Environment, name: str
) -> Iterator[str]:
    for locale, branch in texts.items():
        for key, source in branch.items():
            try:
                environment.parse(source)
            except jinja2.TemplateSyntaxError as error:
                yield f"{name}: {locale}.{key}: not a valid template: {error.message}"


def text_keys_used(tree: nodes.Template) -> set[str]:
    """The keys a page asks for literally: t('boards.caption') and t("...")."""
    return {
        call.args[0].value
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "t"
        and call.args
        and isinstance(call.args[0], nodes.Const)
        and isinstance(call.args[0].value, str)
    }


def _template_problems(
    folder: Path, environment: jinja2.Environment, known: set[str], root: Path
) -> Iterator[str]:
    for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")):
        name = path.relative_to(root.parent)
        try:
            tree = environment.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as error:
            yield f"{name}: line {error.lineno}: {error.message}"
            continue
        for key in sorted(text_keys_used(tree) - known):
            yield f"{name}: t({key!r}): no such text in {FOLDER}/{TEXTS_FILE}"


def load_dashboard_texts(root: Path) -> DashboardTexts:
    """Reads content/dashboard/ and checks it: both locales complete, every text and page parses,
    every text a page names exists. Raises ContentError naming file and field."""
    folder = root / FOLDER
    name = str((folder / TEXTS_FILE).relative_to(root.parent))
    texts = _read_texts(folder / TEXTS_FILE, name)
    html = _environment(folder, autoescape=True)
    plain = _environment(folder, autoescape=False)
    problems = [*_missing_keys(texts, name), *_syntax_errors(texts, html, name)]
    common = set.intersection(*(set(branch) for branch in texts.values()))
    problems += _template_problems(folder, html, common, root)
    if problems:
        raise ContentError(problems)
    return DashboardTexts(texts=texts, html=html, plain=plain)
