"""Issue 15: the coach's loop. A participant fills in the card on a link on a phone; the
coach goes through it beside the previous occasion, writes a note, gives their belief and
marks it reviewed; is offered to revise the plan; adds an activity from the catalogue
inside the plan form without losing what was typed; saves and prints the plan. Axe on
every page.

Run with SCREENSHOTS=1 to write the review page's picture in docs/screenshots/ again."""

import datetime
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.tests.factories import make_catalogue_item
from assessments.models import Assessment
from assessments.tests.factories import card, make_assessment
from participants.tests.factories import make_participant
from plans.tests.factories import make_plan
from selfrating import services

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


PHONE = {"width": 360, "height": 740}


def _fill_in_on_a_phone(browser, live_server, link: str) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    phone = context.new_page()
    phone.base_url = live_server.url
    go(phone, link)
    phone.get_by_role("link", name="Börja").click()
    for number, answer in enumerate(["3", "2", "2", "Vill inte svara", "4", "5"], start=1):
        expect(phone.get_by_text(f"Fråga {number} av 7")).to_be_visible()
        if number == 1:
            assert_accessible(phone, "the participant's first question")
        if answer.isdigit():
            phone.locator(f"#answer-{answer}").check()
        else:
            phone.get_by_label(answer).check()
        phone.get_by_role("button", name="Nästa").click()
    phone.get_by_role("button", name="Nästa").click()  # no job-search ticks
    assert_accessible(phone, "the participant's summary")
    phone.get_by_role("button", name="Skicka mina svar").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Tack")
    context.close()


def test_the_coach_loop_from_a_link_to_the_printed_plan(browser, live_server, page):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit, username="hanna")
    make_catalogue_item(
        organisation=unit.organisation,
        name="Kom i form med fysioterapeut",
        kind="health",
        indicator_codes=["goal_orientation", "labour_market_knowledge"],
    )
    today = datetime.date.today()
    person = make_participant(
        coach=coach,
        first_name="Leila",
        last_name="Nordin",
        started_on=today - datetime.timedelta(weeks=20),
    )
    earlier = make_assessment(
        coach=coach,
        participant=person,
        on=today - datetime.timedelta(weeks=13),
        levels=[2, 2, 3, 3, 4, 4],
    )
    make_plan(coach=coach, participant=person, assessment=earlier)
    _invitation, token = services.invitation_create(
        actor=coach, participant=person, version=card("smail")
    )
    _fill_in_on_a_phone(browser, live_server, f"/s/{token}/")
    filled = Assessment.objects.filter(participant=person).latest("pk")

    login(page, "hanna")
    go(page, "/")
    section = page.locator("section", has_text="Självskattningar att gå igenom")
    section.get_by_role("link", name="Nordin, Leila").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gå igenom skattningen")
    expect(page.get_by_text("Ifylld av: Deltagaren, via länk.")).to_be_visible()
    expect(page.locator(".change--up")).to_have_count(2)
    expect(page.locator(".change--down")).to_have_count(1)
    assert_accessible(page, "review page")
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        page.locator("main").screenshot(path=str(SHOTS / "review.png"))

    page.get_by_role("button", name="Markera som genomgången").click()
    expect(page.locator("#coach_belief-error")).to_contain_text("Välj din tilltro")
    expect(page.locator(".review-note textarea")).to_have_count(6)
    assert_accessible(page, "review page with an error")
    first_note = page.locator(".review-note textarea").first
    first_note.fill("Mer tro på sig själv sedan praktiken.")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Markera som genomgången").click()

    expect(page.get_by_text("Skattningen är genomgången.")).to_be_visible()
    expect(page.get_by_text("Planen bygger på en äldre skattning")).to_be_visible()
    assert_accessible(page, "participant page after the review")
    filled.refresh_from_db()
    assert filled.reviewed_at is not None
    assert filled.coach_belief == 4
    assert filled.answers.get(question__code="q1").review_note == (
        "Mer tro på sig själv sedan praktiken."
    )
    page.get_by_role("link", name="Revidera planen").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith(f"/deltagare/{person.pk}/plan/skriv/")
    assert Assessment.objects.filter(participant=person).count() == 2

    # The plan form: the new scores are there, the low areas first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Revidera aktivitetsplanen")
    assert_accessible(page, "plan form")
    page.get_by_label("Mål: vilket arbete eller vilka studier?").fill("Lager, på heltid")
    row = page.locator("fieldset.plan-row", has_text="Målmedvetenhet")
    expect(row.locator("legend").first).to_contain_text("skattning idag: 2")
    row.get_by_label("Prioritera Målmedvetenhet").check()
    row.get_by_label("Delmål").fill("Göra en veckoplan varje söndag")
    row.get_by_text("Lägg till en aktivitet ur utbudet").click()
    row.get_by_label("Aktivitet ur utbudet").select_option(label="Kom i form med fysioterapeut")
    row.get_by_role("button", name="Lägg till i planen").click()

    expect(page.get_by_text("Planen är inte sparad än")).to_be_visible()
    # The method's reminder for that area is answered by the activity just added.
    expect(page.get_by_text("Målmedvetenhet skattades till 2")).to_have_count(0)
    assert_accessible(page, "plan form after adding an activity")
    expect(page.get_by_label("Mål: vilket arbete eller vilka studier?")).to_have_value(
        "Lager, på heltid"
    )
    row = page.locator("fieldset.plan-row", has_text="Målmedvetenhet")
    expect(row.get_by_label("Delmål")).to_have_value("Göra en veckoplan varje söndag")
    expect(row.get_by_label("Kom i form med fysioterapeut (pågående)")).to_be_checked()
    page.get_by_role("button", name="Spara planen", exact=True).last.click()

    expect(page.get_by_text("Aktivitetsplanen är sparad.")).to_be_visible()
    expect(page.get_by_text("Göra en veckoplan varje söndag")).to_be_visible()
    assert_accessible(page, "the revised plan")
    page.get_by_role("link", name="Utskrift att ta med hem").click()
    expect(page.get_by_text("Göra en veckoplan varje söndag")).to_be_visible()
    expect(page.get_by_text("Kom i form med fysioterapeut")).to_be_visible()
    assert_accessible(page, "the printout to take home")
    pdf = page.request.get(page.url.replace("/utskrift/", "/pdf/"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    # A table cell wraps the sub-goal; its words are there in order.
    assert "Göra en veckoplan varje söndag" in " ".join(text.split())
