"""The filtered board list as a download: CSV (UTF-8, for Excel with a BOM) and Excel (openpyxl).

A cell that starts with = + - @ (or a tab or carriage return) is a formula to a spreadsheet; a
board named "=HYPERLINK(...)" must stay text. In CSV such a cell gets a leading apostrophe; in
Excel every cell is typed as text, so the name stays exactly as the board typed it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from bot.coordination.models import BoardRow
from bot.dashboard.texts import DashboardTexts
from bot.dashboard.views import Words
from bot.onboarding.models import STEP_ORDER

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def header(texts: DashboardTexts, words: Words) -> list[str]:
    t = words.locale
    return [
        texts.text(t, "export.name"),
        texts.text(t, "export.number"),
        *(words.step(step) for step in STEP_ORDER),
        texts.text(t, "export.last_activity"),
        texts.text(t, "export.suppliers"),
    ]


def row_values(row: BoardRow, words: Words) -> list[str]:
    return [
        row.name,
        row.bg_number,
        *(words.status(row.statuses[step]) for step in STEP_ORDER),
        words.when(row.updated_at),
        ", ".join(words.supplier(s) for s in row.suppliers),
    ]


def to_csv(texts: DashboardTexts, words: Words, rows: Iterable[BoardRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(texts, words))
    writer.writerows([cell(value) for value in row_values(row, words)] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(texts: DashboardTexts, words: Words, rows: Iterable[BoardRow]) -> bytes:
    # openpyxl loads on the first Excel download, not at every start-up.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = texts.text(words.locale, "export.sheet")
    titles = header(texts, words)
    sheet.append(titles)
    for row in rows:
        sheet.append(row_values(row, words))
        for written in sheet[sheet.max_row]:
            written.data_type = "s"  # openpyxl would take "=..." for a formula
    for column, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(12, min(40, len(title) + 4))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
