"""Issue 4: a low score leads to action; parallel activities clear the reminders; the
printed plan holds the sub-goals and nothing restricted."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.tests.factories import make_catalogue_item
from assessments.tests.factories import make_assessment
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def sara_assessed():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit, username="hanna")
    make_catalogue_item(
        organisation=unit.organisation,
        name="Kost och motion",
        kind="health",
        indicator_codes=["health"],
    )
    make_catalogue_item(
        organisation=unit.organisation,
        name="Jobbsök",
        kind="job_focused",
        indicator_codes=["job_search"],
    )
    today = datetime.date.today()
    person = make_participant(
        coach=coach,
        first_name="Sara",
        last_name="Ek",
        started_on=today - datetime.timedelta(days=10),
    )
    make_assessment(
        coach=coach,
        participant=person,
        on=today,
        levels=[4, 3, 3, 3, 3, 2],  # SMAIL question 6, health: 2
        violence={"asked": True, "support_offered": True, "note": "SKYDDAD-UPPGIFT"},
    )
    return person


def _add_activity(page, name):
    page.get_by_label("Aktivitet ur utbudet").select_option(label=name)
    page.get_by_label("Startdatum").fill(datetime.date.today().isoformat())
    page.get_by_label("Pågående").check()
    page.get_by_role("button", name="Spara insatsen").click()


def test_low_score_to_parallel_activities_to_printed_plan(page, sara_assessed):
    login(page, "hanna")
    go(page, f"/deltagare/{sara_assessed.pk}/plan/")
    hints = page.locator("section.hints")
    expect(hints).to_contain_text("Åtgärd rekommenderas")
    expect(hints).to_contain_text("Hälsotillstånd")
    page.get_by_text("förslag ur aktivitetsutbudet").click()
    expect(hints.get_by_role("link", name="Kost och motion")).to_be_visible()
    assert_accessible(page, "plan page with reminders")

    hints.get_by_role("link", name="Kost och motion").click()
    _add_activity(page, "Kost och motion")
    expect(hints).not_to_contain_text("Åtgärd rekommenderas")
    expect(hints).to_contain_text("Parallella insatser")

    page.get_by_role("link", name="Lägg till insats").click()
    _add_activity(page, "Jobbsök")
    expect(hints).to_contain_text("Inga påminnelser")

    page.get_by_role("link", name="Skriv planen").click()
    page.get_by_label("Mål: vilket arbete eller vilka studier?").fill("Arbete i butik")
    page.get_by_label("Prioritera Hälsotillstånd").check()
    health = page.locator("fieldset.plan-row", has_text="Prioritera Hälsotillstånd")
    health.get_by_label("Delmål").fill("Gå på Kost och motion varje onsdag")
    health.get_by_label("Kost och motion (pågående)").check()
    # Job search was not rated low: it is among the folded areas.
    page.get_by_text("Övriga områden").click()
    page.get_by_label("Prioritera Jobbsökningsbeteende").check()
    job = page.locator("fieldset.plan-row", has_text="Prioritera Jobbsökningsbeteende")
    job.get_by_label("Delmål").fill("Söka tre jobb i veckan")
    assert_accessible(page, "plan form")
    page.get_by_role("button", name="Spara planen").click()
    expect(page.get_by_text("Aktivitetsplanen är sparad.")).to_be_visible()

    pdf_link = page.get_by_role("link", name="PDF")
    response = page.request.get(page.base_url + pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Gå på Kost och motion varje onsdag" in text
    assert "Söka tre jobb i veckan" in text
    assert "Arbete i butik" in text
    assert "SKYDDAD-UPPGIFT" not in text
    assert "våld" not in text.lower()

    page.get_by_role("link", name="Utskrift att ta med hem").click()
    expect(page.locator("svg.spider-chart")).to_be_visible()
    assert_accessible(page, "print view")
