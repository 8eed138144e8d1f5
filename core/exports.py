"""CSV and XLSX files that are safe to open in a spreadsheet program.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets (CSV injection): a unit named
``=HYPERLINK("http://…","klicka")`` would become a live link in a manager's export.
Every export goes through ``csv_response`` or ``xlsx_append``, which put an apostrophe
before such text (OWASP's advice), so it shows as typed and is never run. Numbers,
dates and empty cells are left as they are: only text is neutralised, so a figure
such as -0.25 must be passed as a number, not as text.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with an apostrophe before text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    """Rows as a semicolon-separated CSV download that Swedish Excel opens as is."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the Swedish letters
    writer = csv.writer(response, delimiter=";")
    writer.writerows(safe_row(row) for row in rows)
    return response


def csv_text(rows: Iterable[Iterable]) -> str:
    """Rows as the text of a semicolon-separated CSV, for a renderer that writes the
    response itself (the API's figures)."""
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Swedish letters
    csv.writer(out, delimiter=";").writerows(safe_row(row) for row in rows)
    return out.getvalue()


class _Echo:
    def write(self, value):
        return value


def csv_streaming_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """Like ``csv_response``, written while the rows are read: for long exports."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(safe_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_workbook(*, write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def xlsx_append(sheet, row: Iterable, *, formats: Iterable | None = None, bold=False) -> None:
    """Append a row to an openpyxl worksheet with its text neutralised; `formats` gives
    a number format (or None) per cell, `bold` sets the row in bold."""
    sheet.append(safe_row(row))
    if formats is None and not bold:
        return
    cells = sheet[sheet.max_row]
    for cell, number_format in zip(cells, formats or [None] * len(cells), strict=False):
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD


BOLD = Font(bold=True)


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
