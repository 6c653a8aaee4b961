"""Reading a supplier's agreement: good files give their paragraphs and pages, bad ones a reason."""

from __future__ import annotations

import contextlib
import io
import random
import textwrap
import zipfile
from collections.abc import Callable

import pytest
from fpdf import FPDF

from bot.dpa.models import Document, UnreadableDocument
from bot.dpa.reading import read_document
from bot.dpa.reading_lines import Line, to_paragraphs
from bot.dpa.reading_pdf import read_pdf
from tests.conftest import SHARED
from tests.dpa.documents import (
    PNG_BYTES,
    corrupt_docx_bytes,
    corrupt_pdf_bytes,
    docx_bomb_bytes,
    docx_bytes,
    docx_tracked_change_bytes,
    docx_with_footnote_bytes,
    encrypted_pdf_bytes,
    md_bytes,
    paragraphs_of,
    pdf_bomb_bytes,
    pdf_bytes,
    pdf_heavy_bytes,
    pdf_pages,
    scanned_pdf_bytes,
    txt_bytes,
    zip_bytes,
)

AGREEMENT = (
    "Verwerkersovereenkomst Leerplatform Rekenrijk\n"
    "Artikel 1: Definities\n"
    "1. Persoonsgegevens, Verwerking, Verwerker en Verwerkingsverantwoordelijke: de begrippen zoals "
    "gedefinieerd in artikel 4 van de AVG.\n"
    "2. Subverwerker: een andere verwerker die door Verwerker wordt ingeschakeld voor de Verwerking "
    "van Persoonsgegevens in het kader van deze overeenkomst.\n"
    "Artikel 7: Inbreuken in verband met persoonsgegevens\n"
    "1. Indien Verwerker een Inbreuk in verband met persoonsgegevens vaststelt, informeert hij de "
    "Verwerkingsverantwoordelijke zonder onredelijke vertraging en uiterlijk binnen 48 uur, conform "
    "de afspraken in Bijlage 2.\n"
    "2. Verwerker verstrekt alle relevante informatie over de Inbreuk, waaronder de aard ervan, de "
    "categorieën van betrokkenen en de maatregelen die hij heeft genomen om de gevolgen te "
    "beperken.\n"
    "Artikel 11: Bewaartermijnen en vernietiging Persoonsgegevens\n"
    "Verwerker vernietigt de Persoonsgegevens bij de beëindiging van de **Product- en "
    "Dienstenovereenkomst** en bevestigt de vernietiging schriftelijk aan de "
    "Verwerkingsverantwoordelijke.\n"
    "Bijlage 1: Privacy Bijsluiter\n"
    "Naam product en/of dienst:\tRekenrijk\n"
    "Plaats van opslag:\tAmsterdam, Nederland\n"
)
Make = Callable[[str], bytes]
HEADINGS = [
    "Artikel 1: Definities",
    "Artikel 7: Inbreuken in verband met persoonsgegevens",
    "Artikel 11: Bewaartermijnen en vernietiging Persoonsgegevens",
    "Bijlage 1: Privacy Bijsluiter",
]


def texts(document: Document) -> list[str]:
    # A table's cells come apart by " | " where the format knows them; PDF only has the words.
    return [paragraph.text.replace(" | ", " ") for paragraph in document.paragraphs]


def reason(data: bytes, filename: str, **limits: int) -> str:
    with pytest.raises(UnreadableDocument) as raised:
        read_document(data, filename, **limits)
    return raised.value.reason


# ------------------------------------------------------------------ good files


@pytest.mark.parametrize(
    ("filename", "make"),
    [
        ("overeenkomst.pdf", pdf_bytes),
        ("Overeenkomst.PDF", pdf_bytes),
        ("overeenkomst.docx", docx_bytes),
        ("overeenkomst.txt", txt_bytes),
        ("overeenkomst.md", md_bytes),
    ],
)
def test_every_format_gives_the_agreement_paragraph_for_paragraph(filename: str, make: Make) -> None:
    document = read_document(make(AGREEMENT), filename)

    assert texts(document) == paragraphs_of(AGREEMENT)
    assert [text for text in texts(document) if text.startswith(("Artikel", "Bijlage"))] == HEADINGS


