"""The review of an agreement against the model: what a board sees per element, and the
consistency points. The agreements here are the model and small hand-made variants of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.dpa.checklist import Checklist, load_checklist
from bot.dpa.models import Document, Paragraph, Review
from bot.dpa.review import review

REPO = Path(__file__).resolve().parents[2]
MODEL = (
    (REPO / "tests" / "dpa" / "eval" / "model.txt").read_text(encoding="utf-8").replace("**", "")
)  # as a reader gives it


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(REPO / "content")


def document(text: str, pages: int = 1) -> Document:
    return Document([Paragraph(line, 1) for line in text.splitlines() if line.strip()], pages)


def run(text: str, checklist: Checklist, locale: str | None = None) -> Review:
    return review(document(text), checklist, locale)


def statuses(result: Review) -> dict[str, str]:
    return {f.id: f.status for f in result.elements}


def finding(result: Review, element: str):  # type: ignore[no-untyped-def]
    return next(f for f in result.elements if f.id == element)


def replace_article(text: str, number: int, body: str) -> str:
    """The model with article `number`'s heading kept and its text replaced."""
    pattern = re.compile(
        rf"(^Artikel {number}: [^\n]*\n)(.*?)(?=^Artikel {number + 1}: |^Aldus overeengekomen)", re.S | re.M
    )
    assert pattern.search(text), number
    return pattern.sub(lambda m: m.group(1) + "\n" + body + "\n\n", text, count=1)


def without(text: str, *parts: str) -> str:
    for part in parts:
        assert part in text, part
        text = text.replace(part, "")
    return text


def _plain(text: str) -> str:
    return " ".join(text.replace("…", " ").split())


def test_the_model_itself_is_present_on_every_point_with_a_quote_from_it(checklist: Checklist) -> None:
    result = run(MODEL, checklist)

    assert set(statuses(result).values()) == {"present"}
    assert result.language == "nl"
    plain_model = _plain(MODEL.replace("**", ""))
    for item in result.elements:
        assert item.quote and len(item.quote) <= 200
        assert all(piece in plain_model for piece in _plain(item.quote).split(" ") if piece), item.id
        assert item.where


def test_the_model_has_its_known_slip_reported(checklist: Checklist) -> None:
    result = run(MODEL, checklist)

    references = [c for c in result.consistency if c.kind == "cross_reference"]
    assert len(references) == 1
    assert "6.4" in references[0].where
    assert "artikel 8" in references[0].detail and "datalekken" in references[0].detail
    assert [c.kind for c in result.consistency] == ["cross_reference"]


def test_breach_notification_within_five_working_days_deviates_with_the_reason(checklist: Checklist) -> None:
    text = MODEL.replace(
        "dan zal deze de andere Partij zonder onredelijke vertraging informeren",
        "dan zal deze de andere Partij binnen 5 werkdagen informeren",
    )

    breach = finding(run(text, checklist), "breach_notification")

    assert breach.status == "deviates"
    assert breach.risk == "high"
    assert "48 uur" in breach.reason
    assert "5 werkdagen" in breach.quote
    assert breach.where.startswith("Artikel 7.2")


@pytest.mark.parametrize(
    ("term", "status"),
    [
        ("binnen 24 uur", "present"),
        ("binnen twee dagen", "present"),
        ("binnen 72 uur", "deviates"),
        ("uiterlijk na een week", "deviates"),
    ],
)
def test_a_breach_deadline_of_up_to_two_days_is_taken_as_without_undue_delay(
    checklist: Checklist, term: str, status: str
) -> None:
    text = MODEL.replace(
        "dan zal deze de andere Partij zonder onredelijke vertraging informeren",
        f"dan zal deze de andere Partij {term} informeren",
    )

    assert finding(run(text, checklist), "breach_notification").status == status


def test_the_controller_reporting_to_the_authority_within_72_hours_is_no_deviation(
    checklist: Checklist,
) -> None:
    text = MODEL.replace(
        "zal de Verwerkingsverantwoordelijke aan de wettelijke meldplicht voldoen.",
        "zal de Verwerkingsverantwoordelijke binnen 72 uur melden aan de Autoriteit Persoonsgegevens.",
    )

    assert finding(run(text, checklist), "breach_notification").status == "present"


