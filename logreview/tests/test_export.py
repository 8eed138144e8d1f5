"""The export of the filtered log: neutralised cells, and the export is itself logged."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessEvent
from participants.tests.factories import make_participant

from .conftest import log, moment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 20)
DANGEROUS = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(1+1)", "\tTAB", "\rCR"]


@pytest.fixture
def formula_person(coach):
    person = make_participant(
        coach=coach, first_name='=HYPERLINK("http://x")', last_name="@SUM(1+1)"
    )
    log(coach, person, moment(DAY), what="-2+3")
    return person


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_export_neutralises_cells_and_is_logged(client, security_officer, formula_person):
    client.force_login(security_officer)
    response = client.get(
        reverse("logreview:export", args=["csv"]),
        {"participant": "hyperlink", "date_from": "2026-01-01", "action": "view"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = _csv_rows(response)
    assert rows[0][0] == "Tidpunkt"
    assert len(rows) == 2
    row = rows[1]
    assert row[4] == '\'=HYPERLINK("http://x") @SUM(1+1)'
    assert row[6] == "'-2+3"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    export = AccessEvent.objects.filter(actor=security_officer, action="export").get()
    assert export.participant_id is None
    assert export.organisation_id == security_officer.organisation_id
    assert "csv" in export.what
    assert "participant_query=hyperlink" in export.what
    assert "date_from=2026-01-01" in export.what
    assert "action=view" in export.what


def test_xlsx_export_neutralises_cells(client, manager, formula_person):
    client.force_login(manager)
    response = client.get(reverse("logreview:export", args=["xlsx"]), {"action": "view"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert '\'=HYPERLINK("http://x") @SUM(1+1)' in values
    assert "'-2+3" in values
    assert not any(
        isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r"))
        for value in values
    )
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    assert AccessEvent.objects.filter(
        actor=manager, action="export", what__contains="xlsx"
    ).exists()


def test_export_is_scoped_like_the_search(
    client, manager, other_coach, other_participant, outsider
):
    log(other_coach, other_participant, moment(DAY))
    log(outsider["coach"], outsider["person"], moment(DAY))
    client.force_login(manager)
    text = "\n".join(
        ";".join(r) for r in _csv_rows(client.get(reverse("logreview:export", args=["csv"])))
    )
    assert "Sydström" not in text
    assert "Främling" not in text


def test_an_unknown_format_is_404_and_not_logged(client, manager):
    client.force_login(manager)
    assert client.get(reverse("logreview:export", args=["pdf"])).status_code == 404
    assert not AccessEvent.objects.filter(action="export").exists()


def test_list_views_name_the_listed_participants(client, security_officer, coach, participant):
    from .conftest import log_list

    other = make_participant(coach=coach, first_name="Lisa", last_name="Listad")
    log_list(coach, [participant, other], moment(DAY))
    client.force_login(security_officer)
    rows = _csv_rows(client.get(reverse("logreview:export", args=["csv"]), {"action": "view_list"}))
    assert rows[1][3] == "Visning i lista"
    assert rows[1][5] == "Karin Ek; Lisa Listad"
