"""Issue 6: the manager's figures and the county view, accessible and without names."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


def test_manager_and_analyst_see_figures_without_names(page):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_user(Role.MANAGER, unit, username="cecilia")
    make_user(Role.COUNTY_ANALYST, username="alva")
    today = datetime.date.today()
    for n in range(6):
        person = make_participant(
            coach=coach, first_name=f"Namn{n}", started_on=today - datetime.timedelta(days=200)
        )
        make_assessment(coach=coach, participant=person, on=today - datetime.timedelta(days=150))
        make_assessment(
            coach=coach, participant=person, on=today - datetime.timedelta(days=60), levels=[4] * 6
        )
    login(page, "cecilia")
    go(page, "/siffror/")
    expect(page.get_by_role("heading", name="Progression per indikator")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Namn1")
    assert_accessible(page, "manager figures")
    page.get_by_label("Till").fill("2000-01-01")
    page.get_by_role("button", name="Visa").click()
    expect(
        page.get_by_text("Periodens slut kan inte ligga före dess början.").first
    ).to_be_visible()

    page.context.clear_cookies()
    login(page, "alva")
    expect(page.get_by_role("heading", name="Länet: organisationer sida vid sida")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Namn1")
    assert_accessible(page, "county figures")


def test_manager_reads_what_works_and_takes_the_summary_to_the_steering_group(page):
    """Issue 13 §2: a card and a period, the plain sentence of "what works", the one-page
    summary PDF with the period in it; accessible, also on a 320 px screen."""
    import io
    from decimal import Decimal
    from pathlib import Path

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from activities.tests.factories import make_activity

    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_user(Role.MANAGER, unit, username="cecilia")
    today = datetime.date.today()
    day = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    for delta in (1, 1, 1, 2, 2):
        person = make_participant(coach=coach, started_on=day(200))
        make_assessment(coach=coach, participant=person, on=day(150), levels=[2] * 6)
        for kind in ("job_focused", "health"):
            make_activity(
                coach=coach,
                participant=person,
                kind=kind,
                start_date=day(140),
                end_date=day(80),
                status="finished",
            )
        make_assessment(coach=coach, participant=person, on=day(60), levels=[2 + delta] * 6)
    start, end = day(300).isoformat(), today.isoformat()

    login(page, "cecilia")
    go(page, "/siffror/")
    expect(page.get_by_text("siffrorna per indikator visas för ett kort i taget")).to_be_visible()
    page.get_by_label("Kort", exact=True).select_option("smail")
    page.get_by_label("Från").fill(start)
    page.get_by_label("Till").fill(end)
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", name="Vad fungerar hos oss?")).to_be_visible()
    sentence = page.get_by_text(
        "Mellan två skattningar med både jobbfokuserade och andra insatser steg deltagarna "
        "i snitt 1,40 steg"
    ).first
    expect(sentence).to_be_visible()
    expect(sentence).to_contain_text("Bygger på 30 par av svar från 5 deltagare.")
    expect(page.locator("#chart-effects figcaption")).to_contain_text(f"Period: {start} – {end}.")
    expect(page.locator("#chart-effects figcaption")).to_contain_text("Kort: SMAIL")
    expect(
        page.get_by_role("img", name="Medelförändring i steg mellan två skattningar")
    ).to_be_visible()
    assert_accessible(page, "manager figures with a card chosen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Sammanfattning på en sida för ledningsgruppen (PDF)").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert start in text
    assert end in text
    assert "Kort: SMAIL" in text

    # Issue 13 §3: the figures as XLSX, numbers as numbers, the header sheet first.
    from figures.tests.exports_read import read_xlsx

    with page.expect_download() as download:
        page.get_by_role("link", name="Siffrorna som Excel-fil (XLSX)").click()
    response = type("Response", (), {"content": Path(download.value.path()).read_bytes()})
    figures, about, workbook = read_xlsx(response)  # checks every number's format
    assert workbook.sheetnames[0] == "Om exporten"
    assert about["Period"] == f"{start} – {end}"
    assert about["Urval"] == "Kort: SMAIL"
    assert about["Gjord av"]
    people = "Deltagare under perioden"
    assert figures[(people, "Aktiva", "Värde")] == 5
    works = "Förändring mellan skattningar efter insatser däremellan"
    both = "Jobbfokuserade tillsammans med andra"
    assert figures[(works, both, "Medelförändring")] == Decimal("1.40")
    assert figures[(works, both, "I ord")].startswith("Mellan två skattningar med både")
    cell = next(
        row[3] for row in workbook["Vad fungerar hos oss"].iter_rows() if row[0].value == both
    )
    assert (cell.data_type, cell.number_format) == ("n", "0.00")

    # The row-level data set in the background, followed and downloaded on "Mina exporter".
    page.get_by_role(
        "link", name="Pseudonymiserat dataset på radnivå (XLSX, med dataordlista; görs i"
    ).click()
    expect(page.get_by_role("heading", name="Mina exporter")).to_be_visible()
    expect(page.get_by_role("cell", name="Klar")).to_be_visible()
    assert_accessible(page, "my exports")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hämta stegvis-dataset").click()
    dataset = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    codes = {
        (sheet, column, code)
        for sheet, column, code, _label, _meaning in dataset["dataordlista"].iter_rows(
            min_row=2, values_only=True
        )
        if code is not None
    }
    for sheet, column in (("deltagare", "kön"), ("skattningar", "kort"), ("insatser", "typ")):
        rows = list(dataset[sheet].iter_rows(values_only=True))
        index = rows[0].index(column)
        values = {row[index] for row in rows[1:]}
        assert values
        assert {(sheet, column, value) for value in values} <= codes
    go(page, "/siffror/")

    page.set_viewport_size({"width": 320, "height": 800})
    expect(sentence).to_be_visible()
    # Nothing but the tables' own scroll areas is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "manager figures at 320 px")
