"""Session policy: an absolute lifetime, sign out everywhere, deactivated users."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import Role
from accounts.signals import SIGNED_IN_AT
from accounts.tests.factories import make_user
from audit.models import SecurityEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, username="kalle")


def sign_in(client, username="kalle", password="demo1234"):
    client.post(reverse("accounts:login"), {"login": username, "password": password})
    assert "_auth_user_id" in client.session


def test_signing_in_stamps_the_session(client, coach):
    before = timezone.now().timestamp()
    sign_in(client)
    assert client.session[SIGNED_IN_AT] >= before


def _expiry(client):
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=key).expire_date


def test_the_idle_timeout_slides_with_each_request_and_the_session_is_written_once_a_minute(
    client, coach, settings
):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    caseload = reverse("participants:caseload")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
        assert client.get(caseload).status_code == 200
        written = _expiry(client)
    assert written == start + timedelta(minutes=30)
    # 20 s later: no write, the expiry stays.
    with time_machine.travel(start + timedelta(seconds=20), tick=False):
        assert client.get(caseload).status_code == 200
    assert _expiry(client) == written
    # 29 minutes after the first request (idle 28:40): written again, 30 minutes ahead.
    later = start + timedelta(minutes=29)
    with time_machine.travel(later, tick=False):
        assert client.get(caseload).status_code == 200
    assert _expiry(client) == later + timedelta(minutes=30)
    # 29 more minutes: still signed in (58 minutes after the start, active throughout).
    with time_machine.travel(later + timedelta(minutes=29), tick=False):
        assert client.get(caseload).status_code == 200
    # Then 31 minutes idle: signed out.
    with time_machine.travel(later + timedelta(minutes=29 + 31), tick=False):
        response = client.get(caseload)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_ends_after_the_absolute_lifetime_even_when_active(client, coach, settings):
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60
    sign_in(client)
    caseload = reverse("participants:caseload")
    start = timezone.now()
    # Active every 25 minutes for almost 12 hours: the idle timeout never strikes.
    for minutes in range(25, 12 * 60, 25):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=True):
            assert client.get(caseload).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, seconds=5), tick=True):
        response = client.get(caseload)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login") + "?next=%2Fmina-deltagare%2F"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
    assert "den längsta tid en inloggning gäller" in page
    assert "12 timmar" in page
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_EXPIRED)
    assert event.user == coach


def test_the_absolute_lifetime_is_a_setting(client, coach, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = 60
    sign_in(client)
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=True):
        assert client.get(reverse("participants:caseload")).status_code == 302


def test_sign_out_everywhere_ends_every_session_and_a_new_sign_in_works(coach):
    laptop, phone = Client(), Client()
    sign_in(laptop)
    sign_in(phone)
    response = laptop.post(reverse("accounts:sign_out_everywhere"), follow=True)
    assert "Du har loggats ut på alla enheter" in response.content.decode()
    assert "_auth_user_id" not in laptop.session
    assert phone.get(reverse("participants:caseload")).status_code == 302
    assert "_auth_user_id" not in phone.session
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSIONS_ENDED)
    assert (event.user, event.actor) == (coach, coach)
    coach.refresh_from_db()
    assert coach.sessions_valid_after is not None

    sign_in(phone)
    assert phone.get(reverse("participants:caseload")).status_code == 200


def test_the_account_page_offers_sign_out_everywhere_and_password_change(client, coach):
    client.force_login(coach)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Logga ut överallt" in page
    assert reverse("accounts:password_change") in page
    assert reverse("accounts:sign_out_everywhere") in page


def test_a_session_of_a_deactivated_user_ends_on_the_next_request(client, coach):
    sign_in(client)
    coach.is_active = False
    coach.save()
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "backend",
    ["axes.backends.AxesStandaloneBackend", "allauth.account.auth_backends.AuthenticationBackend"],
)
def test_every_backend_in_use_refuses_an_inactive_user(coach, backend, settings, rf):
    assert backend in settings.AUTHENTICATION_BACKENDS
    coach.is_active = False
    coach.save()
    from django.contrib.auth import authenticate

    request = rf.post("/logga-in/")
    assert authenticate(request, username="kalle", password="demo1234") is None
    instance = import_string(backend)()
    if hasattr(instance, "get_user"):  # axes only guards authenticate(); it loads no user
        assert instance.get_user(coach.pk) is None


def test_a_session_without_a_sign_in_stamp_is_ended(client, coach):
    client.force_login(coach)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
