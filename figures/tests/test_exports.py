"""The figures exports an analyst opens: numbers as numbers, the sheet "Om exporten",
the same figures in the CSV and the XLSX, the county page's exports, the access log."""

import datetime
import io

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import OrganisationFactory, UnitFactory, make_user
from audit.models import AccessEvent
from figures.tests.exports_read import read_csv, read_xlsx
from participants import services as participant_services
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
PARAMS = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _people(coach, n, *, gender="woman", closed=0):
    people = [
        make_participant(coach=coach, started_on=D(2026, 2, 1), gender=gender) for _ in range(n)
    ]
    for person in people[:closed]:
        participant_services.participant_close(
            actor=coach, participant=person, closed_on=D(2026, 5, 1), outcome="studies"
        )


@pytest.fixture
def unit():
    return UnitFactory(name="Jobbtorget", organisation=OrganisationFactory(name="Norrby"))


def test_the_managers_xlsx_has_numbers_formats_and_a_header_sheet(client, unit):
    coach = make_user(Role.COACH, unit)
    _people(coach, 12, closed=6)
    _people(coach, 2, gender="man")
    manager = make_user(Role.MANAGER, unit, first_name="Maja", last_name="Chef")
    client.force_login(manager)
    response = client.get(reverse("figures:manager"), {**PARAMS, "format": "xlsx"})
    assert response["Content-Type"] == XLSX
    assert "stegvis-siffror-2026-01-01-2026-12-31.xlsx" in response["Content-Disposition"]
    figures, about, workbook = read_xlsx(response)
    assert workbook.sheetnames == [
        "Om exporten",
        "Deltagare och utfall",
        "Skattningar",
        "Vad fungerar hos oss",
        "Framgångsfaktorer",
    ]
    assert about["Period"] == "2026-01-01 – 2026-12-31"
    assert about["Urval"] == "alla deltagare i mina enheter"
    assert about["Organisationer"] == "Norrby"
    assert about["Gjord av"] == "Maja Chef"
    assert datetime.datetime.strptime(about["Gjord"], "%Y-%m-%d %H:%M")
    assert "färre än 5 personer" in about["Dolda siffror"]
    assert "Per indikator" in about  # no card chosen: per indicator is left out
    people = "Deltagare under perioden"
    assert figures[(people, "Aktiva", "Värde")] == 14
    assert figures[(people, "Avslutade", "Värde")] == 6
    # A share is a fraction with a percent format: 6 of 6 closed to studies.
    sheet = workbook["Deltagare och utfall"]
    share = next(
        row[1]
        for row in sheet.iter_rows()
        if row[0].value == "Andel avslutade till arbete eller studier (%)"
    )
    assert (share.value, share.number_format, share.data_type) == (1, "0.0%", "n")
    # The men (2) are hidden, and so is the women's row next to the total: never a 0.
    gender = "Per kön (jämställdhet)"
    assert figures[(gender, "Man", "Aktiva")] == "dold"
    assert figures[(gender, "Kvinna", "Aktiva")] == "dold"
    # The CSV holds the same figures, in long format.
    csv_figures, csv_about = read_csv(
        client.get(reverse("figures:manager"), {**PARAMS, "format": "csv"})
    )
    assert csv_figures == figures
    assert csv_about["Period"] == about["Period"]
    events = AccessEvent.objects.filter(action="export", actor=manager).order_by("pk")
    assert [e.what for e in events] == [
        "xlsx enheter 2026-01-01 – 2026-12-31; alla deltagare i mina enheter",
        "csv enheter 2026-01-01 – 2026-12-31; alla deltagare i mina enheter",
    ]


def test_the_filters_are_in_the_header_sheet_and_the_access_log(client, unit):
    coach = make_user(Role.COACH, unit)
    _people(coach, 6)
    manager = make_user(Role.MANAGER, unit)
    client.force_login(manager)
    params = {**PARAMS, "gender": "woman", "age_band": "30-49", "format": "xlsx"}
    _figures, about, _workbook = read_xlsx(client.get(reverse("figures:manager"), params))
    assert about["Urval"] == "Kön: Kvinna; Ålder: 30-49"
    event = AccessEvent.objects.get(action="export")
    assert event.what.endswith("Kön: Kvinna; Ålder: 30-49")
    assert event.organisation_id == unit.organisation_id


def test_the_county_page_exports_its_figures(client, unit):
    other = UnitFactory(organisation=OrganisationFactory(name="Söderå"))
    _people(make_user(Role.COACH, unit), 20, closed=6)
    _people(make_user(Role.COACH, other), 3)
    analyst = make_user(Role.COUNTY_ANALYST, organisation=unit.organisation)
    client.force_login(analyst)
    response = client.get(reverse("figures:county"), {**PARAMS, "format": "xlsx"})
    assert response["Content-Type"] == XLSX
    figures, about, workbook = read_xlsx(response)
    assert workbook.sheetnames[:3] == ["Om exporten", "Per organisation", "Deltagare och utfall"]
    assert about["Organisationer"] == "Norrby, Söderå"
    assert figures[("Per organisation", "Söderå", "Aktiva")] == "dold"
    assert figures[("Per organisation", "Norrby", "Aktiva")] == "dold"  # or 3 = 23 - 20
    assert figures[("Deltagare under perioden", "Aktiva", "Värde")] == 23
    csv_figures, _about = read_csv(
        client.get(reverse("figures:county"), {**PARAMS, "format": "csv"})
    )
    assert csv_figures == figures
    # One row in each organisation's access log per export, with the filters.
    events = AccessEvent.objects.filter(action="export", actor=analyst)
    assert sorted(e.organisation.name for e in events) == ["Norrby", "Norrby", "Söderå", "Söderå"]
    assert {e.what for e in events} == {
        "xlsx län 2026-01-01 – 2026-12-31; alla organisationer i länet, alla deltagare",
        "csv län 2026-01-01 – 2026-12-31; alla organisationer i länet, alla deltagare",
    }


