"""Issue 15 §1: the coach goes through a card the participant filled in on a link,
beside the previous occasion, writes a note, gives their belief and marks it reviewed;
the participant page then offers to revise the plan from it. Axe on every page.

Run with SCREENSHOTS=1 to write the review page's picture in docs/screenshots/ again."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.models import Assessment
from assessments.tests.factories import card, make_assessment
from participants.tests.factories import make_participant
from plans.tests.factories import make_plan
from selfrating import services

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_the_coach_goes_through_a_self_rating_and_is_offered_the_plan(page):
    coach = make_user(Role.COACH, UnitFactory(), username="hanna")
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
    invitation, _token = services.invitation_create(
        actor=coach, participant=person, version=card("smail")
    )
    for number, value in enumerate(["3", "2", "2", "declined", "4", "5"], start=1):
        services.draft_answer_save(invitation_id=invitation.pk, key=f"q_q{number}", value=value)
    filled = services.invitation_submit(invitation_id=invitation.pk)

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
