"""Downloads: the filtered boards as CSV and Excel, one row per board, formulas kept out."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.dashboard.conftest import Dashboard

HEADER = [
    "Bestuur",
    "Bevoegd-gezagnummer",
    "Aanmelden bij Nummervoorziening",
    "LAS-leverancier inlichten",
    "Privacy: verwerkersovereenkomsten",
    "Administratie en ICT inlichten",
    "Meer informatie",
    "Laatste activiteit",
    "LAS-leveranciers",
]


@pytest.fixture
async def signed_in(dashboard: Dashboard) -> Dashboard:
    await dashboard.board("Stichting Waterland", "41001", las=("parnassys",))
    await dashboard.board('=HYPERLINK("http://evil")', "41002", las=("parnassys", "esis"))
    await dashboard.board("Vereniging Zuid", "41003", las=("esis",))
    await dashboard.board("@SUM(1+1)", "41004")
    await dashboard.sign_in()
    return dashboard


async def download(dashboard: Dashboard, path: str, **query: str) -> tuple[str, str, bytes]:
    response = await dashboard.client.get(path, params=query)
    assert response.status == 200
    return response.headers["Content-Type"], response.headers["Content-Disposition"], await response.read()


async def test_the_csv_holds_the_filtered_boards(signed_in: Dashboard) -> None:
    kind, disposition, body = await download(signed_in, "/dashboard/export.csv", supplier="parnassys")
    assert kind.startswith("text/csv")
    assert disposition == 'attachment; filename="eck-id-besturen-2026-11-23.csv"'
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert sorted(rows[1:]) == [
        ["'=HYPERLINK(\"http://evil\")", "41002", "Bezig", "Bezig", "Nog niet begonnen", "Nog niet begonnen",
         "Nog niet begonnen", "23-11-2026 10:15", "ESIS, ParnasSys"],
        ["Stichting Waterland", "41001", "Bezig", "Bezig", "Nog niet begonnen", "Nog niet begonnen",
         "Nog niet begonnen", "23-11-2026 10:15", "ParnasSys"],
    ]  # fmt: skip


async def test_no_csv_cell_starts_a_formula(signed_in: Dashboard) -> None:
    _, _, body = await download(signed_in, "/dashboard/export.csv")
    cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    assert "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


async def test_the_excel_file_holds_the_same_rows_as_text(signed_in: Dashboard) -> None:
    kind, disposition, body = await download(signed_in, "/dashboard/export.xlsx", supplier="esis")
    assert kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert disposition.endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert sorted(str(row[0]) for row in rows[1:]) == ['=HYPERLINK("http://evil")', "Vereniging Zuid"]
    formula_cell = next(row for row in sheet.iter_rows(min_row=2) if str(row[0].value).startswith("="))[0]
    assert formula_cell.data_type == "s"  # stored as text: Excel shows the name, runs nothing


async def test_the_export_is_in_english_on_request(signed_in: Dashboard) -> None:
    _, disposition, body = await download(signed_in, "/dashboard/export.csv", lang="en", q="Zuid")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Board", "Board number", "Register with Nummervoorziening"]
    assert rows[1][2] == "In progress"
    assert "eck-id-boards-" in disposition


async def test_a_bad_filter_gives_no_file(signed_in: Dashboard) -> None:
    response = await signed_in.client.get("/dashboard/export.xlsx", params={"step": "nope"})
    assert response.status == 400
