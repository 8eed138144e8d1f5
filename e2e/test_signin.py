"""Issue 12: single sign-on against a real OpenID Connect provider, and TOTP enrolment."""

import time
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import SecurityEvent
from signin.tests.oidc import oidc_provider, provider_settings

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser


@pytest.fixture
def hanna():
    unit = UnitFactory(name="Arbetsmarknadsenheten Norr")
    return make_user(
        Role.COACH,
        unit,
        username="hanna",
        first_name="Hanna",
        last_name="Holm",
        sso_identifier="sub-hanna",
    )


def only_this_machine(page):
    """The provider's page links a stylesheet from a CDN: nothing leaves 127.0.0.1."""

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", route)


def totp_code(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // mfa_settings.TOTP_PERIOD))


def test_sign_in_through_the_identity_provider_and_an_unknown_identity_is_refused(
    page, hanna, settings
):
    only_this_machine(page)
    users = [oidc_provider_mock.User(sub="sub-hanna"), oidc_provider_mock.User(sub="sub-okand")]
    with oidc_provider(users) as provider_url:
        settings.SOCIALACCOUNT_PROVIDERS = provider_settings(provider_url)
        go(page, "/logga-in/")
        sso = page.get_by_role("button", name="Logga in med Testkommunens inloggning")
        expect(sso).to_be_visible()
        assert_accessible(page, "sign-in page with SSO")

        sso.click()
        # The provider's own sign-in page on 127.0.0.1: authenticate as sub-hanna.
        assert page.url.startswith(provider_url)
        page.get_by_role("button", name="sub-hanna", exact=True).click()
        expect(page.get_by_role("heading", name="Mina deltagare", level=1)).to_be_visible()
        expect(page.locator(".user-name")).to_have_text("Hanna Holm")
        assert SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.LOGIN, user=hanna, detail="sso"
        ).exists()

        page.get_by_role("button", name="Logga ut").click()
        expect(page.get_by_role("heading", name="Logga in", level=1)).to_be_visible()
        page.get_by_role("button", name="Logga in med Testkommunens inloggning").click()
        assert page.url.startswith(provider_url)
        page.get_by_role("button", name="sub-okand", exact=True).click()
        expect(page.get_by_role("heading", name="Du har inget konto i Stegvis")).to_be_visible()
        expect(page.get_by_text("kontakta din administratör", exact=False)).to_be_visible()
        assert_accessible(page, "SSO refusal page")
        assert page.locator(".user-name").count() == 0
        refused = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
        assert "sub-okand" in refused.detail


def test_enrol_totp_at_first_sign_in_and_sign_in_with_a_fresh_code(page, hanna, settings):
    settings.MFA_REQUIRED = True
    login(page, "hanna")
    # Sent to enrolment, and no other page opens until then.
    expect(page.get_by_role("heading", name="Tvåfaktorinloggning", level=1)).to_be_visible()
    expect(page.get_by_text("Du behöver aktivera tvåfaktorinloggning")).to_be_visible()
    assert_accessible(page, "two-factor page before enrolment")
    go(page, "/mina-deltagare/")
    expect(page.get_by_role("heading", name="Tvåfaktorinloggning", level=1)).to_be_visible()

    page.get_by_role("link", name="Aktivera app").click()
    expect(page.get_by_role("heading", name="Aktivera app för tvåfaktorinloggning")).to_be_visible()
    assert_accessible(page, "TOTP activation")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Kod från appen").fill("000000")
    page.get_by_role("button", name="Aktivera").click()
    expect(page.get_by_role("heading", name="Formuläret innehåller fel")).to_be_visible()
    assert_accessible(page, "TOTP activation with an error")
    enrolled_at = time.time()
    first_code = totp_code(secret, enrolled_at)
    page.get_by_label("Kod från appen").fill(first_code)
    page.get_by_role("button", name="Aktivera").click()

    expect(page.get_by_role("heading", name="Reservkoder")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page, "recovery codes")
    page.get_by_role("link", name="Klar").click()
    expect(page.get_by_text("Inloggning med kod från en app är aktiverad.")).to_be_visible()
    assert_accessible(page, "two-factor page after enrolment")
    go(page, "/mina-deltagare/")
    expect(page.get_by_role("heading", name="Mina deltagare", level=1)).to_be_visible()

    page.get_by_role("button", name="Logga ut").click()
    login(page, "hanna")
    expect(page.get_by_role("heading", name="Tvåfaktorinloggning", level=1)).to_be_visible()
    assert_accessible(page, "code at sign-in")
    # A code is accepted once: wait for the app's next code if the first is still shown.
    now = time.time()
    if totp_code(secret, now) == first_code:
        time.sleep(mfa_settings.TOTP_PERIOD - now % mfa_settings.TOTP_PERIOD + 0.5)
    page.get_by_label("Kod från appen eller en reservkod").fill(totp_code(secret, time.time()))
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Mina deltagare", level=1)).to_be_visible()
    logins = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN, user=hanna)
    assert list(logins.order_by("pk").values_list("detail", flat=True)) == [
        "password",
        "password+totp",
    ]