def test_a_pdf_keeps_wrapped_paragraphs_whole_and_headings_apart() -> None:
    document = read_document(pdf_bytes(AGREEMENT), "overeenkomst.pdf")

    breach = next(text for text in texts(document) if text.startswith("1. Indien Verwerker"))
    assert breach.endswith("binnen 48 uur, conform de afspraken in Bijlage 2.")
    assert "Artikel 7: Inbreuken in verband met persoonsgegevens" in texts(document)


def test_a_pdf_line_that_ends_a_sentence_early_does_not_end_its_paragraph() -> None:
    # The long name does not fit after the first sentence, so that line ends short, on a full
    # stop, and the next starts with a capital; only the spacing shows that the paragraph goes on.
    paragraph = (
        "De Verwerker informeert de school onverwijld over elke Inbreuk. "
        "Beveiligingsmaatregelenoverzicht-en-meldprocedure-bij-inbreuken-in-verband-met-persoonsgegevens "
        "beschrijft hoe dat gaat."
    )

    document = read_document(pdf_bytes(AGREEMENT + paragraph), "overeenkomst.pdf")

    assert texts(document)[-1] == paragraph


def test_a_pdf_gives_each_paragraph_the_page_it_is_on_without_page_numbers() -> None:
    first, second = AGREEMENT.split("Artikel 11")
    document = read_document(pdf_pages([first, "Artikel 11" + second]), "overeenkomst.pdf")

    pages = {paragraph.text: paragraph.page for paragraph in document.paragraphs}
    assert document.pages == 2
    assert pages["Artikel 7: Inbreuken in verband met persoonsgegevens"] == 1
    assert pages["Artikel 11: Bewaartermijnen en vernietiging Persoonsgegevens"] == 2
    assert pages["Bijlage 1: Privacy Bijsluiter"] == 2
    assert not any("Pagina" in text for text in texts(document))


def test_a_paragraph_running_over_a_page_break_stays_one_paragraph_on_its_first_page() -> None:
    model = (SHARED / "domain" / "model-verwerkersovereenkomst.txt").read_text(encoding="utf-8")

    document = read_document(pdf_bytes(model), "model.pdf")

    assert texts(document) == paragraphs_of(model)
    assert document.pages > 5
    assert any(
        paragraph.page < next_paragraph.page
        for paragraph, next_paragraph in zip(document.paragraphs, document.paragraphs[1:], strict=False)
    )


def test_a_thirty_page_pdf_is_read_to_its_last_page() -> None:
    document = read_document(pdf_bytes(AGREEMENT, min_pages=30), "lang.pdf")

    assert document.pages == 30
    assert document.paragraphs[-1].page == 30
    assert texts(document)[: len(paragraphs_of(AGREEMENT))] == paragraphs_of(AGREEMENT)


def test_a_pdf_that_only_restricts_printing_is_read() -> None:
    document = read_document(encrypted_pdf_bytes(AGREEMENT, user_password=""), "beveiligd.pdf")

    assert "Artikel 7: Inbreuken in verband met persoonsgegevens" in texts(document)


def test_a_docx_gives_page_numbers_from_its_page_breaks() -> None:
    document = read_document(docx_bytes(AGREEMENT, page_break_before=("Bijlage",)), "overeenkomst.docx")

    pages = {paragraph.text: paragraph.page for paragraph in document.paragraphs}
    assert pages["Artikel 7: Inbreuken in verband met persoonsgegevens"] == 1
    assert pages["Bijlage 1: Privacy Bijsluiter"] == 2
    assert document.pages == 2


def test_a_docx_table_row_is_one_paragraph_with_its_cells_apart() -> None:
    document = read_document(docx_bytes(AGREEMENT), "overeenkomst.docx")

    assert "Plaats van opslag: | Amsterdam, Nederland" in [p.text for p in document.paragraphs]