def test_a_removed_audit_clause_is_missing_with_what_the_model_requires(checklist: Checklist) -> None:
    start = MODEL.index("4. De Verwerker stelt de Verwerkingsverantwoordelijke alle informatie")
    end = MODEL.index("Artikel 7: ")
    text = MODEL[:start] + MODEL[end:]

    audit = finding(run(text, checklist), "audit")

    assert audit.status == "missing"
    assert audit.quote == "" and audit.where == ""
    assert "audit" in audit.reason
    assert audit.risk == "high"


def test_a_removed_article_is_missing_and_the_others_stay_present(checklist: Checklist) -> None:
    text = replace_article(MODEL, 12, "")

    result = statuses(run(text, checklist))

    assert result["liability"] == "missing"
    assert [e for e, s in result.items() if s != "present"] == ["liability"]


def test_an_english_clause_is_recognised_where_the_dutch_one_was(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        10,
        "1. The Controller gives the Processor general authorisation to engage sub-processors. The Processor "
        "imposes on each sub-processor, by contract, at least the same data protection obligations as in "
        "this agreement.\n"
        "2. The Processor informs the Controller in advance of any intended addition or replacement of a "
        "sub-processor, "
        "so that the Controller can object to the change.",
    )

    subprocessors = finding(run(text, checklist), "subprocessors")

    assert subprocessors.status == "present"
    assert "sub-processor" in subprocessors.quote


def test_new_subprocessors_without_notice_deviate(checklist: Checklist) -> None:
    text = replace_article(
        MODEL,
        10,
        "1. Verwerker mag naar eigen inzicht Subverwerkers inschakelen en vervangen, zonder voorafgaande "
        "kennisgeving "
        "aan de Verwerkingsverantwoordelijke. De lijst met Subverwerkers staat op de website van Verwerker.",
    )

    subprocessors = finding(run(text, checklist), "subprocessors")

    assert subprocessors.status == "deviates"
    assert "vooraf" in subprocessors.reason


def test_a_negated_own_purpose_is_no_deviation_but_an_exception_to_it_is(checklist: Checklist) -> None:
    kept = MODEL.replace(
        "Deze verplichting geldt zowel gedurende",
        "Verwerker gebruikt de Persoonsgegevens niet voor marketing en verkoopt ze nooit aan derden. Deze "
        "verplichting geldt zowel gedurende",
    )
    broken = MODEL.replace(
        "Deze verplichting geldt zowel gedurende",
        "Verwerker gebruikt geen Persoonsgegevens voor eigen doeleinden, behalve voor het verbeteren van "
        "zijn producten. Deze verplichting geldt zowel gedurende",
    )

    assert finding(run(kept, checklist), "purpose_limitation").status == "present"
    purpose = finding(run(broken, checklist), "purpose_limitation")
    assert purpose.status == "deviates"
    assert "verbeteren van zijn producten" in purpose.quote


def test_data_in_the_united_states_deviates_unless_safeguards_are_named(checklist: Checklist) -> None:
    us = "Persoonsgegevens worden opgeslagen in datacenters in de Verenigde Staten."
    unsafe = replace_article(MODEL, 9, f"1. {us}")
    safe = replace_article(
        MODEL, 9, f"1. {us} Daarvoor zijn de standaardcontractbepalingen van de Europese Commissie gesloten."
    )

    assert finding(run(unsafe, checklist), "transfers_outside_eea").status == "deviates"
    assert finding(run(safe, checklist), "transfers_outside_eea").status == "present"


def test_liability_excluded_entirely_deviates_but_a_cap_does_not(checklist: Checklist) -> None:
    excluded = replace_article(MODEL, 12, "1. Verwerker sluit iedere aansprakelijkheid voor schade uit.")
    capped = replace_article(
        MODEL,
        12,
        "1. De aansprakelijkheid van Verwerker voor schade is beperkt tot het bedrag dat zijn verzekering "
        "uitkeert.",
    )

    assert finding(run(excluded, checklist), "liability").status == "deviates"
    assert finding(run(capped, checklist), "liability").status == "present"


