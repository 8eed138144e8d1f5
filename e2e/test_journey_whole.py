"""The whole "Fler i Arbete" journey of the demo's Nadia Berglund, walked in a browser:
from Arbetsförmedlingen's referral to the resursanställning that closed the case, every
step reached from the participant page, every document printed as a PDF."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from participants.models import Participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

STEPS = [
    "Aktualisering",
    "Inskrivningssamtal",
    "Kartläggning",
    "Matchning",
    "Individuell plan mot arbete",
    "Arbetsträning",
    "Månatlig uppföljning",
    "Slutdokumentation",
    "Kompetenskort",
    "Trepartsmöte",
    "Anställning",
]


@pytest.fixture
def nadia(settings):
    settings.DEBUG = True  # the demo command refuses to run otherwise
    call_command("demo_data", stdout=io.StringIO())
    settings.DEBUG = False
    return Participant.objects.get(first_name="Nadia", last_name="Berglund")


def _pdf_text(page, href: str) -> str:
    response = page.request.get(page.base_url + href)
    assert response.ok, href
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _step(page, participant, name: str):
    go(page, f"/deltagare/{participant.pk}/")
    page.locator(".journey-steps").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page, name)


def _pdf_links(page) -> list[str]:
    return [
        href
        for href in page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        if href and "pdf" in href
    ]


def test_the_demo_journey_from_referral_to_work(page, nadia):
    login(page, "handledare")
    go(page, f"/deltagare/{nadia.pk}/")
    steps = page.locator(".journey-steps > li")
    expect(steps).to_have_count(len(STEPS))
    for i, name in enumerate(STEPS):
        expect(steps.nth(i)).to_contain_text(name)
        expect(steps.nth(i)).to_contain_text("Klart")
    expect(page.locator("svg.journey-timeline")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Arbete (subventionerat)")
    assert_accessible(page, "participant page with the journey")

    _step(page, nadia, "Aktualisering")
    expect(page.locator("main")).to_contain_text("Arbetsförmedlingen")

    _step(page, nadia, "Inskrivningssamtal")
    main = page.locator("main")
    for agency in ("Arbetsförmedlingen", "Försäkringskassan"):
        expect(main).to_contain_text(agency)

    _step(page, nadia, "Kartläggning")
    expect(page.locator("main")).to_contain_text("Godkänd")
    summary_pdfs = _pdf_links(page)
    assert summary_pdfs, "the mapping summary has a PDF"
    assert "Nadia Berglund" in _pdf_text(page, summary_pdfs[0])

    _step(page, nadia, "Matchning")
    expect(page.locator("main")).to_contain_text("Arbetsträning")

    _step(page, nadia, "Individuell plan mot arbete")
    plan_pdfs = _pdf_links(page)
    assert plan_pdfs, "the individual plan has a PDF"
    plan_text = _pdf_text(page, plan_pdfs[0])
    assert "Arbetsförmedlingen" in plan_text

    _step(page, nadia, "Arbetsträning")
    main = page.locator("main")
    expect(main).to_contain_text("Solbacken")
    expect(main).to_contain_text(re.compile(r"\d+ ?%"))

    _step(page, nadia, "Månatlig uppföljning")
    page.get_by_role("link", name=re.compile("^Utvecklingsplan att skriva ut")).first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Nadia Berglund")
    follow_up_pdfs = _pdf_links(page)
    assert follow_up_pdfs, "the development plan has a PDF"
    assert "Nadia Berglund" in _pdf_text(page, follow_up_pdfs[0])

    _step(page, nadia, "Slutdokumentation")
    final_pdfs = _pdf_links(page)
    assert final_pdfs, "the final documentation has a PDF"
    final_text = _pdf_text(page, final_pdfs[0])
    assert "Solbacken" in final_text
    assert "%" in final_text  # the attendance share taken from the records

    _step(page, nadia, "Kompetenskort")
    card_pdfs = _pdf_links(page)
    assert card_pdfs, "the competence card has a PDF"
    card_text = _pdf_text(page, card_pdfs[0])
    for competence in ("Initiativförmåga", "Samarbetsförmåga", "Punktlighet"):
        assert competence.lower() in card_text.lower()

    _step(page, nadia, "Trepartsmöte")
    expect(page.locator("main")).to_contain_text("Arbetsförmedlingen")

    _step(page, nadia, "Anställning")
    main = page.locator("main")
    expect(main).to_contain_text("Resursanställning")
    expect(main).to_contain_text("Lönebidrag")