def test_a_docx_shows_the_article_numbers_word_numbers_automatically() -> None:
    document = read_document(docx_bytes(AGREEMENT, auto_numbered=True), "overeenkomst.docx")

    assert [text for text in texts(document) if text.startswith("Artikel")] == [
        "Artikel 1: Definities",
        "Artikel 2: Inbreuken in verband met persoonsgegevens",
        "Artikel 3: Bewaartermijnen en vernietiging Persoonsgegevens",
    ]


def test_a_docx_footnote_follows_the_paragraph_that_refers_to_it() -> None:
    note = "Bij storingen in het weekend meldt Verwerker binnen 5 werkdagen."
    data = docx_with_footnote_bytes(AGREEMENT, after="uiterlijk binnen 48 uur", note=note)

    paragraphs = texts(read_document(data, "overeenkomst.docx"))

    assert paragraphs[paragraphs.index(note) - 1].startswith("1. Indien Verwerker een Inbreuk")


def test_a_docx_with_tracked_changes_reads_as_if_they_were_accepted() -> None:
    data = docx_tracked_change_bytes(
        AGREEMENT, "Verwerker meldt een Inbreuk ", "zonder onredelijke vertraging", "binnen 5 werkdagen", "."
    )

    assert texts(read_document(data, "redline.docx"))[-1] == "Verwerker meldt een Inbreuk binnen 5 werkdagen."


def test_a_long_docx_without_page_breaks_gets_an_estimate_of_its_pages() -> None:
    model = (SHARED / "domain" / "model-verwerkersovereenkomst.txt").read_text(encoding="utf-8")

    document = read_document(docx_bytes(model), "model.docx")

    assert 5 < document.pages < 30
    assert document.paragraphs[0].page == 1
    assert document.paragraphs[-1].page == document.pages


def test_a_text_file_in_windows_encoding_is_read() -> None:
    document = read_document(txt_bytes(AGREEMENT, encoding="cp1252"), "overeenkomst.txt")

    assert "categorieën" in document.text


def test_a_hard_wrapped_text_file_gets_its_paragraphs_back() -> None:
    paragraphs = paragraphs_of(AGREEMENT)
    wrapped = "\n\n".join(
        textwrap.fill(paragraph, 72) for paragraph in paragraphs if "Plaats" not in paragraph
    )

    document = read_document(wrapped.encode(), "mail.txt")

    assert texts(document) == [paragraph for paragraph in paragraphs if "Plaats" not in paragraph]


def test_markdown_markers_are_taken_out() -> None:
    markdown = (
        "# Verwerkersovereenkomst\n\n## Artikel 7 Inbreuken\n\n"
        "De Verwerker meldt een **Inbreuk** *onverwijld*, zie [de bijlage](https://example.org/b).\n\n"
        "| Onderdeel | Waar |\n|---|---|\n| Opslag | Nederland |\n\n* Leerlingen\n* Docenten\n"
    )

    document = read_document(markdown.encode(), "overeenkomst.md")

    assert [p.text for p in document.paragraphs] == [
        "Verwerkersovereenkomst",
        "Artikel 7 Inbreuken",
        "De Verwerker meldt een Inbreuk onverwijld, zie de bijlage (https://example.org/b).",
        "Onderdeel | Waar",
        "Opslag | Nederland",
        "- Leerlingen",
        "- Docenten",
    ]


def test_a_word_hyphenated_at_the_end_of_a_line_is_made_whole() -> None:
    lines = [
        Line("De Verwerker beveiligt de persoons-", 1),
        Line("gegevens volgens de privacywet-", 1),
        Line("en regelgeving van het ICT-", 1),
        Line("beleid.", 1),
    ]

    assert [p.text for p in to_paragraphs(lines)] == [
        "De Verwerker beveiligt de persoonsgegevens volgens de privacywet- en regelgeving van het ICT-beleid."
    ]


# ------------------------------------------------------------------ bad files


def test_a_file_over_the_limit_is_too_large_before_it_is_parsed() -> None:
    assert reason(corrupt_pdf_bytes(), "groot.pdf", max_bytes=100) == "too_large"
    assert reason(pdf_bytes(AGREEMENT), "groot.pdf", max_bytes=1000) == "too_large"


