"""Single sign-on against a real OpenID Connect provider on 127.0.0.1 (no browser).

The test client plays the browser: it starts the sign-in, "authenticates" at the
provider's own sign-in form as a chosen subject, and follows the redirect back.
"""

from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.factories import UnitFactory, make_user
from audit.models import SecurityEvent

from .oidc import oidc_provider, provider_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    users = [
        oidc_provider_mock.User(sub="sub-kalle", claims={"employee_id": "E-1001"}),
        oidc_provider_mock.User(sub="sub-okand", claims={"employee_id": "E-9999"}),
    ]
    with oidc_provider(users) as url:
        settings.SOCIALACCOUNT_PROVIDERS = provider_settings(url)
        yield url


def sso_sign_in(client, sub: str):
    """The whole round trip; returns the response to the callback."""
    start = client.post("/sso/oidc/sso/login/", {"process": "login"})
    assert start.status_code == 302
    authorize_url = start["Location"]
    assert authorize_url.startswith("http://127.0.0.1:")
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/sso/oidc/sso/login/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_login_page_shows_the_sso_button_only_when_a_provider_is_configured(client, settings):
    assert "Logga in med" not in client.get(reverse("accounts:login")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("http://127.0.0.1:9", name="Kommun-ID")
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logga in med Kommun-ID" in page
    assert 'action="/sso/oidc/sso/login/?process=login"' in page


def test_a_user_created_with_the_identifier_is_signed_in_and_logged(client, provider):
    unit = UnitFactory()
    kalle = make_user(Role.COACH, unit, sso_identifier="sub-kalle")
    users_before = User.objects.count()

    response = sso_sign_in(client, "sub-kalle")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(kalle.pk)
    assert User.objects.count() == users_before
    assert SocialAccount.objects.get(uid="sub-kalle").user == kalle
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN)
    assert (event.user, event.detail, event.organisation_id) == (
        kalle,
        "sso",
        unit.organisation_id,
    )
    # The SSO user is exempt from MFA_REQUIRED: their pages open.
    assert client.get(reverse("participants:caseload")).status_code == 200


def test_an_unknown_identity_is_refused_logged_and_no_user_is_created(client, provider):
    make_user(Role.COACH, UnitFactory(), sso_identifier="sub-kalle")
    users_before = User.objects.count()

    response = sso_sign_in(client, "sub-okand")

    assert response.status_code == 403
    assert "Du har inget konto i Stegvis" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    event = SecurityEvent.objects.get()
    assert event.kind == SecurityEvent.Kind.SSO_REFUSED
    assert event.user is None
    assert "sub-okand" in event.detail


def test_a_deactivated_user_is_refused_even_when_the_identity_was_linked_before(client, provider):
    kalle = make_user(Role.COACH, UnitFactory(), sso_identifier="sub-kalle")
    assert sso_sign_in(client, "sub-kalle").status_code == 302
    client.logout()
    kalle.is_active = False
    kalle.save(update_fields=["is_active"])

    response = sso_sign_in(client, "sub-kalle")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    refused = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
    assert refused.user == kalle
    assert "deactivated" in refused.detail
    assert "sub-kalle" in refused.detail


def test_a_name_or_email_matching_an_existing_user_is_not_enough(client, provider):
    # The provider says email "sub-okand" (its default claim); a user with that e-mail
    # and username exists but has no identifier: refused.
    make_user(Role.COACH, UnitFactory(), username="sub-okand", email="sub-okand")
    response = sso_sign_in(client, "sub-okand")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_match_claim_is_a_setting(client, provider, settings):
    settings.SSO_MATCH_CLAIM = "employee_id"
    kalle = make_user(Role.COACH, UnitFactory(), sso_identifier="E-1001")
    make_user(Role.COACH, UnitFactory(), sso_identifier="sub-okand")

    assert sso_sign_in(client, "sub-kalle").status_code == 302
    assert client.session["_auth_user_id"] == str(kalle.pk)
    client.logout()
    # sub-okand's employee_id E-9999 is nobody's, although its sub is someone's identifier.
    assert sso_sign_in(client, "sub-okand").status_code == 403


def test_the_identity_follows_the_identifier_when_an_administrator_moves_it(client, provider):
    first = make_user(Role.COACH, UnitFactory(), sso_identifier="sub-kalle")
    sso_sign_in(client, "sub-kalle")
    client.logout()
    first.sso_identifier = None
    first.save(update_fields=["sso_identifier"])
    second = make_user(Role.COACH, UnitFactory(), sso_identifier="sub-kalle")

    sso_sign_in(client, "sub-kalle")

    assert client.session["_auth_user_id"] == str(second.pk)
    assert SocialAccount.objects.get(uid="sub-kalle").user == second
