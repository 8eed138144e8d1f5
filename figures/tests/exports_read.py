"""The figures exports read back as an analyst's program would: each figure under its
(table, row, column), a number or the text written in its place. The XLSX and the CSV
read the same: shares in per cent (the XLSX stores fractions with a percent format)."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook


def read_csv(response) -> tuple[dict, dict]:
    """(the figures, the lines of "Om exporten")."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Rad", "Kolumn", "Värde"]
    about, figures = {}, {}
    for section, row, column, value in rows[1:]:
        if section == "Om exporten":
            about[row] = value
            continue
        key = (section, row, column)
        assert key not in figures, key
        try:
            figures[key] = Decimal(value.replace(",", "."))
        except ArithmeticError:
            figures[key] = value
    return figures, about


def read_xlsx(response) -> tuple[dict, dict, object]:
    """(the figures, "Om exporten", the workbook). Checks on the way that every number
    is stored as a number with a number format, and nothing as a formula."""
    workbook = load_workbook(io.BytesIO(response.content))
    about = {row[0].value: row[1].value for row in workbook["Om exporten"].iter_rows()}
    figures = {}
    for sheet in workbook.worksheets[1:]:
        rows = list(sheet.iter_rows())
        i = 0
        while i < len(rows):
            title = rows[i][0].value
            if title is None:
                i += 1
                continue
            columns = [c.value for c in rows[i + 1][1:] if c.value is not None]
            i += 2
            while i < len(rows) and rows[i][0].value is not None:
                label = rows[i][0].value
                for column, cell in zip(columns, rows[i][1:], strict=False):
                    assert cell.data_type != "f"
                    value = cell.value
                    if isinstance(value, int | float):
                        assert cell.number_format != "General", (title, label, column)
                        if cell.number_format == "0.0%":
                            value = round(value * 100, 1)
                        value = Decimal(str(value))
                    figures[(title, label, column)] = value
                i += 1
    return figures, about, workbook


def dataset_download(client, params, url=None) -> bytes:
    """Ask for the row-level data set (made in the background: at once with the test
    settings' immediate backend), then download it from "Mina exporter"."""
    from django.urls import reverse

    from downloads.models import Export

    response = client.get(url or reverse("figures:manager"), {**params, "format": "dataset"})
    assert response.status_code == 302
    assert response["Location"] == reverse("downloads:list")
    export = Export.objects.order_by("-created_at").first()
    assert export.status == Export.Status.READY
    page = client.get(reverse("downloads:list")).content.decode()
    download = reverse("downloads:download", args=[export.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)
