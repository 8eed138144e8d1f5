"""Issue 17 §1: a manager downloads the template, fills it with 200 participants and
1 000 assessments (10 rows with errors), sees the preview name each error, fixes the
file, imports it, finds a participant's spider chart and the figures with the imported
people, and importing it again adds nothing."""

import datetime
import io
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.models import Assessment
from assessments.tests.factories import card, scale_codes
from audit.models import AccessEvent
from participants.models import Participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser
D = datetime.date
PEOPLE = 200
# Per participant: SMAIL three times, BIP twice (with its job-search and salary answers).
CARDS = ("smail", "bip", "smail", "bip", "smail")


def _file(template: bytes, unit, coach, *, errors: bool) -> tuple[bytes, set]:
    """The template filled in; with `errors`, ten rows carry one error each, and the
    set holds each error as the preview shows it: (sheet, line, column, message)."""
    workbook = load_workbook(io.BytesIO(template))
    headers = {name: [c.value for c in workbook[name][1]] for name in workbook.sheetnames}
    expected: set = set()

    def append(sheet, values: dict, error: tuple | None = None) -> None:
        if errors and error is not None:
            column, value, message = error
            values = {**values, column: value}
            expected.add((sheet, str(workbook[sheet].max_row + 1), column, message))
        workbook[sheet].append([values.get(h) for h in headers[sheet]])

    codes = {"smail": scale_codes(card("smail")), "bip": scale_codes(card("bip"))}
    person_errors = {
        3: ("Kön", "okänd", "”okänd” är ingen giltig kod."),
        50: ("Enhet", "Annan enhet", "”Annan enhet” är ingen av dina enheter."),
        120: ("Handledare", "ingen", "”ingen” är ingen handledare på enheten."),
    }
    assessment_errors = {
        (10, 0): (codes["smail"][0], 7, "Svaret måste vara en siffra från 1 till 5."),
        (20, 2): ("Kort", "abc", "Kortet ska vara smail eller bip."),
        (30, 4): ("Datum", "3 okt 2026", "Skriv datumet som ÅÅÅÅ-MM-DD."),
        (40, 1): (
            "Jobbsökning",
            "tips, tidningen",
            "”tidningen” är ingen av kortets koder för jobbsökning.",
        ),
        (60, 3): (
            "Lön",
            "mycket",
            "Skriv lönen i hela kronor per månad, eller en av koderna "
            "decline_or_unknown, salary_irrelevant.",
        ),
    }
    activity_errors = {
        5: ("Typ", "okänd", "”okänd” är ingen giltig kod."),
        15: ("Timmar per vecka", 90, "Ange 0–40 timmar per vecka."),
    }
    for n in range(PEOPLE):
        key = f"N-{n}"
        append(
            "Deltagare",
            {
                "Importnyckel": key,
                "Förnamn": f"Nils{n}",
                "Efternamn": "Import",
                "Kön": ("woman", "man")[n % 2],
                "Födelseår": 1970 + n % 30,
                "Enhet": unit.name,
                "Handledare": coach.username,
            },
            person_errors.get(n),
        )
        started = D(2026, 1, 5) + datetime.timedelta(days=n % 20)
        append(
            "Perioder",
            {"Importnyckel": key, "Inskriven": started, "Aktualiserad från": "social_services"},
        )
        for k, kind in enumerate(CARDS):
            values = {
                "Importnyckel": key,
                "Kort": kind,
                "Datum": started + datetime.timedelta(days=14 + 56 * k),
                **{code: 1 + (k + i) % 5 for i, code in enumerate(codes[kind])},
            }
            if kind == "bip":
                values.update({"Jobbsökning": "tips, asked_network", "Lön": 24000})
            append("Skattningar", values, assessment_errors.get((n, k)))
        if n < 20:
            append(
                "Insatser",
                {
                    "Importnyckel": key,
                    "Namn": "Studiebesök",
                    "Typ": "job_focused",
                    "Startdatum": started + datetime.timedelta(days=20),
                    "Timmar per vecka": 4,
                    "Status": "ongoing",
                },
                activity_errors.get(n),
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), expected


