"""Cross-checks between content files, run at start-up and by `eckbot check-content`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import jinja2
from jinja2 import meta, nodes

from bot.content_models import LOCALES, Question

if TYPE_CHECKING:
    from bot.content import Content

# The variables a text in messages.yaml may use; the dialogs always pass these (None where absent).
MESSAGE_VARIABLES = frozenset(
    {"board", "school", "agreement", "supplier", "step", "count", "name", "value", "when", "who"}
    | {"source", "source_date", "checked", "question"}
)
TEMPLATE_GLOBALS = frozenset({"t", "locale"})


def _journey_questions(content: Content) -> Iterator[tuple[str, Question]]:
    for index, question in enumerate(content.journey.prelude):
        yield f"prelude.{index}", question
    for s_index, step in enumerate(content.journey.steps):
        for q_index, question in enumerate(step.questions):
            yield f"steps.{s_index}({step.id}).questions.{q_index}", question


def text_keys_used(content: Content) -> Iterator[tuple[str, str]]:
    """Every text key named outside messages.yaml, with where it is named."""
    for where, question in _journey_questions(content):
        yield f"journey.yaml: {where}({question.id}).prompt", question.prompt
        if question.detail:
            yield f"journey.yaml: {where}({question.id}).detail", question.detail
        for option in question.options:
            yield f"journey.yaml: {where}({question.id}).options.{option.value}", option.label
    for step in content.journey.steps:
        yield f"journey.yaml: steps({step.id}).title", step.title
        yield f"journey.yaml: steps({step.id}).summary", step.summary
    for supplier in [*content.suppliers.suppliers, content.suppliers.fallback]:
        if supplier.notes:
            yield f"suppliers.yaml: {supplier.id}.notes", supplier.notes
    for link in content.links.links:
        yield f"links.yaml: {link.id}.label", link.label
    for spec in content.cards.cards:
        for key in _translated_keys(content, f"cards/{spec.name}.json.j2"):
            yield f"cards/{spec.name}.json.j2", key


def _translated_keys(content: Content, template: str) -> Iterator[str]:
    try:
        source, _, _ = content.environment.loader.get_source(content.environment, template)  # type: ignore[union-attr]
        tree = content.environment.parse(source)
    except jinja2.TemplateError:
        return  # check_cards reports a missing or broken template, with its file

    for call in tree.find_all(nodes.Call):
        if (
            isinstance(call.node, nodes.Name)
            and call.node.name == "t"
            and call.args
            and isinstance(call.args[0], nodes.Const)
        ):
            yield str(call.args[0].value)


def check_messages(content: Content) -> list[str]:
    problems = []
    all_keys = set().union(*(set(content.messages[loc]) for loc in LOCALES))
    for locale in LOCALES:
        for key in sorted(all_keys - set(content.messages[locale])):
            problems.append(f"{locale}/messages.yaml: {key}: missing (present in another locale)")
        for key, text in content.messages[locale].items():
            if not any(mark in text for mark in ("{{", "{%", "{#", "}}", "%}", "#}")):
                continue  # plain text: nothing for jinja to find (most texts; start-up reads them all)
            try:
                tree = content.environment.parse(text)
            except jinja2.TemplateSyntaxError as error:
                problems.append(f"{locale}/messages.yaml: {key}: template error: {error.message}")
                continue
            unknown = meta.find_undeclared_variables(tree) - MESSAGE_VARIABLES
            if unknown:
                problems.append(f"{locale}/messages.yaml: {key}: unknown variable(s) {sorted(unknown)}")
    for where, key in text_keys_used(content):
        for locale in LOCALES:
            if key not in content.messages[locale]:
                problems.append(f"{where}: text key {key!r} is not in {locale}/messages.yaml")
    return problems


def check_journey(content: Content) -> list[str]:
    problems = []
    link_ids = {link.id for link in content.links.links}
    for question_list, name in [(content.journey.prelude, "prelude")] + [
        (step.questions, f"steps({step.id})") for step in content.journey.steps
    ]:
        ids = [q.id for q in question_list]
        for duplicate in {i for i in ids if ids.count(i) > 1}:
            problems.append(f"journey.yaml: {name}: question id {duplicate!r} appears twice")
        for question in question_list:
            where = f"journey.yaml: {name}.questions({question.id})"
            targets = [question.next, *question.branches.values()]
            targets += [question.skip_to] if question.skip_to else []
            for target in targets:
                if target != "end" and target not in ids:
                    problems.append(f"{where}: goes to unknown question {target!r}")
            for link in question.links:
                if link not in link_ids:
                    problems.append(f"{where}.links: unknown link {link!r}")
            if question.kind == "choice" and not (question.options or question.options_from):
                problems.append(f"{where}: a choice needs options or options_from")
            if question.body and question.body not in {c.name for c in content.cards.cards}:
                problems.append(f"{where}.body: unknown card part {question.body!r}")
    return problems


def check_cards(content: Content) -> list[str]:
    problems = []
    for spec in content.cards.cards:
        name = f"cards/{spec.name}.json.j2"
        try:
            source, _, _ = content.environment.loader.get_source(content.environment, name)  # type: ignore[union-attr]
            tree = content.environment.parse(source)
        except jinja2.TemplateNotFound:
            problems.append(f"cards/cards.yaml: {spec.name}: template {name} is missing")
            continue
        except jinja2.TemplateSyntaxError as error:
            problems.append(f"{name}: line {error.lineno}: {error.message}")
            continue
        unknown = meta.find_undeclared_variables(tree) - set(spec.variables) - TEMPLATE_GLOBALS
        if unknown:
            problems.append(f"{name}: uses variables not declared in cards.yaml: {sorted(unknown)}")
    return problems


def check_vocabulary(content: Content) -> list[str]:
    problems = []
    for locale, vocabulary in content.vocabulary.items():
        commands = {w for words in vocabulary.commands.values() for w in words}
        commands |= {w for words in vocabulary.steps.values() for w in words}
        answers = {w for words in vocabulary.answers.values() for w in words}
        for word in sorted(commands & answers):
            problems.append(f"{locale}/vocabulary.yaml: {word!r} is both a command and an answer")
    return problems


def check_content(content: Content) -> list[str]:
    return check_messages(content) + check_journey(content) + check_cards(content) + check_vocabulary(content)
