"""General rules of recognition, each on a small variation of the model: headings numbered in
Roman numerals, an annex called an exhibit, clauses that leave their substance to a part of an
annex, a chapter of general terms that holds the whole agreement, negations and exceptions,
time limits and whose deadline they are."""

from __future__ import annotations

import pytest

from bot.dpa.checklist import Checklist
from bot.dpa.patterns import compile_cue, words_of
from bot.dpa.reading_lines import Line, to_paragraphs
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


# ---------------------------------------------------------------- second pass: rules that round 3 showed


def swap_article(number: int, heading: str, body: str) -> str:
    """The model with article `number` under another heading and with another text."""
    return replace_article(MODEL, number, body).replace(
        next(line for line in MODEL.splitlines() if line.startswith(f"Artikel {number}: ")), heading, 1
    )


RULES_IN_OTHER_WORDS = [
    # English contractions and "nothing" negate
    (
        9,
        "Article 9: Where data lives",
        "We don't store or process data outside the EU.",
        "transfers_outside_eea",
        "present",
    ),
    (
        4,
        "Article 4: Use",
        "We process the data only on the school's documented instructions. Nothing in this "
        "agreement permits us to use the data for marketing purposes.",
        "purpose_limitation",
        "present",
    ),
    # a negation does not reach past a ";"
    (
        4,
        "Article 4: Use",
        "We process the data only on the school's documented instructions. We never sell "
        "data; we use it for product improvement.",
        "purpose_limitation",
        "deviates",
    ),
    (
        4,
        "Artikel 4: Gebruik",
        "We verwerken de gegevens uitsluitend in opdracht van de school. We verkopen geen "
        "gegevens; we gebruiken ze voor productverbetering.",
        "purpose_limitation",
        "deviates",
    ),
    (
        9,
        "Article 9: Transfers",
        "No data is stored outside the EU; support staff in India can however view it.",
        "transfers_outside_eea",
        "deviates",
    ),
    # "geen ... zonder ... te informeren": two negations ask for the notice
    (
        10,
        "Artikel 10: Derden",
        "Verwerker schakelt geen nieuwe subverwerkers in zonder de school ten minste 30 dagen"
        " vooraf te informeren; de school kan bezwaar maken.",
        "subprocessors",
        "present",
    ),
    # a clause that excludes audits, however long the sentence
    (
        6,
        "Artikel 6: Veiligheid",
        "Leverancier neemt passende technische en organisatorische maatregelen. Audits, "
        "inspecties of andere controles door of namens de school bij de leverancier of bij "
        "haar toeleveranciers zijn uitgesloten.",
        "audit",
        "deviates",
    ),
    (
        6,
        "Artikel 6: Veiligheid",
        "Leverancier neemt passende technische en organisatorische maatregelen. Leverancier "
        "staat geen audits toe.",
        "audit",
        "deviates",
    ),
    # liability excluded in other words
    (
        12,
        "Article 12: Liability",
        "SUPPLIER SHALL HAVE NO LIABILITY TO CUSTOMER FOR ANY LOSS OR DAMAGE ARISING OUT OF THIS DPA.",
        "liability",
        "deviates",
    ),
    (
        12,
        "Article 12: Liability",
        "We are not responsible for any loss or damage resulting from the use of the service.",
        "liability",
        "deviates",
    ),
    # precedence: the subject after the verb, "boven", "kunnen", and changes made together
    (
        13,
        "Artikel 13: Voorrang",
        "In geval van tegenstrijdigheid tussen deze overeenkomst en de algemene voorwaarden "
        "van Verwerker prevaleren de bepalingen van deze overeenkomst.",
        "precedence",
        "present",
    ),
    (
        13,
        "Artikel 13: Rangorde",
        "Bij strijdigheid gaan de Algemene Voorwaarden van Leverancier boven deze verwerkersovereenkomst.",
        "precedence",
        "deviates",
    ),
    (
        13,
        "Artikel 13: Wijzigingen",
        "Wij kunnen deze voorwaarden wijzigen. Wijzigingen maken we 30 dagen vooraf bekend.",
        "precedence",
        "deviates",
    ),
    (
        13,
        "Artikel 13: Als afspraken botsen",
        "We kunnen deze overeenkomst alleen wijzigen als we dat samen schriftelijk afspreken.",
        "precedence",
        "present",
    ),
    # transfers: a clause that keeps data inside the EEA, or names its safeguard, is the clause
    (
        9,
        "Artikel 9: Opslag",
        "Gegevens worden uitsluitend binnen de EER opgeslagen.",
        "transfers_outside_eea",
        "present",
    ),
    (
        9,
        "Article 9: Location",
        "Data is stored in the United States; transfers are covered by the EU Standard Contractual Clauses.",
        "transfers_outside_eea",
        "present",
    ),
    # purpose limitation in other words
    (
        4,
        "Artikel 4: Waarvoor",
        "Alleen om de leesapp te laten werken voor je school. De doelen staan in de bijsluiter.",
        "purpose_limitation",
        "present",
    ),
    # the supplier as controller of part of the data
    (
        3,
        "Article 3: Roles",
        "For Student Data, Customer is the controller and Supplier is the processor. For "
        "Service Data, Supplier acts as an independent controller.",
        "roles",
        "deviates",
    ),
    (
        3,
        "Article 3: Roles",
        "For Student Data, Customer is the controller and Supplier is the processor. Each "
        "party is an independent controller of the business contact details of the other.",
        "roles",
        "present",
    ),
]


