"""Sections 5–7: a placement after the matching decision, four weeks of schedule and
attendance, a monthly follow-up with the development plan, and at the end the final
documentation (prefilled from the records) and the competence card, printed as PDFs."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant
from worktraining.tests.factories import make_matching_decision

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday())
START = MONDAY - datetime.timedelta(weeks=3)  # four weeks begun by today


@pytest.fixture
def sara_matched():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit, username="hanna")
    person = make_participant(
        coach=coach,
        first_name="Sara",
        last_name="Ek",
        started_on=START - datetime.timedelta(days=60),
    )
    make_matching_decision(participant=person, coach=coach, on=START - datetime.timedelta(days=14))
    return person


def _pdf_text(page, href) -> str:
    response = page.request.get(page.base_url + href)
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_work_training_from_placement_to_competence_card(page, sara_matched):
    login(page, "hanna")
    go(page, f"/deltagare/{sara_matched.pk}/arbetstraning/")
    assert_accessible(page, "work training, no placement")
    page.get_by_role("link", name="Registrera arbetsträning").click()

    page.get_by_label("Arbetsgivare").check()
    page.locator("#id_workplace").fill("Norrby Trädgård AB")
    page.get_by_label("Arbetsuppgifter").fill("Plantering och skötsel av växthus.")
    page.get_by_label("Handledare på arbetsplatsen").fill("Per Lind")
    page.get_by_label("Arbetsförmedlingens beslut, datum").fill(
        (START - datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_label("Startdatum").fill(START.isoformat())
    assert_accessible(page, "placement form")
    page.get_by_role("button", name="Spara arbetsträningen").click()
    expect(page.get_by_text("Arbetsträningen är registrerad.")).to_be_visible()

    page.get_by_role("link", name="Schema och närvaro").click()
    hours = [("10", "8"), ("20", "20"), ("40", "30"), ("40", "40")]
    for n, (planned, actual) in enumerate(hours, start=1):
        week = START + datetime.timedelta(weeks=n - 1)
        page.get_by_label(f"Vecka {n}, måndag").fill(week.isoformat())
        page.get_by_label(f"Vecka {n}, planerade timmar").fill(planned)
        page.get_by_label(f"Vecka {n}, närvaro i timmar").fill(actual)
    page.get_by_label("Vecka 4, planerade timmar").fill("41")
    page.get_by_role("button", name="Spara schema och närvaro").click()
    expect(page.locator(".error-summary")).to_contain_text("Ange 0–40 timmar per vecka")
    expect(page.get_by_label("Vecka 4, planerade timmar")).to_have_value("41")
    assert_accessible(page, "schedule with an error")
    page.get_by_label("Vecka 4, planerade timmar").fill("40")
    page.get_by_role("button", name="Spara schema och närvaro").click()
    expect(page.get_by_text("Schemat och närvaron är sparade.")).to_be_visible()
    # 98 of 110 hours.
    expect(page.locator("main")).to_contain_text("89,1 %")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, "schedule")

    page.get_by_role("link", name="Tillbaka till arbetsträningen").click()
    page.get_by_role("link", name="Lägg till anpassning").click()
    page.get_by_label("Vad är anpassningen?").fill("Inga tunga lyft")
    page.get_by_label("Varför behövs den?").fill("Ryggbesvär")
    page.get_by_label("Vilken effekt har den haft?").fill("Klarar hela passen")
    page.get_by_role("button", name="Spara anpassningen").click()
    expect(page.get_by_text("Anpassningen är sparad.")).to_be_visible()
    assert_accessible(page, "placement page")

    page.get_by_role("link", name="Ny uppföljning").click()
    page.get_by_label("Anteckningar").fill("Trivs bra; vill gå upp i tid.")
    page.get_by_label("Utvecklingsområden").fill("Arbetstempo")
    page.get_by_label("Deltagarens egna förslag").fill("Planera dagen med en lista")
    page.get_by_label("Stöd som behövs från Arbetsmarknadsenheten").fill("Veckosamtal")
    page.get_by_label("Deltagarens eget ansvar").fill("Meddela frånvaro i tid")
    assert_accessible(page, "follow-up form")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.get_by_text("Uppföljningen och utvecklingsplanen är sparade.")).to_be_visible()
    text = _pdf_text(
        page, page.get_by_role("link", name="Utvecklingsplan som PDF").get_attribute("href")
    )
    assert "Planera dagen med en lista" in text
    assert "Meddela frånvaro i tid" in text

    go(page, f"/deltagare/{sara_matched.pk}/arbetstraning/")
    page.locator("main").get_by_role("link", name="Slutdokumentation", exact=True).click()
    expect(page.locator("#id_workplace")).to_contain_text("Norrby Trädgård AB")
    expect(page.get_by_label("Anpassningar och utfallet av dem")).to_contain_text(
        "Effekt: Klarar hela passen"
    )
    expect(page.locator("#id_attendance")).to_contain_text("89,1 %")
    page.get_by_label("Sammanfattning och bedömning").fill("Redo för anställning i trädgård.")
    assert_accessible(page, "final documentation form")
    page.get_by_role("button", name="Spara slutdokumentationen").click()
    expect(page.get_by_text("Slutdokumentationen är sparad.")).to_be_visible()
    text = _pdf_text(
        page, page.get_by_role("link", name="Slutdokumentation som PDF").get_attribute("href")
    )
    assert "Redo för anställning i trädgård." in text
    assert "89,1 %" in text

    go(page, f"/deltagare/{sara_matched.pk}/arbetstraning/")
    page.locator("main").get_by_role("link", name="Kompetenskort", exact=True).click()
    for competence in (
        "initiativförmåga",
        "samarbetsförmåga",
        "punktlighet",
        "noggrannhet",
        "ansvarsfullhet",
        "förmåga att förstå instruktioner",
    ):
        page.get_by_role("group", name=f"Bedömning av {competence}").get_by_label(
            "4", exact=True
        ).check()
    page.get_by_label("Kommentar om punktlighet").fill("Alltid i tid")
    assert_accessible(page, "competence card form")
    page.get_by_role("button", name="Spara kompetenskortet").click()
    expect(page.get_by_text("Kompetenskortet är sparat.")).to_be_visible()
    text = _pdf_text(
        page, page.get_by_role("link", name="Kompetenskort som PDF").get_attribute("href")
    )
    assert "Alltid i tid" in text
    assert "Förmåga att förstå instruktioner" in text
    page.get_by_role("link", name="Utskrift att ta med hem").click()
    assert_accessible(page, "competence card print view")

    go(page, "/uppfoljningar/")
    expect(page.locator("main")).to_contain_text("Alla i arbetsträning har haft sin uppföljning")
    assert_accessible(page, "due list")
