"""Issue 5: a participant fills in the card alone on a phone, by keyboard, and nothing
they answer is lost."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import make_user
from assessments.tests.factories import card
from participants.tests.factories import make_participant
from selfrating import services
from selfrating.models import Invitation

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, username="hanna")


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach, first_name="Leila", last_name="Nordin")


def _link(coach, participant):
    _, token = services.invitation_create(
        actor=coach, participant=participant, version=card("smail")
    )
    return f"/s/{token}/"


def _answer_by_keyboard(page, level: str):
    """Tab to the options, choose with the arrow keys and Space, submit with Enter."""
    page.locator("#answer-1").focus()
    for _ in range(int(level) - 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator(f"#answer-{level}")).to_be_checked()
    before = page.url
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != before)


def test_fill_in_on_a_phone_by_keyboard_resume_and_coach_sees_it(
    browser, live_server, coach, participant
):
    link = _link(coach, participant)
    for language in ("sv", "en"):
        context = browser.new_context(viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        page.base_url = live_server.url
        go(page, link)
        if language == "en":
            page.get_by_role("button", name="In English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page, f"start ({language})")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if language == "sv":
            page.get_by_role("link", name="Börja").click()
            expect(page.get_by_text("Fråga 1 av 7")).to_be_visible()
            assert_accessible(page, "question 1 (sv)")
            _answer_by_keyboard(page, "3")
            _answer_by_keyboard(page, "4")
            expect(page.get_by_text("Fråga 3 av 7")).to_be_visible()
            context.close()  # closed half-way
        else:
            # The draft was kept: opening the link again resumes at question 3.
            page.get_by_role("link", name="Continue where you left off").click()
            expect(page.get_by_text("Question 3 of 7")).to_be_visible()
            assert_accessible(page, "question 3 (en)")
            page.get_by_label("Prefer not to answer").check()
            page.get_by_role("button", name="Next").click()
            for level in ("2", "5", "1"):
                _answer_by_keyboard(page, level)
            assert_accessible(page, "job search (en)")
            page.get_by_label("Through job databases online").check()
            page.get_by_role("button", name="Next").click()
            assert_accessible(page, "review (en)")
            submit = page.get_by_role("button", name="Send my answers")
            submit.click()
            expect(
                page.get_by_role("heading", name="Thank you! Your answers have been sent.")
            ).to_be_visible()
            assert_accessible(page, "thanks (en)")
            context.close()

    # Back with the coach: marked as self-filled, and in the chart.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.base_url = live_server.url
    login(page, "hanna")
    expect(page.get_by_role("heading", name="Självskattningar att gå igenom")).to_be_visible()
    go(page, f"/deltagare/{participant.pk}/")
    expect(page.get_by_text("ifylld av deltagaren")).to_be_visible()
    expect(page.locator("svg.spider-chart g.occasion")).to_have_count(1)
    table = page.locator("table.change-table")
    expect(table).to_contain_text("Vill inte svara")
    context.close()


def test_double_submit_makes_one_assessment(page, coach, participant):
    page.set_viewport_size(PHONE)
    go(page, _link(coach, participant))
    invitation = Invitation.objects.get()
    for code in ("q1", "q2", "q3", "q4", "q5", "q6"):
        services.draft_answer_save(invitation_id=invitation.pk, key=f"q_{code}", value="3")
    go(page, "/sjalvskattning/granska/")
    # Two clicks in quick succession, as a double tap would send.
    page.evaluate(
        "() => { const f = document.querySelector('form[action$=\"skicka/\"]'); "
        "f.requestSubmit(); f.requestSubmit(); }"
    )
    expect(page.get_by_role("heading", name="Tack! Dina svar är skickade.")).to_be_visible()
    go(page, "/sjalvskattning/granska/")
    assert invitation.participant.assessments.count() == 1


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_expired_and_revoked_links_get_the_neutral_page(page, coach, participant, state):
    page.set_viewport_size(PHONE)
    link = _link(coach, participant)
    invitation = Invitation.objects.get()
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    else:
        services.invitation_revoke(actor=coach, invitation=invitation)
    go(page, link)
    expect(page.get_by_role("heading", name="Länken fungerar inte")).to_be_visible()
    assert "Leila" not in page.content()
    assert_accessible(page, f"{state} link")