def _upload(page, data: bytes):
    go(page, "/import/")
    page.get_by_label("Fil").set_input_files(
        {"name": "historik.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    page.wait_for_load_state()


def _counts(page, sheet: str):
    return page.get_by_role("table").first.get_by_role("row", name=sheet).get_by_role("cell")


def test_template_200_people_errors_named_fix_import_figures_and_import_again(page):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_user(Role.MANAGER, unit, username="maja")

    login(page, "maja")
    page.get_by_role("link", name="Import").click()
    assert_accessible(page, "import upload")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mallen (.xlsx)").click()
    template = open(download.value.path(), "rb").read()  # noqa: SIM115

    with_errors, expected = _file(template, unit, coach, errors=True)
    assert len(expected) == 10
    _upload(page, with_errors)
    expect(page.get_by_role("heading", name="10 rader har fel")).to_be_visible()
    shown = page.get_by_role("table", name="Rader med fel").locator("tbody tr")
    cells = shown.evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
    )
    assert {tuple(row) for row in cells} == expected
    expect(page.get_by_role("button", name="Importera")).to_have_count(0)
    assert_accessible(page, "import preview with errors")
    assert not Participant.objects.exists()

    fixed, none = _file(template, unit, coach, errors=False)
    assert not none
    _upload(page, fixed)
    expect(_counts(page, "Deltagare")).to_have_text([str(PEOPLE), "0"])
    expect(_counts(page, "Skattningar")).to_have_text([str(PEOPLE * len(CARDS)), "0"])
    expect(_counts(page, "Insatser")).to_have_text(["20", "0"])
    assert_accessible(page, "import preview")
    began = time.perf_counter()
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Import klar")).to_be_visible()
    assert time.perf_counter() - began < 30
    assert Participant.objects.filter(organisation=unit.organisation).count() == PEOPLE
    assert Assessment.objects.count() == PEOPLE * len(CARDS) == 1000
    bip = Assessment.objects.filter(version__instrument__code="bip").first()
    assert (bip.job_search_channels, bip.salary_amount) == (["asked_network", "tips"], 24000)

    # An imported participant's spider chart: three SMAIL occasions.
    nils = Participant.objects.get(first_name="Nils7")
    go(page, f"/deltagare/{nils.pk}/")
    charts = page.locator("svg desc").filter(has_text="Spindeldiagram med")
    expect(charts.filter(has_text="3 tillfällen").first).to_be_attached()

    # The manager's figures include them: the summary tables were rebuilt by the import.
    page.goto(page.base_url + "/siffror/", timeout=60_000)  # slow on a shared machine
    people = page.get_by_role("table", name="Deltagare under perioden")
    expect(people.get_by_role("row", name="Aktiva").get_by_role("cell")).to_have_text(str(PEOPLE))
    expect(people.get_by_role("row", name="Nya").get_by_role("cell")).to_have_text(str(PEOPLE))
    # Per indicator (from the summary tables), for one card: everyone has three SMAILs.
    page.get_by_role("link", name="Visa för SMAIL").click()
    page.wait_for_load_state()
    progression = page.get_by_role("table", name="Progression per indikator")
    expect(progression.locator("tbody tr").first.locator("td").first).to_have_text(str(PEOPLE))

    created = AccessEvent.objects.filter(action=AccessEvent.Action.CREATE).count()
    assert created == PEOPLE + 1000  # the participants and their assessments
    _upload(page, fixed)
    expect(_counts(page, "Deltagare")).to_have_text(["0", str(PEOPLE)])
    expect(_counts(page, "Skattningar")).to_have_text(["0", str(PEOPLE * len(CARDS))])
    expect(_counts(page, "Insatser")).to_have_text(["0", "20"])
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Import klar")).to_be_visible()
    assert Participant.objects.count() == PEOPLE
    assert Assessment.objects.count() == 1000
    assert AccessEvent.objects.filter(action=AccessEvent.Action.CREATE).count() == created