@pytest.mark.parametrize(("number", "heading", "body", "element", "status"), RULES_IN_OTHER_WORDS)
def test_a_general_rule_holds_in_other_words(
    checklist: Checklist, number: int, heading: str, body: str, element: str, status: str
) -> None:
    assert finding(run(swap_article(number, heading, body), checklist), element).status == status


def test_a_pronoun_for_the_authority_in_the_sentence_before_is_the_boards_task(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        7,
        "1. Processor shall notify the School without undue delay after becoming aware of a personal data "
        "breach.\n2. The School decides whether to notify the supervisory authority and data subjects. "
        "Processor shall not notify them itself unless the School so instructs.",
    )

    assert finding(run(text, checklist), "breach_notification").status == "present"


def test_updating_a_schedule_of_measures_is_no_change_of_the_agreement(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        13,
        "1. In case of conflict this DPA prevails. "
        "Amendments require the written agreement of both parties.\n"
        "2. The Processor may update Annex 2 from time to time to reflect technical developments.",
    )

    assert finding(run(text, checklist), "precedence").status == "present"


def test_passing_mentions_of_purposes_are_no_purpose_limitation(checklist: Checklist) -> None:
    text = swap_article(
        4,
        "Article 4: Roles of the parties",
        "1. For the purposes of the GDPR, the School is the controller. Each party provides the other with "
        "the information required for that purpose.",
    )

    assert finding(run(text, checklist), "purpose_limitation").status == "missing"


def test_an_unnumbered_annex_with_a_dash_is_an_annex_and_its_sub_headings_label_their_entries(
    checklist: Checklist,
) -> None:
    bijsluiter = (
        "Bijlage – Privacybijsluiter Leesapp\n"
        "Product\nLeesapp is een leesapp voor groep 4 tot en met 8.\n"
        "Doelen\nleerlingen laten inloggen en lezen;\n"
        "Persoonsgegevens\nleerling: voornaam, groep, leesniveau;\n"
        "Betrokkenen\nLeerlingen en hun leerkrachten.\n"
        "Bewaartermijnen\nleesresultaten: tot het einde van het schooljaar.\n"
        "Waar staan de gegevens\nFrankfurt, Duitsland.\n"
        "Subverwerkers\nMainwolke Hosting GmbH – hosting\n"
        "Contact\nVragen via privacy@leesapp.nl.\n"
    )
    start = MODEL.index("Bijlage 1: Privacy Bijsluiter")
    end = MODEL.index("Bijlage 2:")
    text = MODEL[:start] + bijsluiter + MODEL[end:]

    result = run(text, checklist)

    assert finding(result, "annex_privacy_bijsluiter").status == "present"
    assert not [c for c in result.consistency if c.kind == "bijsluiter_part"]


def test_a_contraction_reads_as_not() -> None:
    assert words_of("We don't sell data") == ["we", "don", "not", "sell", "data"]
    assert words_of("op 't einde") == ["op", "t", "einde"]


def test_a_semicolon_ends_the_reach_of_a_negation() -> None:
    layout = segment(document("1. Gebruik\nWe verkopen geen gegevens; we gebruiken ze voor marketing.\n"))

    assert [s.breaks for s in layout.sentences if "marketing" in s.words] == [(4,)]


def test_an_annex_that_is_the_agreement_itself_has_articles() -> None:
    text = (
        "EXHIBIT A – DATA PROCESSING ADDENDUM\n## 11. SUBPROCESSORS\n11.1 We notify Customer 30 days ahead.\n"
        "## 12. RETURN AND DELETION\n12.1 We delete all Student Data within 60 days.\n"
        "EXHIBIT B – PRODUCT PRIVACY SHEET\n## 1. Product\nA quiz app.\n"
    )
    layout = segment(document(text))

    kinds = [(s.kind, s.number) for s in layout.segments[1:]]
    assert kinds == [("annex", "A"), ("article", "11"), ("article", "12"), ("annex", "B")]


def test_older_than_is_no_parent(checklist: Checklist) -> None:
    text = swap_article(
        8,
        "Artikel 8: Rapportage",
        "1. Verwerker verstrekt op verzoek het laatste rapport, dat niet ouder is dan een jaar.",
    )

    assert finding(run(text, checklist), "data_subject_rights").status == "missing"


def test_a_capitalised_line_that_stops_mid_phrase_is_no_heading_but_wraps_on() -> None:
    lines = [
        Line("13.1 TO THE MAXIMUM EXTENT PERMITTED BY LAW, SUPPLIER SHALL HAVE NO", 1, new_block=True),
        Line("LIABILITY TO CUSTOMER FOR ANY LOSS OR DAMAGE.", 1, same_block=True),
    ]

    assert [p.text for p in to_paragraphs(lines)] == [
        "13.1 TO THE MAXIMUM EXTENT PERMITTED BY LAW, SUPPLIER SHALL HAVE NO LIABILITY TO CUSTOMER FOR ANY "
        "LOSS OR DAMAGE."
    ]
