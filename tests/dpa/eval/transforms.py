# ruff: noqa: E501  (agreement text: one sentence per line, as documents have it)
"""The named transformations of the model that variants.py combines into the evaluation set.

Each takes the model in parts and a seeded random generator and returns the agreement as text.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from tests.dpa.eval import english
from tests.dpa.eval.model_parts import Article, ModelParts, cut_between, swap_text
from tests.dpa.eval.passages import (
    BREACH_72_HOURS,
    BREACH_HIGH_RISK,
    GENERAL_TERMS_PREVAIL,
    HEADINGS,
    NO_AUDIT_4,
    NO_AUDIT_5,
    NOT_FOR_OWN_PURPOSES,
    OWN_PURPOSES,
    PARAPHRASES,
    REFERENCE_CORRECTED,
    SILENT_NO_CONFIRMATION,
    SUBPROCESSORS_SILENT,
    TRANSFERS_SAFE,
    TRANSFERS_UNSAFE,
    UNILATERAL_CHANGE,
)

Transform = Callable[[ModelParts, random.Random], str]


# -- removals -------------------------------------------------------------------------------


def remove_audit(parts: ModelParts, _: random.Random) -> str:
    body = parts.article(6).body
    body = cut_between(body, "4. De Verwerker stelt", None).rstrip() + "\n\n"
    return parts.with_article(6, body=body).render()


def remove_article(number: int) -> Transform:
    return lambda parts, _: parts.without_article(number).render()


def remove_transfers(parts: ModelParts, _: random.Random) -> str:
    bijsluiter = swap_text(
        parts.bijsluiter,
        "Indien de Persoonsgegevens buiten de EER opgeslagen worden, moet dit expliciet aangegeven worden en dienen de passende waarborgen (of een verwijzing ernaar) opgenomen te worden.\n\n",
        "",
    )
    return replace(parts.without_article(9), bijsluiter=bijsluiter).render()


def remove_breach(parts: ModelParts, _: random.Random) -> str:
    security = cut_between(parts.security, "Informereren over Inbreuken", "Versie\n")
    return replace(parts.without_article(7), security=security).render()


def remove_precedence_and_duration(parts: ModelParts, _: random.Random) -> str:
    return parts.without_article(13).without_article(14).render()


def remove_bijsluiter(parts: ModelParts, _: random.Random) -> str:
    return replace(parts, bijsluiter="").render()


def remove_security_annex(parts: ModelParts, _: random.Random) -> str:
    return replace(parts, security="").render()


# -- rewording, renumbering, merging, moving --------------------------------------------------


def _reword(parts: ModelParts, rng: random.Random, skip: tuple[int, ...] = ()) -> ModelParts:
    for number, old, new in PARAPHRASES:
        if number in skip:
            continue
        parts = parts.with_article(number, body=swap_text(parts.article(number).body, old, new))
    for number, options in HEADINGS.items():
        parts = parts.with_article(number, heading=rng.choice(options))
    return parts


def reworded(parts: ModelParts, rng: random.Random) -> str:
    return _reword(parts, rng).render()


def _caps_style(number: int, heading: str) -> str:
    return f"{number}. {heading.upper()}"


def _reorder(parts: ModelParts, rng: random.Random) -> ModelParts:
    first, rest = parts.articles[0], list(parts.articles[1:])
    rng.shuffle(rest)
    return replace(parts, articles=[first, *rest])


def renumbered_reordered(parts: ModelParts, rng: random.Random) -> str:
    return _reorder(parts, rng).render(style=lambda n, h: f"Art. {n} – {h}", renumber=True)


def _merge(parts: ModelParts, into: int, taken: int, heading: str) -> ModelParts:
    """Article `taken` becomes the last clauses of article `into`, under one heading."""
    target, moved = parts.article(into), parts.article(taken)
    count = sum(1 for line in target.body.splitlines() if line[:1].isdigit() and ". " in line[:4])
    renumbered = moved.body
    for index in range(9, 0, -1):
        renumbered = renumbered.replace(f"\n{index}. ", f"\n{index + count}. ")
    merged = Article(into, heading, target.body.rstrip("\n") + "\n" + renumbered.lstrip("\n"))
    articles = [merged if a.number == into else a for a in parts.articles if a.number != taken]
    return replace(parts, articles=articles)


def merged(parts: ModelParts, _: random.Random) -> str:
    parts = _merge(parts, 2, 3, "Onderwerp, opdracht en rolverdeling")
    parts = _merge(parts, 6, 5, "Beveiliging, geheimhouding en controle")
    parts = _merge(parts, 12, 13, "Aansprakelijkheid, rangorde en wijziging")
    return parts.render(renumber=True)


ANNEX_3 = "\n\nBIJLAGE 3: Subverwerkers en einde van de verwerking\n"


def moved_to_annex(parts: ModelParts, _: random.Random) -> str:
    subprocessors, retention = parts.article(10).body, parts.article(11).body
    annex = (
        ANNEX_3
        + "\nA. Inschakeling van Subverwerkers"
        + subprocessors.replace("\n1. ", "\nA.1 ").replace("\n2. ", "\nA.2 ")
        + "B. Bewaartermijnen en vernietiging"
        + retention.replace("\n1. ", "\nB.1 ").replace("\n2. ", "\nB.2 ").replace("\n3. ", "\nB.3 ")
    )
    parts = parts.with_article(
        10,
        heading="Subverwerkers",
        body="\n\n1. Voor de inschakeling van Subverwerkers geldt wat in Bijlage 3, onderdeel A, is bepaald.\n\n",
    )
    parts = parts.with_article(
        11,
        heading="Einde van de verwerking",
        body="\n\n1. Voor bewaren, teruggeven en vernietigen van de Persoonsgegevens geldt Bijlage 3, onderdeel B.\n\n",
    )
    closing = parts.closing.rstrip("\n") + "\n\nBijlage 3: Subverwerkers en einde van de verwerking\n\n"
    # the confidentiality clause moves into the security annex as well
    confidentiality = parts.article(5).body.strip().removeprefix("1. ")
    parts = parts.without_article(5)
    security = swap_text(
        parts.security,
        "Informereren over Inbreuken",
        f"Geheimhouding\n\n{confidentiality}\n\nInformereren over Inbreuken",
    )
    parts = parts.with_article(
        6, body=parts.article(6).body + "7. De afspraken over geheimhouding staan in Bijlage 2.\n\n"
    )
    return replace(parts, closing=closing, security=security, extra_annexes=[annex]).render(renumber=True)


# -- deviations -------------------------------------------------------------------------------

Edit = tuple[int, str, str]


def edits(*changes: Edit) -> Transform:
    """The model with passages replaced (see passages.py)."""

    def apply(parts: ModelParts, _: random.Random) -> str:
        return _apply(parts, changes).render()

    return apply


def _apply(parts: ModelParts, changes: tuple[Edit, ...]) -> ModelParts:
    for number, old, new in changes:
        parts = parts.with_article(number, body=swap_text(parts.article(number).body, old, new))
    return parts


def transfers_unsafe(parts: ModelParts, _: random.Random) -> str:
    parts = _apply(parts, (TRANSFERS_UNSAFE,))
    bijsluiter = swap_text(
        parts.bijsluiter,
        "Plaats/land van opslag en Verwerking van de Persoonsgegevens:\tNuremberg, Duitsland",
        "Plaats/land van opslag en Verwerking van de Persoonsgegevens:\tVerenigde Staten (Virginia), India (support)",
    )
    return replace(parts, bijsluiter=bijsluiter).render()


def reference_corrected(parts: ModelParts, _: random.Random) -> str:
    return _apply(parts, (REFERENCE_CORRECTED,)).render()


def bijsluiter_gaps(parts: ModelParts, _: random.Random) -> str:
    bijsluiter = cut_between(parts.bijsluiter, "Bewaartermijnen van de Persoonsgegevens:", "E. Categorie")
    bijsluiter = cut_between(bijsluiter, "H. Contactgegevens", "I. Versie")
    return replace(parts, bijsluiter=bijsluiter).render()


# -- English ----------------------------------------------------------------------------------


def _english_style(english_numbers: set[int]) -> Callable[[int, str], str]:
    return lambda n, h: f"Article {n}: {h}" if n in english_numbers else f"Artikel {n}: {h}"


ENGLISH_ARTICLES = {
    5: english.CONFIDENTIALITY,
    7: english.BREACH,
    10: english.SUBPROCESSORS,
    11: english.RETENTION,
    12: english.LIABILITY,
}


def translated(parts: ModelParts, _: random.Random) -> str:
    for number, (heading, body) in ENGLISH_ARTICLES.items():
        parts = parts.with_article(number, heading=heading, body=body)
    return parts.render(style=_english_style(set(ENGLISH_ARTICLES)))


def translated_deviating(parts: ModelParts, _: random.Random) -> str:
    articles = {**ENGLISH_ARTICLES, 7: english.BREACH_LATE, 12: english.LIABILITY_EXCLUDED}
    for number, (heading, body) in articles.items():
        parts = parts.with_article(number, heading=heading, body=body)
    return parts.render(style=_english_style(set(articles)))


# -- combinations -----------------------------------------------------------------------------


def combo_reordered_deviating(parts: ModelParts, rng: random.Random) -> str:
    parts = _apply(parts, (OWN_PURPOSES, SUBPROCESSORS_SILENT)).without_article(12)
    return _reorder(parts, rng).render(style=_caps_style, renumber=True)


def combo_merged_annex_deviating(parts: ModelParts, rng: random.Random) -> str:
    parts = _apply(parts, (NO_AUDIT_4, NO_AUDIT_5))
    parts = _reword(parts, rng, skip=(6,))
    return transfers_unsafe(_merge(parts, 12, 13, "Aansprakelijkheid en rangorde"), rng)


def combo_reworded_late_breach(parts: ModelParts, rng: random.Random) -> str:
    parts = _apply(parts, (BREACH_72_HOURS, BREACH_HIGH_RISK, GENERAL_TERMS_PREVAIL))
    return _reorder(parts, rng).render(style=lambda n, h: f"§ {n} {h}", renumber=True)


def combo_good_practice(parts: ModelParts, rng: random.Random) -> str:
    parts = _apply(_reword(parts, rng), (NOT_FOR_OWN_PURPOSES, TRANSFERS_SAFE))
    return parts.render(renumber=True)


def combo_silent_gaps(parts: ModelParts, rng: random.Random) -> str:
    parts = _apply(parts, (SILENT_NO_CONFIRMATION, UNILATERAL_CHANGE)).without_article(8)
    return replace(parts, security="").render(style=_caps_style)


def breach_removed_in_english_doc(parts: ModelParts, _: random.Random) -> str:
    articles = {n: body for n, body in ENGLISH_ARTICLES.items() if n != 7}
    for number, (heading, body) in articles.items():
        parts = parts.with_article(number, heading=heading, body=body)
    security = cut_between(parts.security, "Informereren over Inbreuken", "Versie\n")
    return replace(parts.without_article(7), security=security).render(style=_english_style(set(articles)))
