"""Issue 12: lockout and unlock, the session's absolute lifetime, sign out everywhere,
and an administrator creating a user who then chooses a password."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, User
from accounts.signals import SIGNED_IN_AT
from accounts.tests.factories import UnitFactory, make_user

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

NEUTRAL = "Inloggningen är tillfälligt spärrad"


def test_an_account_locks_after_five_failures_and_an_administrator_unlocks_it(page):
    unit = UnitFactory(name="Enhet Nord")
    make_user(Role.COACH, unit, username="kalle", first_name="Kalle", last_name="Ek")
    make_user(Role.ADMINISTRATOR, organisation=unit.organisation, username="admin")

    for _ in range(5):
        login(page, "kalle", "fel-losenord")
    messages = page.locator(".messages")
    expect(messages).to_contain_text(NEUTRAL)
    assert_accessible(page, "sign-in page after a lock")

    # The right password is refused too while the lock lasts.
    login(page, "kalle")
    expect(page).to_have_url(re.compile(r"/logga-in/"))
    expect(page.locator(".messages")).to_contain_text(NEUTRAL)

    page.context.clear_cookies()
    login(page, "admin")
    go(page, "/organisation/")
    page.get_by_role("link", name="Kalle Ek").click()
    expect(page.get_by_role("heading", name="Kontot är låst")).to_be_visible()
    assert_accessible(page, "user page with a lock")
    page.get_by_role("button", name="Lås upp kontot").click()
    expect(page.locator(".messages")).to_contain_text("Kontot är upplåst")
    expect(page.get_by_role("heading", name="Kontot är låst")).to_have_count(0)

    page.context.clear_cookies()
    login(page, "kalle")
    expect(page.get_by_role("heading", name="Mina deltagare")).to_be_visible()


def _move_sign_in_back(page, seconds: int):
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SIGNED_IN_AT] = time.time() - seconds
    session.save()


def test_the_absolute_lifetime_ends_a_session_and_sign_out_everywhere_ends_all(page, browser):
    unit = UnitFactory()
    make_user(Role.COACH, unit, username="kalle", first_name="Kalle", last_name="Ek")
    login(page, "kalle")
    expect(page.get_by_role("heading", name="Mina deltagare")).to_be_visible()

    _move_sign_in_back(page, 12 * 60 * 60 + 60)
    page.reload()
    expect(page).to_have_url(re.compile(r"/logga-in/\?next="))
    expect(page.locator(".messages")).to_contain_text("den längsta tid en inloggning gäller")
    assert_accessible(page, "sign-in page after the absolute lifetime")

    # Signed in again, on two browsers; "Logga ut överallt" ends both.
    login(page, "kalle")
    other = browser.new_context(locale="sv-SE", bypass_csp=True).new_page()
    other.base_url = page.base_url
    login(other, "kalle")
    expect(other.get_by_role("heading", name="Mina deltagare")).to_be_visible()

    page.get_by_role("link", name="Mitt konto").click()
    expect(page.get_by_role("heading", name="Mitt konto")).to_be_visible()
    assert_accessible(page, "own account page")
    page.get_by_role("link", name="Byt lösenord").click()
    expect(page.get_by_role("heading", name="Byt lösenord")).to_be_visible()
    assert_accessible(page, "password change page")
    page.go_back()
    page.get_by_role("button", name="Logga ut överallt").click()
    expect(page.locator(".messages")).to_contain_text("Du har loggats ut på alla enheter")

    other.reload()
    expect(other).to_have_url(re.compile(r"/logga-in/"))
    other.context.close()


def test_an_administrator_creates_a_user_who_chooses_a_password(page):
    unit = UnitFactory(name="Enhet Nord")
    make_user(Role.ADMINISTRATOR, organisation=unit.organisation, username="admin")
    login(page, "admin")
    go(page, "/organisation/")
    page.get_by_role("link", name="Ny användare").click()
    expect(page.get_by_role("heading", name="Ny användare")).to_be_visible()
    assert_accessible(page, "new user form")

    page.get_by_label("Användarnamn").fill("nina")
    page.get_by_label("Förnamn").fill("Nina")
    page.get_by_label("E-postadress").fill("nina@exempel.se")
    page.get_by_role("group", name="Handledare").get_by_label("Enhet Nord").check()
    page.get_by_role("button", name="Skapa användaren").click()
    # The last name is missing: the summary and the field say so, the input is kept.
    expect(page.get_by_role("alert")).to_contain_text("Efternamn")
    expect(page.get_by_label("Förnamn")).to_have_value("Nina")
    assert_accessible(page, "new user form with an error")
    page.get_by_label("Efternamn").fill("Nilsson")
    page.get_by_role("button", name="Skapa användaren").click()

    expect(page.get_by_role("heading", name="Nina Nilsson")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Handledare – Enhet Nord")
    expect(page.locator(".messages")).to_contain_text("nina@exempel.se")
    assert_accessible(page, "user page")
    assert User.objects.get(username="nina").memberships.get().unit == unit

    link = re.search(r"https?://[^/]+(/losenord/nytt/\S+/)", mail.outbox[-1].body).group(1)
    page.context.clear_cookies()
    go(page, link)
    expect(page.get_by_role("heading", name="Välj lösenord")).to_be_visible()
    assert_accessible(page, "choose a password")
    page.get_by_label(re.compile(r"^Nytt lösenord")).fill("Tre gröna ankor 77")
    page.get_by_label("Bekräfta nytt lösenord").fill("Tre gröna ankor 77")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("heading", name="Lösenordet är sparat")).to_be_visible()
    login(page, "nina", "Tre gröna ankor 77")
    expect(page.get_by_role("heading", name="Mina deltagare")).to_be_visible()
