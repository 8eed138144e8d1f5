"""Issue 15 §5: the participant's card on a 320 px phone with text at 200 %, by keyboard.

Every step of the card, SMAIL and BIP, in Swedish and in English: no horizontal
scrolling, the scale's meaning before the options, the first answer right after the
skip link, and a thank-you page that says what happens next.
"""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import card
from participants.tests.factories import make_participant
from selfrating import services

from .conftest import assert_accessible, go

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def _enlarge_and_check(page, where: str):
    """Text at 200 % (as the browser's text size setting does: every rem doubles), then
    nothing may be wider than the screen."""
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where}: scrollWidth {widths[0]} > clientWidth {widths[1]}"


def _first_answer_after_skip_link(page):
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.name")
    assert focused in ("answer", "amount"), focused


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("code", ["smail", "bip"])
def test_every_step_reflows_at_320_px_with_text_at_200_percent(
    browser, live_server, code, language
):
    coach = make_user(Role.COACH, UnitFactory(), username=f"coach-{code}-{language}")
    participant = make_participant(coach=coach, first_name="Leila", last_name="Nordin")
    _, token = services.invitation_create(actor=coach, participant=participant, version=card(code))
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    go(page, f"/s/{token}/")
    if language == "en":
        page.get_by_role("button", name="In English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    _enlarge_and_check(page, "start")
    assert_accessible(page, f"start {code} {language}")
    page.locator("main a.button--big").click()
    # The first question's page, before counting the steps (the click only starts it).
    page.locator("input[name=question]").wait_for(state="attached")

    steps = 0
    while page.locator("input[name=question]").count():
        steps += 1
        where = f"{code} {language} step {steps}"
        _enlarge_and_check(page, where)
        assert_accessible(page, where)
        if steps == 1:
            _first_answer_after_skip_link(page)
        kind = page.evaluate("document.querySelector('input[name=answer]')?.type || 'salary'")
        if kind == "radio":
            meaning = page.locator("#scale-meaning")
            expect(meaning).to_be_visible()
            # The meaning of the scale comes before the options, and is announced with them.
            assert page.evaluate(
                "!!(document.getElementById('scale-meaning').compareDocumentPosition("
                "document.querySelector('.sr-options')) & Node.DOCUMENT_POSITION_FOLLOWING)"
            )
            described = page.locator("#answer-area").get_attribute("aria-describedby")
            assert "scale-meaning" in described
            one, five = page.locator("label[for=answer-1]"), page.locator("label[for=answer-5]")
            if code == "smail":
                # No level descriptions in the seed: the scale's anchors at 1 and 5.
                expect(one).to_contain_text(
                    "behöver träna mer" if language == "sv" else "needs more practice"
                )
                expect(five).to_contain_text(
                    "fungerar mycket bra" if language == "sv" else "works very well"
                )
            else:
                assert len(one.inner_text()) > 10
                assert len(five.inner_text()) > 10
            page.locator("#answer-3").check()
        elif kind == "checkbox":
            page.locator("input[name=answer]").first.check()
        else:
            page.locator("input[name=alternative]").first.check()
        # Each step is a page of its own: wait until the next one (another question, or
        # the review without one) has replaced this one before counting it.
        current = page.locator("input[name=question]").get_attribute("value")
        page.locator("button[name=go][value=next]").click()
        page.wait_for_function(
            "prev => { const q = document.querySelector('input[name=question]');"
            " return document.readyState === 'complete' && (!q || q.value !== prev); }",
            arg=current,
        )
        assert steps < 20
    assert steps == {"smail": 7, "bip": 11}[code]

    _enlarge_and_check(page, f"review {code} {language}")
    assert_accessible(page, f"review {code} {language}")
    page.locator("form[action$='skicka/'] button").click()
    expect(page.locator("h1")).to_contain_text("Tack" if language == "sv" else "Thank you")
    _enlarge_and_check(page, f"thanks {code} {language}")
    assert_accessible(page, f"thanks {code} {language}")
    # What happens next: the coach goes through the answers with the participant.
    expect(page.locator(".sr-next li")).to_have_count(3)
    expect(page.locator(".sr-next")).to_contain_text(
        "går din handledare igenom svaren tillsammans med dig"
        if language == "sv"
        else "your coach goes through the answers with you"
    )
    context.close()