def test_a_supplier_that_may_change_the_agreement_alone_deviates(checklist: Checklist) -> None:
    text = MODEL.replace(
        "De vervanging gebeurt met instemming van beide partijen.",
        "De vervanging gebeurt met instemming van beide partijen.\n3. Verwerker behoudt zich het recht "
        "voor deze Verwerkersovereenkomst te allen tijde te wijzigen.",
    )

    precedence = finding(run(text, checklist), "precedence")

    assert precedence.status == "deviates"
    assert "eenzijdig" in precedence.reason


def test_no_confirmation_of_deletion_deviates(checklist: Checklist) -> None:
    text = without(
        MODEL,
        "3. Verwerker zal Verwerkingsverantwoordelijke (schriftelijk of elektronisch) bevestigen dat "
        "vernietiging van de Verwerkte persoonsgegevens heeft plaatsgevonden.",
    )

    retention = finding(run(text, checklist), "retention_and_deletion")

    assert retention.status == "deviates"
    assert "bevestigen" in retention.reason


def test_renumbered_and_reordered_articles_are_still_found(checklist: Checklist) -> None:
    text = MODEL
    for number in range(14, 0, -1):
        text = re.sub(rf"^Artikel {number}: ", f"Clause {number + 20}. ", text, flags=re.M)
    breach_start = text.index("Clause 27. ")
    breach_end = text.index("Clause 28. ")
    breach = text[breach_start:breach_end]
    text = text[:breach_start] + text[breach_end:]
    text = text.replace("Aldus overeengekomen", breach + "Aldus overeengekomen")

    result = run(text, checklist)

    assert set(statuses(result).values()) == {"present"}
    assert finding(result, "breach_notification").where.startswith("Clause 27")


def test_an_annex_the_text_mentions_but_lacks_is_reported(checklist: Checklist) -> None:
    text = MODEL[: MODEL.index("BIJLAGE 2: Algemene Technische")]

    result = run(text, checklist)

    assert finding(result, "annex_security").status == "missing"
    missing = [c for c in result.consistency if c.kind == "missing_annex"]
    assert [c.detail for c in missing] == [
        "De tekst noemt Bijlage 2, maar die bijlage zit niet in het document."
    ]


def test_a_privacy_bijsluiter_without_its_contact_part_is_reported(checklist: Checklist) -> None:
    text = without(
        MODEL,
        "H. Contactgegevens",
        "Voor vragen of opmerkingen over deze bijsluiter of de werking van dit product of deze dienst, "
        "kunt u terecht bij: Christophe Gratessolle - +32498 82 00 39 – christophe@classid.be",
    )

    parts = [c for c in run(text, checklist, "en").consistency if c.kind == "bijsluiter_part"]

    assert [c.detail for c in parts] == ["The privacy annex lacks the contact details."]


def test_reasons_and_details_follow_the_requested_language(checklist: Checklist) -> None:
    text = MODEL.replace("zonder onredelijke vertraging informeren", "binnen 5 werkdagen informeren")

    result = run(text, checklist, "en")

    assert result.language == "nl"  # the document's own language
    assert "without undue delay" in finding(result, "breach_notification").reason
    assert "refers to artikel 8" in result.consistency[0].detail


def test_an_english_agreement_written_from_scratch(checklist: Checklist) -> None:
    text = """DATA PROCESSING AGREEMENT

This agreement is made between the school board (the "Controller") and Example Learning Ltd, \
registered under company number 1234567 (the "Processor").

1. Subject matter
The Controller instructs the Processor to process personal data for the performance of the Services Agreement.

2. Instructions
The Processor processes personal data only on documented instructions of the Controller and for no \
other purpose. The Processor may also use pupil data to improve its products and for marketing.

3. Personal data breaches
The Processor shall notify the Controller of a personal data breach within 5 business days.

4. Sub-processors
The Processor may engage sub-processors at its sole discretion without prior notice.
"""
    result = run(text, checklist)

    assert result.language == "en"
    found = statuses(result)
    assert found["subject"] == "present"
    assert found["purpose_limitation"] == "deviates"
    assert found["breach_notification"] == "deviates"
    assert found["subprocessors"] == "deviates"
    assert found["audit"] == "missing"
    assert found["annex_privacy_bijsluiter"] == "missing"
    assert finding(result, "breach_notification").where == "3 – Personal data breaches"


