"""Issue 18 §2: the whole SMAIL and BIP card by keyboard at 320 px in Arabic (right to
left) and in Tigrinya (Ethiopic script), axe on every step, and the coach sees the
answers in Swedish in the chart."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import card
from participants.tests.factories import make_participant
from selfrating import services

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
WORDS = {
    # The first question, a heading of the review page and the thank-you page.
    ("smail", "ar"): ("هل تعتقد أنك تستطيع أن تعمل؟", "راجع إجاباتك", "شكرًا! تم إرسال إجاباتك."),
    ("bip", "ar"): ("هل لديك فكرة عن العمل الذي تريده؟", "راجع إجاباتك", "شكرًا! تم إرسال إجاباتك."),
    ("smail", "ti"): ("ክትሰርሕ ከም እትኽእል ትኣምን ዶ?", "መልስታትካ ርአ", "የቐንየለይ! መልስታትካ ተላኢኾም።"),
    ("bip", "ti"): ("ኣየናይ ስራሕ ክትረክብ ከም እትደሊ ሓሳብ ኣለካ ዶ?", "መልስታትካ ርአ", "የቐንየለይ! መልስታትካ ተላኢኾም።"),
}
DIRECTION = {"ar": "rtl", "ti": "ltr"}


def _fits(page, where: str):
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where}: scrollWidth {widths[0]} > clientWidth {widths[1]}"


def _fonts_drawing(page, selector: str) -> set[str]:
    """The fonts Chromium drew the element's text with (DevTools' CSS.getPlatformFontsForNode):
    the Noto fonts must draw Arabic and Ethiopic, with no glyph left to a fallback box."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts}


NOTO = {"ar": "Noto Naskh Arabic", "ti": "Noto Sans Ethiopic"}


def _keyboard_through_the_card(page, code: str, language: str) -> int:
    """Each step by keyboard: the first answer after the skip link, arrows and Space to
    choose, Tab to the Next button and Enter."""
    steps = 0
    while page.locator("input[name=question]").count():
        steps += 1
        where = f"{code} {language} step {steps}"
        expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
        _fits(page, where)
        assert_accessible(page, where)
        kind = page.evaluate("document.querySelector('input[name=answer]')?.type || 'salary'")
        if kind == "radio":
            page.locator("#answer-1").focus()
            for _ in range(3):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            expect(page.locator("#answer-4")).to_be_checked()
        elif kind == "checkbox":
            page.locator("#answer-online_databases").focus()
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            page.keyboard.press("Space")
            expect(page.locator("input[name=answer]:checked")).to_have_count(2)
        else:
            page.locator("#amount").focus()
            page.keyboard.type("28000")
        if steps == 2:
            _mirrored(page, language)
        before = page.url
        page.locator("button[name=go][value=next]").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url, before=before: url != before)
        assert steps < 20
    return steps


def _mirrored(page, language: str):
    """Right to left: Next (forward) on the left of Back, the progress bar filling from
    the right; left to right the other way round."""
    forward = page.locator("button[name=go][value=next]").bounding_box()
    back = page.locator("button[name=go][value=back]").bounding_box()
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('.sr-progress-bar')).direction"
    )
    assert direction == DIRECTION[language]
    if DIRECTION[language] == "rtl":
        assert forward["x"] + forward["width"] <= back["x"] + 1, (forward, back)
    else:
        assert back["x"] + back["width"] <= forward["x"] + 1, (forward, back)


