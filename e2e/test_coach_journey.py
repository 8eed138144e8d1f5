"""Issue 2: a coach registers a participant, finds them, changes coach with a handover."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def unit():
    return UnitFactory(name="Arbetsmarknadsenheten Norr")


@pytest.fixture
def coaches(unit):
    return (
        make_user(Role.COACH, unit, username="hanna", first_name="Hanna", last_name="Holm"),
        make_user(Role.COACH, unit, username="hugo", first_name="Hugo", last_name="Berg"),
    )


def test_register_find_change_coach_and_see_history(page, coaches):
    login(page, "hanna")
    expect(page.get_by_role("heading", name="Mina deltagare", level=1)).to_be_visible()
    assert_accessible(page, "Mina deltagare")

    page.get_by_role("link", name="Registrera deltagare").first.click()
    assert_accessible(page, "registration form")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("heading", name="Formuläret innehåller fel")).to_be_visible()
    assert_accessible(page, "registration form with errors")

    page.get_by_label("Förnamn").fill("Amina")
    page.get_by_label("Efternamn").fill("Sandberg")
    page.get_by_label("Personnummer eller samordningsnummer").fill("19811228-9875")
    page.get_by_label("Kvinna").check()
    page.get_by_label("Aktualiserad från").select_option(label="Socialtjänsten")
    page.get_by_role("button", name="Registrera").click()
    # A wrong check digit: the message sits next to the field and the input is kept.
    expect(page.locator("#personal_identity_number-error")).to_contain_text("Kontrollsiffran")
    expect(page.get_by_label("Förnamn")).to_have_value("Amina")
    page.get_by_label("Personnummer eller samordningsnummer").fill("19811228-9874")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("heading", name="Amina Sandberg")).to_be_visible()
    expect(page.get_by_text("19811228-****")).to_be_visible()
    assert_accessible(page, "participant page")

    page.get_by_role("link", name="Mina deltagare").first.click()
    page.get_by_role("rowheader").get_by_role("link", name="Sandberg, Amina").click()

    page.get_by_role("link", name="Byt handledare").click()
    assert_accessible(page, "coach change form")
    page.get_by_label("Ny handledare").select_option(label="Hugo Berg")
    page.get_by_label("Anledning till bytet").fill("Hanna går på föräldraledighet")
    page.get_by_label("Överlämning").fill("Trepartssamtal hölls; planen gicks igenom med Amina.")
    page.get_by_role("button", name="Byt handledare").click()

    history = page.locator("section", has=page.get_by_role("heading", name="Handledarhistorik"))
    expect(history).to_contain_text("Hugo Berg")
    expect(history).to_contain_text("Hanna Holm")
    expect(history).to_contain_text("Trepartssamtal hölls; planen gicks igenom med Amina.")
    expect(history).to_contain_text("Hanna går på föräldraledighet")

    # She is no longer in Hanna's caseload.
    go(page, "/mina-deltagare/")
    expect(page.get_by_role("link", name="Sandberg, Amina")).to_have_count(0)


def test_keyboard_only_login_starts_with_the_skip_link(page, coaches):
    go(page, "/logga-in/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Hoppa till innehållet")
    assert_accessible(page, "login page")
    page.get_by_label("Användarnamn").focus()
    page.keyboard.type("hanna")
    page.keyboard.press("Tab")
    page.keyboard.type("demo1234")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mina deltagare", level=1)).to_be_visible()


def test_narrow_screen_has_no_horizontal_scroll(page, coaches):
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, "hanna")
    go(page, "/mina-deltagare/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    assert_accessible(page, "caseload at 320 px")


def test_language_switch(page, coaches):
    login(page, "hanna")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My participants", level=1)).to_be_visible()
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
