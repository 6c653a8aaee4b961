"""`eckbot review-dpa FILE [--json] [--lang nl|en]`: the review from a terminal, for editors and scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.dpa.documents import docx_bytes, encrypted_pdf_bytes, pdf_bytes, scanned_pdf_bytes
from tests.dpa.eval.expected import ELEMENTS

MODEL = (Path(__file__).parent / "eval" / "model.txt").read_text(encoding="utf-8")
LATE_BREACHES = MODEL.replace("zonder onredelijke vertraging informeren", "binnen 5 werkdagen informeren", 1)
ELEMENT_IDS = set(ELEMENTS)  # the ids the issue fixes, as the evaluation set spells them


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_json_has_the_shape_scripts_rely_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["review-dpa", write(tmp_path, "vo.pdf", pdf_bytes(LATE_BREACHES)), "--json"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    found = json.loads(printed.out)
    assert set(found) == {"document", "elements", "consistency"}
    assert set(found["document"]) == {"pages", "language"}
    assert found["document"]["language"] == "nl" and found["document"]["pages"] >= 1
    assert {e["id"] for e in found["elements"]} == ELEMENT_IDS and len(found["elements"]) == 17
    for element in found["elements"]:
        assert set(element) == {"id", "status", "risk", "where", "quote", "reason"}
        assert element["status"] in ("present", "missing", "deviates")
        assert element["risk"] in ("low", "medium", "high")
        assert len(element["quote"]) <= 200
        if element["status"] == "present":
            assert element["quote"], f"{element['id']} present without a quote"
    breach = next(e for e in found["elements"] if e["id"] == "breach_notification")
    assert breach["status"] == "deviates" and breach["reason"]
    for issue in found["consistency"]:
        assert set(issue) == {"kind", "where", "detail"}
        assert issue["kind"] in ("cross_reference", "missing_annex", "bijsluiter_part")


def test_text_output_in_english_lists_the_deviation_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["review-dpa", write(tmp_path, "vo.docx", docx_bytes(LATE_BREACHES)), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    points = [line for line in out.splitlines() if line.startswith("[")]
    assert points[0].startswith("[deviates · high risk] Data breach notification")
    assert "not legal advice" in out


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("beveiligd.pdf", encrypted_pdf_bytes(MODEL), "encrypted"),
        ("scan.pdf", scanned_pdf_bytes(), "no_text"),
        ("vo.docx", pdf_bytes(MODEL), "type_mismatch"),
        ("vo.xlsx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_an_unreadable_file_exits_2_with_the_reason_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, reason: str
) -> None:
    code = main(["review-dpa", write(tmp_path, name, data), "--json"])
    printed = capsys.readouterr()
    assert code == 2
    assert printed.out == ""
    assert reason in printed.err and "eckbot review-dpa" in printed.err


def test_a_file_over_10_mb_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["review-dpa", write(tmp_path, "groot.pdf", b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024))])
    assert code == 2
    assert "too_large" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review-dpa", str(tmp_path / "weg.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err