def test_a_pdf_with_too_many_pages_is_too_large() -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=8)
    for _ in range(301):
        pdf.add_page()
        pdf.cell(0, 5, "Bladvulling")

    assert reason(bytes(pdf.output()), "dik.pdf") == "too_large"


def test_a_pdf_that_needs_a_password_is_encrypted() -> None:
    assert reason(encrypted_pdf_bytes(AGREEMENT), "geheim.pdf") == "encrypted"


def test_a_damaged_file_is_corrupt() -> None:
    assert reason(corrupt_pdf_bytes(), "kapot.pdf") == "corrupt"
    assert reason(corrupt_docx_bytes(), "kapot.docx") == "corrupt"
    assert reason(bytes(range(256)) * 8, "ruis.pdf") == "corrupt"


def test_a_scan_without_text_has_no_text() -> None:
    assert reason(scanned_pdf_bytes(), "scan.pdf") == "no_text"
    assert reason(b"", "leeg.txt") == "no_text"
    assert reason(docx_bytes("\n\n"), "leeg.docx") == "no_text"


def test_a_docx_that_unpacks_to_hundreds_of_megabytes_is_refused_unopened() -> None:
    bomb = docx_bomb_bytes()

    assert len(bomb) < 10 * 1024 * 1024
    assert reason(bomb, "bom.docx") == "unpacks_too_large"


def test_a_pdf_whose_content_inflates_beyond_bounds_is_refused() -> None:
    assert reason(pdf_bomb_bytes(), "bom.pdf") == "unpacks_too_large"


def test_a_small_pdf_with_megabytes_of_page_content_is_too_large_before_it_is_read() -> None:
    heavy = pdf_heavy_bytes()

    assert len(heavy) < 100_000
    assert reason(heavy, "zwaar.pdf") == "too_large"


def test_reading_a_pdf_stops_at_its_deadline() -> None:
    with pytest.raises(UnreadableDocument) as raised:
        read_pdf(pdf_bytes(AGREEMENT), seconds=0.0)

    assert raised.value.reason == "too_large"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (lambda: docx_bytes(AGREEMENT), "overeenkomst.pdf"),
        (lambda: pdf_bytes(AGREEMENT), "overeenkomst.docx"),
        (lambda: pdf_bytes(AGREEMENT), "overeenkomst.txt"),
        (lambda: docx_bytes(AGREEMENT), "overeenkomst.md"),
        (lambda: PNG_BYTES, "overeenkomst.pdf"),
        (lambda: zip_bytes(), "overeenkomst.docx"),
        (lambda: AGREEMENT.encode(), "overeenkomst.pdf"),
    ],
)
def test_bytes_that_do_not_match_the_name_are_a_type_mismatch(
    data: Callable[[], bytes], filename: str
) -> None:
    assert reason(data(), filename) == "type_mismatch"


@pytest.mark.parametrize(
    "filename", ["overeenkomst.doc", "overeenkomst.odt", "overeenkomst.rtf", "overeenkomst"]
)
def test_other_kinds_of_file_are_unsupported(filename: str) -> None:
    assert reason(pdf_bytes(AGREEMENT), filename) == "unsupported"


@pytest.mark.parametrize(("filename", "make"), [("x.pdf", pdf_bytes), ("x.docx", docx_bytes)])
def test_damaged_copies_of_a_good_file_never_raise_anything_else(filename: str, make: Make) -> None:
    good = make(AGREEMENT)
    chance = random.Random(9)
    for _ in range(60):
        damaged = bytearray(good)
        for _ in range(chance.randint(1, 20)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        cut = chance.choice([len(damaged), chance.randrange(len(damaged))])
        with contextlib.suppress(UnreadableDocument):
            read_document(bytes(damaged[:cut]), filename)


def test_a_zip_with_thousands_of_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(5001):
            archive.writestr(f"word/media/{number}.bin", b"")

    assert reason(out.getvalue(), "veel.docx") == "unpacks_too_large"