@pytest.mark.parametrize("language", ["ar", "ti"])
@pytest.mark.parametrize("code", ["smail", "bip"])
def test_the_whole_card_by_keyboard_at_320_px(browser, live_server, code, language):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit, username=f"coach-{code}-{language}")
    participant = make_participant(coach=coach, first_name="Amal", last_name="Tesfay")
    _, token = services.invitation_create(
        actor=coach, participant=participant, version=card(code), language=language
    )
    question, review_heading, thanks = WORDS[(code, language)]

    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    go(page, f"/s/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
    _fits(page, f"start {code} {language}")
    assert_accessible(page, f"start {code} {language}")
    page.locator("main a.button--big").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(question)
    assert NOTO[language] in _fonts_drawing(page, "h1"), _fonts_drawing(page, "h1")

    steps = _keyboard_through_the_card(page, code, language)
    assert steps == {"smail": 7, "bip": 11}[code]

    expect(page.locator("h1")).to_have_text(review_heading)
    _fits(page, f"review {code} {language}")
    assert_accessible(page, f"review {code} {language}")
    page.locator("form[action$='skicka/'] button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(thanks)
    _fits(page, f"thanks {code} {language}")
    assert_accessible(page, f"thanks {code} {language}")
    context.close()

    # The coach's pages stay Swedish: the answers in the chart under the Swedish names.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.base_url = live_server.url
    login(page, f"coach-{code}-{language}")
    go(page, f"/deltagare/{participant.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_text("ifylld av deltagaren")).to_be_visible()
    chart = page.locator("svg.spider-chart")
    expect(chart.locator("g.occasion")).to_have_count(1)
    expect(chart).to_contain_text("Samarbetsförmåga")
    assert question not in page.content()
    context.close()


def test_read_aloud_says_when_the_browser_has_no_voice_for_the_language(browser, live_server):
    coach = make_user(Role.COACH, UnitFactory(), username="coach-voice")
    participant = make_participant(coach=coach, first_name="Amal")
    _, token = services.invitation_create(
        actor=coach, participant=participant, version=card("smail"), language="ti"
    )
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    page = context.new_page()
    page.base_url = live_server.url
    # A browser with a Swedish and an Arabic voice, but none for Tigrinya.
    page.add_init_script(
        """
        const voices = [{lang: 'sv-SE', name: 'Alva'}, {lang: 'ar-SA', name: 'Maged'}];
        window.__spoken = [];
        Object.defineProperty(window, 'speechSynthesis', {value: {
            getVoices: () => voices, speak: (u) => window.__spoken.push([u.lang, u.text]),
            cancel: () => {}, addEventListener: () => {}}});
        window.SpeechSynthesisUtterance = function (text) { this.text = text; };
        """
    )
    go(page, f"/s/{token}/")
    go(page, "/sjalvskattning/steg/1/")
    button = page.locator(".read-aloud")
    expect(button).to_have_text("ኣብ ብራውዘርካ በዚ ቋንቋ ብድምጺ ምንባብ የለን።")
    expect(button).to_be_disabled()
    assert page.evaluate("window.__spoken") == []
    assert_accessible(page, "read-aloud without a voice")

    # In Swedish there is a voice: the button reads, with the Swedish voice.
    page.locator("button[name=language][value=sv]").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.locator(".read-aloud").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken
    assert spoken[0][0] == "sv-SE"
    assert spoken[0][1].startswith("Tror du att du kan klara av att arbeta?")
    context.close()


def test_the_administrators_language_pages_are_accessible(page):
    unit = UnitFactory()
    make_user(Role.ADMINISTRATOR, organisation=unit.organisation, username="admin-lang")
    version = card("bip")
    login(page, "admin-lang")
    go(page, f"/kort/{version.pk}/sprak/")
    expect(page.get_by_role("row", name="Arabiska")).to_contain_text("ej granskad")
    assert_accessible(page, "card languages")
    page.get_by_role("link", name="Arabiska").click()
    # Each field in Arabic, right to left, described by the Swedish beside it.
    field = page.locator("textarea[name='t-q__job_idea']")
    expect(field).to_have_attribute("dir", "rtl")
    expect(field).to_have_value("هل لديك فكرة عن العمل الذي تريده؟")
    described = field.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_have_text(
        "Har du en idé om vilket arbete du gärna vill ha?"
    )
    assert_accessible(page, "Arabic texts of BIP")