def test_the_json_shape_is_the_one_the_issue_gives(checklist: Checklist) -> None:
    shaped = run(MODEL, checklist).as_json()

    assert set(shaped) == {"document", "elements", "consistency"}
    assert shaped["document"] == {"pages": 1, "language": "nl"}
    assert len(shaped["elements"]) == 17
    assert set(shaped["elements"][0]) == {"id", "status", "risk", "where", "quote", "reason"}
    assert set(shaped["consistency"][0]) == {"kind", "where", "detail"}


def test_pages_are_named_in_where_for_a_paged_document(checklist: Checklist) -> None:
    paragraphs = [
        Paragraph(line, 1 + n // 40) for n, line in enumerate(x for x in MODEL.splitlines() if x.strip())
    ]
    result = review(Document(paragraphs, paragraphs[-1].page), checklist)

    assert re.search(r"\(p\. \d+\)$", finding(result, "breach_notification").where)


KOMPAS = """Verwerkersovereenkomst Leerplatform Kompas

Partijen
1. Stichting Openbaar Onderwijs Zuid, gevestigd te Breda, vertegenwoordigd door haar bestuurder, \
hierna: de Onderwijsinstelling;
2. Kompas Leermiddelen B.V., gevestigd te Utrecht, ingeschreven bij de Kamer van Koophandel onder \
nummer 12345678, hierna: de Leverancier.

Artikel 1 Doel van de verwerking
1.1 De Leverancier verwerkt persoonsgegevens uitsluitend ten behoeve van het leveren van het \
leerplatform Kompas, overeenkomstig de schriftelijke instructies van de Onderwijsinstelling.
1.2 De Leverancier mag geanonimiseerde gegevens gebruiken voor statistische doeleinden en voor de \
verdere ontwikkeling van het leerplatform.

Artikel 2 Meldplicht datalekken
De Leverancier informeert de Onderwijsinstelling zo spoedig mogelijk, doch uiterlijk binnen drie \
werkdagen, over een datalek.

Artikel 3 Subverwerkers
De Leverancier schakelt geen subverwerkers in zonder voorafgaande schriftelijke toestemming van de \
Onderwijsinstelling.

Artikel 4 Einde van de overeenkomst
Na afloop van de overeenkomst verwijdert de Leverancier alle persoonsgegevens binnen drie maanden \
en bevestigt dit schriftelijk.

Artikel 5 Aansprakelijkheid
De aansprakelijkheid van de Leverancier is beperkt tot het bedrag van de jaarlijkse licentievergoeding.

Artikel 6 Wijzigingen
De Leverancier kan de bijlagen bij deze overeenkomst eenzijdig aanpassen wanneer de dienst verandert.
"""


def test_a_short_dutch_agreement_in_its_own_words(checklist: Checklist) -> None:
    result = run(KOMPAS, checklist)

    found = statuses(result)
    assert found["parties"] == "present"
    assert found["purpose_limitation"] == "deviates"
    assert "ontwikkeling van het leerplatform" in finding(result, "purpose_limitation").quote
    assert found["breach_notification"] == "deviates"  # three working days is more than 48 hours
    assert found["subprocessors"] == "present"  # no subprocessor without consent: a double negation
    assert found["retention_and_deletion"] == "present"
    assert found["liability"] == "present"  # a cap is not an exclusion
    assert found["precedence"] == "deviates"
    assert found["transfers_outside_eea"] == "missing"
    assert found["audit"] == "missing"


WELL_WRITTEN_EN = """Data Processing Agreement

Between: the Board of St. Mary's School Trust (the "Controller") and LearnWell Limited, a company \
registered in Ireland under number 556677, having its registered office in Dublin (the "Processor").

Clause 1 – Scope and roles
1.1 The Processor processes personal data on behalf of the Controller for the performance of the \
Services Agreement. The Controller determines the purposes and means of the processing and acts as \
controller; the Processor acts as processor.

Clause 2 – Instructions and purpose limitation
2.1 The Processor shall process personal data only on documented instructions from the Controller. \
The Processor shall not process personal data for its own purposes, shall not sell personal data, \
and shall not use it for advertising, profiling or product development.

Clause 3 – Confidentiality
3.1 The Processor shall ensure that persons authorised to process personal data are bound by a duty \
of confidentiality, which continues after their engagement ends.

Clause 4 – Security
4.1 The Processor shall implement appropriate technical and organisational measures to ensure a \
level of security appropriate to the risk, as described in Annex 2, taking into account the state \
of the art.

Clause 5 – Audits
5.1 The Processor shall make available to the Controller all information necessary to demonstrate \
compliance with this agreement and shall allow for audits, including inspections, conducted by the \
Controller or an independent auditor mandated by the Controller.

Clause 6 – Personal data breaches
6.1 The Processor shall notify the Controller without undue delay, and in any case within 24 hours, \
after becoming aware of a personal data breach. The Processor shall not delay the notification \
pending its own investigation.

Clause 7 – Data subjects
7.1 The Processor shall promptly forward to the Controller any request from a data subject to \
exercise their rights, and shall assist the Controller in responding to such requests.

Clause 8 – International transfers
8.1 The Processor shall not transfer personal data outside the EEA without the prior written \
consent of the Controller. Any permitted transfer shall be subject to the standard contractual \
clauses adopted by the European Commission.

Clause 9 – Sub-processors
9.1 The Processor shall not engage a sub-processor without prior notice to the Controller. The \
Controller may object to a new sub-processor within 30 days. The Processor imposes the same data \
protection obligations on each sub-processor. The current list of sub-processors is in Annex 1.

Clause 10 – Deletion and return
10.1 At the end of the Services Agreement the Processor shall, at the choice of the Controller, \
return or delete all personal data, and shall confirm the deletion in writing, unless Union or \
Member State law requires storage.

Clause 11 – Liability
11.1 Each party is liable for damage caused by processing that infringes the GDPR, in accordance \
with Article 82 GDPR. Nothing in this agreement excludes liability for damage caused by the \
Processor's breach of its obligations.

Clause 12 – Precedence and changes
12.1 In the event of any conflict between this agreement and the Services Agreement, this agreement \
prevails. Amendments to this agreement are valid only if agreed in writing by both parties. The \
Processor may not amend this agreement unilaterally.

Clause 13 – Term and termination
13.1 This agreement enters into force on signature and remains in force for the duration of the \
Services Agreement. Obligations that by their nature survive termination shall continue after \
termination.

Annex 1 – Description of the processing
Product: LearnWell reading app. Purposes: providing reading exercises and progress reports to \
teachers. Categories of data subjects: pupils and teachers. Categories of personal data: name, \
class, reading results, login data. Retention: data is deleted 12 months after a pupil leaves the \
school. Location: data is stored in Ireland. Sub-processors: Hetzner (hosting, Germany). Contact: \
dpo@learnwell.example.

Annex 2 – Security measures
Access control with two-factor authentication; encryption in transit (TLS) and at rest; daily \
backups; logging of administrative access; annual penetration test; ISO 27001 certification.
"""


def test_a_well_written_english_agreement_is_present_on_every_point(checklist: Checklist) -> None:
    """Its negations ("shall not sell", "not ... without prior notice", "nothing excludes liability",
    "may not amend unilaterally") are promises, not deviations."""
    result = run(WELL_WRITTEN_EN, checklist)

    assert result.language == "en"
    assert {e: s for e, s in statuses(result).items() if s != "present"} == {}
    assert finding(result, "breach_notification").where == "Clause 6.1 – Personal data breaches"
    assert result.consistency == []