def test_a_manager_cannot_export_the_county(client, unit):
    client.force_login(make_user(Role.MANAGER, unit))
    response = client.get(reverse("figures:county"), {**PARAMS, "format": "xlsx"})
    assert response.status_code in (403, 404)
    assert not AccessEvent.objects.filter(action="export").exists()


CODED = {
    "deltagare": ("kön", "åldersgrupp", "utfall"),
    "skattningar": ("kort", "indikator"),
    "insatser": ("typ", "status"),
}


def test_every_code_in_the_data_set_is_in_its_dictionary_with_a_swedish_label(client, unit):
    from activities.models import Kind, ParticipantActivity
    from activities.tests.factories import make_activity
    from assessments.tests.factories import make_assessment
    from figures.tests.exports_read import dataset_download
    from participants.models import Gender, Outcome

    coach = make_user(Role.COACH, unit)
    genders = [g for g, _l in Gender.choices]
    outcomes = list(Outcome.values)
    statuses = list(ParticipantActivity.Status.values)
    for n, birth_year in enumerate([2005, 1999, 1980, 1960, 1990, 1970, 2001, 1985]):
        person = make_participant(
            coach=coach,
            started_on=D(2025, 6, 1),
            gender=genders[n % len(genders)],
            birth_year=birth_year,
        )
        make_assessment(coach=coach, participant=person, on=D(2026, 2, 1), code="smail")
        make_assessment(coach=coach, participant=person, on=D(2026, 3, 1), code="bip")
        make_activity(
            coach=coach,
            participant=person,
            kind=list(Kind.values)[n % 4],
            status=statuses[n % len(statuses)],
            start_date=D(2026, 2, 1),
            end_date=D(2026, 4, 1),
        )
        participant_services.participant_close(
            actor=coach, participant=person, closed_on=D(2026, 5, 1), outcome=outcomes[n]
        )
    client.force_login(make_user(Role.MANAGER, unit))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(dataset_download(client, PARAMS)))
    dictionary = {}
    meanings = set()
    for sheet, column, code, label, meaning in workbook["dataordlista"].iter_rows(
        min_row=2, values_only=True
    ):
        if code is None:
            meanings.add((sheet, column))
            assert meaning
        else:
            assert label, (sheet, column, code)
            dictionary[(sheet, column, code)] = label
    seen = set()
    for sheet_name, columns in CODED.items():
        sheet = workbook[sheet_name]
        header = [c.value for c in sheet[1]]
        # Every column of every sheet has its meaning in the dictionary.
        assert {(sheet_name, c) for c in header} <= meanings
        for column in columns:
            index = header.index(column)
            for row in sheet.iter_rows(min_row=2, values_only=True):
                if row[index] is not None:
                    assert (sheet_name, column, row[index]) in dictionary, (column, row[index])
                    seen.add((sheet_name, column, row[index]))
    # The data holds every gender, age band, outcome, card, kind and status here.
    assert {c for s, col, c in seen if col == "kön"} == set(genders)
    assert {c for s, col, c in seen if col == "utfall"} == set(outcomes)
    assert {c for s, col, c in seen if col == "kort"} == {"smail", "bip"}
    assert {c for s, col, c in seen if col == "åldersgrupp"} == {"16-24", "25-29", "30-49", "50-"}
    assert dictionary[("deltagare", "kön", "woman")] == "Kvinna"
    assert dictionary[("deltagare", "kön", "undisclosed")] == "Vill inte uppge"
    assert dictionary[("deltagare", "utfall", "work_unsubsidised")] == "Arbete (osubventionerat)"
    assert dictionary[("insatser", "typ", "job_focused")] == "Jobbfokuserad"


def test_a_table_longer_than_a_sheet_goes_on_in_the_next(monkeypatch):
    from openpyxl import Workbook

    from figures import exports

    monkeypatch.setattr(exports, "SHEET_ROWS", 3)
    workbook = Workbook(write_only=True)
    table = exports._Sheets(workbook, "skattningar", ["nyckel", "nivå"])
    for n in range(7):
        table.append([f"k{n}", n])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from openpyxl import load_workbook

    read = load_workbook(buffer)
    assert read.sheetnames == ["skattningar", "skattningar 2", "skattningar 3"]
    rows = [row for ws in read.worksheets for row in ws.iter_rows(values_only=True)]
    assert rows.count(("nyckel", "nivå")) == 3
    assert [r[1] for r in rows if r[0] != "nyckel"] == list(range(7))
