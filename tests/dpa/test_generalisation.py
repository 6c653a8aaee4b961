"""General rules of recognition, each on a small variation of the model: headings numbered in
Roman numerals, an annex called an exhibit, clauses that leave their substance to a part of an
annex, a chapter of general terms that holds the whole agreement, negations and exceptions,
time limits and whose deadline they are."""

from __future__ import annotations

import pytest

from bot.dpa.checklist import Checklist
from bot.dpa.patterns import compile_cue, words_of
from bot.dpa.segments import segment
from bot.dpa.signals import late_notification, no_notification_term
from tests.dpa.test_review import MODEL, checklist, document, finding, replace_article, run, statuses

__all__ = ["checklist"]  # the fixture


def test_roman_article_numbers_make_numbered_paragraphs_part_of_their_article() -> None:
    text = (
        "ARTICLE XI – LIABILITY\n1. The processor is liable for damage it causes.\n"
        "ARTICLE XII – PRECEDENCE AND CHANGES\n1. These Terms supplement the Customer Terms. They prevail.\n"
        "2. Changes need both parties' signatures.\n"
    )
    layout = segment(document(text))

    articles = [(s.number, s.title) for s in layout.segments if s.kind == "article"]
    assert articles == [("XI", "LIABILITY"), ("XII", "PRECEDENCE AND CHANGES")]


def test_an_exhibit_is_an_annex() -> None:
    text = "1. Scope\nThis addendum applies to all processing.\nEXHIBIT A – SECURITY MEASURES\nOnly staff.\n"
    layout = segment(document(text))

    assert [s.kind for s in layout.segments][-1] == "annex"


def test_a_titled_paragraph_of_a_chapter_is_a_clause_of_its_own() -> None:
    text = (
        "HOOFDSTUK 6 – VERWERKING VAN PERSOONSGEGEVENS\n6.1 Geheimhouding\n"
        "Medewerkers zijn tot geheimhouding verplicht.\n"
        "6.2 Datalekken\nWe melden een datalek binnen 24 uur.\n"
    )
    layout = segment(document(text))

    titled = [(s.number, s.title) for s in layout.segments if s.parent]
    assert titled == [("6.1", "Geheimhouding"), ("6.2", "Datalekken")]
    assert "verwerking" in layout.segments[-1].heading_words  # the chapter's title counts too


def test_a_clause_that_refers_to_a_part_of_an_annex_is_read_with_that_part(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        11,
        "1. Verwerker bewaart en vernietigt de Persoonsgegevens zoals geregeld in Bijlage 1, onderdeel E.",
    )
    text = text.replace(
        "Bijlage 1: Privacy Bijsluiter",
        "Bijlage 1: Privacy Bijsluiter\nE. Bewaren en vernietigen\n"
        "Aan het einde van de overeenkomst vernietigt Verwerker alle gegevens. "
        "Verwerker bevestigt de vernietiging schriftelijk aan de school.",
        1,
    )

    assert statuses(run(text, checklist))["retention_and_deletion"] == "present"


def test_an_exact_word_does_not_match_its_stem() -> None:
    assert compile_cue("=term").search(words_of("these Terms apply")) is None
    assert compile_cue("=term").search(words_of("the term of this agreement")) is not None
    assert compile_cue("term").search(words_of("these Terms apply")) is not None


def test_a_short_gap_keeps_words_together() -> None:
    cue = compile_cue("eigen . onderzoek*")

    assert cue.search(words_of("voor eigen wetenschappelijk onderzoek")) is not None
    assert cue.search(words_of("op eigen kosten de beveiliging van de leverancier laten onderzoeken")) is None


@pytest.mark.parametrize(
    ("sentence", "late"),
    [
        ("De verwerker meldt een datalek binnen 1 werkdag aan de school.", False),
        ("Processor shall notify the Controller no later than the next business day.", False),
        ("Processor shall notify the Controller in no case later than 72 hours after discovery.", True),
        ("De verwerker meldt dit binnen 24 uur en vult de melding binnen 5 werkdagen aan.", False),
        ("Processor shall notify within 5 days and provide a full report within 10 days.", True),
        ("Where notification to the regulator is required, the School must make it within 72 hours.", False),
        ("We will let you know about a breach within 4 working days.", True),
    ],
)
def test_the_processors_own_deadline_is_the_first_one_it_sets(sentence: str, late: bool) -> None:
    assert (late_notification([sentence]) is not None) is late


def test_a_sentence_that_goes_on_about_the_authority_sets_the_boards_deadline() -> None:
    texts = [
        "Je school beslist zelf of het datalek gemeld moet worden bij de Autoriteit Persoonsgegevens.",
        "Die melding moet je school binnen 72 uur doen.",
    ]

    assert late_notification(texts) is None


def test_staged_information_is_no_term_for_the_notification_itself() -> None:
    texts = [
        "Verwerker meldt een datalek aan de school.",
        "Kan niet alle informatie tegelijk worden gegeven, dan kan zij zonder onredelijke vertraging "
        "in stappen worden verstrekt.",
    ]

    assert no_notification_term(texts) == 0


def test_excluding_direct_and_indirect_damage_is_a_full_exclusion(checklist: Checklist) -> None:
    excluded = replace_article(
        MODEL,
        12,
        "1. Verwerker is niet aansprakelijk voor enige schade, direct of indirect, uit de verwerking.",
    )
    indirect_only = replace_article(
        MODEL,
        12,
        "1. Verwerker is niet aansprakelijk voor indirecte schade; directe schade is beperkt tot € 10.000.",
    )

    assert statuses(run(excluded, checklist))["liability"] == "deviates"
    assert statuses(run(indirect_only, checklist))["liability"] == "present"


def test_improving_the_service_is_no_own_purpose_but_using_the_data_for_it_is(checklist: Checklist) -> None:
    service = MODEL.replace(
        "Artikel 5: Geheimhouding",
        "Verwerker mag de functionaliteit van het platform verbeteren.\n\nArtikel 5: Geheimhouding",
    )
    data = MODEL.replace(
        "Artikel 5: Geheimhouding",
        "Verwerker mag de gegevens gebruiken om het platform te verbeteren.\n\nArtikel 5: Geheimhouding",
    )

    assert statuses(run(service, checklist))["purpose_limitation"] == "present"
    assert statuses(run(data, checklist))["purpose_limitation"] == "deviates"


def test_notice_by_updating_a_list_is_no_notice_in_advance(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        10,
        "1. Verwerker mag subverwerkers inschakelen en vervangen. Door de lijst op de website bij te werken "
        "is de school geïnformeerd; een apart bericht sturen we niet.",
    )

    result = run(text, checklist)

    assert finding(result, "subprocessors").status == "deviates"


def test_general_terms_named_before_this_agreement_prevails_are_no_deviation(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        13,
        "1. In geval van strijdigheid tussen deze overeenkomst en de algemene voorwaarden van Verwerker, "
        "prevaleert deze overeenkomst.",
    )

    assert statuses(run(text, checklist))["precedence"] == "present"


def test_a_law_named_just_before_a_reference_is_what_it_refers_to(checklist: Checklist) -> None:
    text = replace_article(
        MODEL, 12, "1. Ieder draagt de gevolgen van zijn eigen fouten, zoals de AVG dat regelt (artikel 82)."
    )

    assert not [c for c in run(text, checklist).consistency if "82" in c.detail]
