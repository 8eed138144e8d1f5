"""Password sign-in, two-factor sign-in, MFA_REQUIRED and the security log."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import SecurityEvent

pytestmark = pytest.mark.django_db
PASSWORD = "demo1234"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth remembers used TOTP codes in the cache; user ids repeat between tests.
    cache.clear()
    yield
    cache.clear()


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"login": username, "password": password})


def kinds():
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", "detail", "username"))


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, username="kalle")


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def test_password_sign_in_and_out_are_logged(client, coach):
    response = sign_in(client, "kalle")
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    assert kinds() == [
        (SecurityEvent.Kind.LOGIN, "password", "kalle"),
        (SecurityEvent.Kind.LOGOUT, "", "kalle"),
    ]
    assert SecurityEvent.objects.filter(user=coach).count() == 2


def test_a_failed_sign_in_is_neutral_and_logs_the_username_but_never_the_password(client, coach):
    wrong = sign_in(client, "kalle", "fel-losen-123")
    unknown = sign_in(client, "ingen-sadan", "hemligt-456")

    for response in (wrong, unknown):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Fel användarnamn eller lösenord." in page
        assert "_auth_user_id" not in client.session
    assert kinds() == [
        (SecurityEvent.Kind.LOGIN_FAILED, "password", "kalle"),
        (SecurityEvent.Kind.LOGIN_FAILED, "password", "ingen-sadan"),
    ]
    logged = " ".join(f"{d} {u}" for _, d, u in kinds())
    assert "fel-losen" not in logged
    assert "hemligt" not in logged


def test_a_deactivated_user_cannot_sign_in_and_is_told_nothing_more(client, coach):
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    response = sign_in(client, "kalle")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_no_self_sign_up(client):
    from signin.adapters import AccountAdapter

    assert AccountAdapter().is_open_for_signup(None) is False
    assert client.get("/accounts/signup/").status_code == 404


def test_a_user_with_totp_gives_a_code_after_the_password(client, coach):
    secret = with_totp(coach)

    response = sign_in(client, "kalle")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert "Tvåfaktorinloggning" in client.get(reverse("mfa_authenticate")).content.decode()

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Fel kod" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    code = current_code(secret)
    right = client.post(reverse("mfa_authenticate"), {"code": code})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(coach.pk)
    events = kinds()
    assert (SecurityEvent.Kind.LOGIN_FAILED, "totp code", "kalle") in events
    assert events[-1] == (SecurityEvent.Kind.LOGIN, "password+totp", "kalle")
    assert not any(code in detail or "000000" in detail for _, detail, _ in events)


def test_a_recovery_code_works_once_instead_of_the_app(client, coach):
    with_totp(coach)
    recovery = RecoveryCodes(Authenticator.objects.get(user=coach, type="recovery_codes"))
    code = recovery.get_unused_codes()[0]

    sign_in(client, "kalle")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(coach.pk)
    assert kinds()[-1] == (SecurityEvent.Kind.LOGIN, "password+recovery_codes", "kalle")

    client.post(reverse("accounts:logout"))
    sign_in(client, "kalle")
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert "Fel kod" in again.content.decode()


@pytest.mark.parametrize("mfa_required", [True, False])
def test_mfa_required_sends_a_password_user_to_enrolment_first(
    client, coach, settings, mfa_required
):
    settings.MFA_REQUIRED = mfa_required
    sign_in(client, "kalle")
    caseload = client.get(reverse("participants:caseload"))
    if not mfa_required:
        assert caseload.status_code == 200
        return
    assert caseload.status_code == 302
    assert caseload["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Du behöver aktivera tvåfaktorinloggning" in page
    # Enrolment, the language switch and signing out stay open.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "sv"}).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")

    with_totp(coach)
    assert client.get(reverse("participants:caseload")).status_code == 200


def test_enrolling_totp_through_the_pages_is_logged_and_recovery_codes_are_shown(client, coach):
    sign_in(client, "kalle")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert secret in page.content.decode()

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    assert "Fel kod" in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()

    done = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(done["Location"]).content.decode()
    codes = RecoveryCodes(
        Authenticator.objects.get(user=coach, type="recovery_codes")
    ).get_unused_codes()
    assert all(code in codes_page for code in codes)
    enrolled = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.MFA_ENROLLED, user=coach)
    assert sorted(enrolled.values_list("detail", flat=True)) == ["recovery_codes", "totp"]
    assert not SecurityEvent.objects.filter(detail__contains=secret).exists()


def test_the_last_second_factor_stays_while_mfa_is_required(client, coach, settings):
    settings.MFA_REQUIRED = True
    secret = with_totp(coach)
    sign_in(client, "kalle")
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    refused = client.post(reverse("mfa_deactivate_totp"))
    assert refused.status_code == 200
    assert "Tvåfaktorinloggning krävs" in refused.content.decode()
    assert Authenticator.objects.filter(user=coach, type="totp").exists()

    settings.MFA_REQUIRED = False
    removed = client.post(reverse("mfa_deactivate_totp"))
    assert removed.status_code == 302
    assert not Authenticator.objects.filter(user=coach, type="totp").exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.MFA_REMOVED, user=coach, detail="totp"
    ).exists()


def test_changing_authenticators_later_asks_for_the_password_again(client, coach):
    client.force_login(coach)  # a session without a recent sign-in
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"]).content.decode()
    assert "Bekräfta att det är du" in page

    wrong = client.post(response["Location"], {"password": "fel-losen"})
    assert "Fel lösenord." in wrong.content.decode()
    failed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert (failed.user, failed.detail) == (coach, "reauthentication")

    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_the_header_links_to_the_two_factor_page(client, coach):
    client.force_login(coach)
    page = client.get(reverse("participants:caseload")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert "Tvåfaktorinloggning" in page


def test_another_users_security_key_is_not_found(client, coach):
    other = make_user(Role.COACH, UnitFactory(), username="olle")
    key = Authenticator.objects.create(
        user=other, type=Authenticator.Type.WEBAUTHN, data={"name": "Olles nyckel"}
    )
    sign_in(client, "kalle")  # a fresh sign-in: no second password prompt
    assert client.get(reverse("mfa_edit_webauthn", kwargs={"pk": key.pk})).status_code == 404
    assert client.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk})).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_the_security_key_pages_render_with_their_scripts(client, coach):
    sign_in(client, "kalle")
    add = client.get(reverse("mfa_add_webauthn"))
    page = add.content.decode()
    assert add.status_code == 200
    assert "Lägg till säkerhetsnyckel" in page
    assert "mfa/js/webauthn.js" in page
    assert 'id="js_data"' in page  # the registration options for the browser
    assert (
        "Ingen säkerhetsnyckel är tillagd."
        in client.get(reverse("mfa_list_webauthn")).content.decode()
    )
