"""Spreadsheet formulas never survive into an export (CSV injection)."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.exports import csv_response, safe_cell, xlsx_append, xlsx_response, xlsx_workbook

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1+1)", "+1", "-2", "\tx", "\rx", "=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["Jobbklubb", "", "1-2 dagar", None, 5, -2, -0.25, Decimal("-1.50"), datetime.date(2026, 1, 1)],
)
def test_plain_text_numbers_and_dates_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_csv_has_no_live_formula():
    response = csv_response([["namn", "antal"], *[[text, -2] for text in HOSTILE]], "x.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["namn", "antal"]
    for text, row in zip(HOSTILE, rows[1:], strict=True):
        assert row == ["'" + text, "-2"]  # the number stays a number
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_the_xlsx_has_no_formula_and_numbers_stay_numbers():
    workbook = xlsx_workbook()
    for text in HOSTILE:
        xlsx_append(workbook.active, [text, -2, Decimal("-0.25")])
    sheet = load_workbook(io.BytesIO(xlsx_response(workbook, "x.xlsx").content)).active
    for text, row in zip(HOSTILE, sheet.iter_rows(), strict=True):
        name, number, mean = row
        assert name.data_type == "s"
        # XML turns a carriage return into a line feed; the apostrophe is what matters.
        assert name.value in ("'" + text, "'" + text.replace("\r", "\n"))
        assert (number.data_type, number.value) == ("n", -2)
        assert (mean.data_type, mean.value) == ("n", -0.25)


# Modules that only read spreadsheets (an upload), the guard itself, and the benchmark
# that writes the upload it times (a file made to be imported, not an export).
READERS = {"core/exports.py", "imports/reader.py", "bench/import_scale.py"}


def test_every_csv_and_xlsx_goes_through_core_exports():
    """A new export written with csv.writer or openpyxl directly would skip the guard."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in (".venv", "var", "e2e") or "tests" in parts or "migrations" in parts:
            continue
        if path.relative_to(root).as_posix() in READERS:
            continue
        text = path.read_text(encoding="utf-8")
        if "csv.writer" in text or "csv.DictWriter" in text or "openpyxl" in text:
            offenders.append(path.relative_to(root).as_posix())
    assert offenders == []
