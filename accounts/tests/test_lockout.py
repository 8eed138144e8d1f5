"""Brute-force protection: django-axes with a limit per account and per address and a
cool-off that grows (accounts/lockout.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import lockout
from accounts.models import Role
from accounts.tests.factories import make_user
from audit.models import SecurityEvent

pytestmark = pytest.mark.django_db

PASSWORD = "demo1234"
NEUTRAL = "Inloggningen är tillfälligt spärrad"


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"login": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        sign_in(client, username, "fel-losenord", address)


def later(**delta):
    """Travel forward in time (the clock keeps ticking from there)."""
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=True)


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, username="kalle")


def test_five_wrong_passwords_lock_the_account_and_the_correct_one_is_refused(client, coach):
    fail(client, "kalle", 4)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED).count() == 0
    fifth = sign_in(client, "kalle", "fel-losenord")
    assert fifth.status_code == 302
    assert fifth["Location"] == reverse("accounts:login")
    page = client.get(fifth["Location"]).content.decode()
    assert NEUTRAL in page

    refused = sign_in(client, "kalle", PASSWORD)
    assert refused.status_code == 302
    assert not signed_in(client)
    assert NEUTRAL in client.get(reverse("accounts:login")).content.decode()

    lock = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKED)
    assert lock.user == coach
    assert lock.organisation_id == coach.organisation_id
    assert lock.detail == "account: 5 failures"
    assert lock.ip_address == "10.0.0.1"


def test_the_lock_message_is_the_same_for_an_account_that_does_not_exist(client, coach):
    fail(client, "kalle", 5)
    fail(client, "finns-inte", 5, address="10.0.0.2")
    for username, address in (("kalle", "10.0.0.1"), ("finns-inte", "10.0.0.2")):
        response = sign_in(client, username, "vad-som-helst", address)
        assert response.status_code == 302
        messages = {str(m) for m in response.wsgi_request._messages}
        assert len(messages) == 1
        assert messages.pop().startswith(NEUTRAL)
    unknown = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKED, username="finns-inte")
    assert unknown.user is None


def test_the_username_is_counted_without_regard_to_case(client, coach):
    for name in ("Kalle", "KALLE", "kalle", "kAlle", " kalle"):
        sign_in(client, name, "fel-losenord")
    sign_in(client, "kalle", PASSWORD)
    assert not signed_in(client)


def test_an_administrator_unlock_lets_the_correct_password_in(client, coach):
    from accounts.services import user_unlock

    fail(client, "kalle", 5)
    administrator = make_user(Role.ADMINISTRATOR, organisation=coach.organisation)
    assert lockout.locked_until(username="kalle") is not None
    user_unlock(actor=administrator, user=coach)
    assert lockout.locked_until(username="kalle") is None
    sign_in(client, "kalle", PASSWORD)
    assert signed_in(client)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.UNLOCKED)
    assert (event.user, event.actor) == (coach, administrator)


def test_after_the_cool_off_the_correct_password_works_again(client, coach, settings):
    assert timedelta(minutes=15) == settings.LOCKOUT_BASE_PERIOD
    fail(client, "kalle", 5)
    with later(minutes=14):
        sign_in(client, "kalle", PASSWORD)
        assert not signed_in(client)
    with later(minutes=15, seconds=1):
        sign_in(client, "kalle", PASSWORD)
        assert signed_in(client)


def test_attempts_during_a_lock_neither_prolong_it_nor_count_as_new_locks(client, coach):
    fail(client, "kalle", 5)
    with later(minutes=10):
        fail(client, "kalle", 3)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED).count() == 1
    with later(minutes=15, seconds=1):
        sign_in(client, "kalle", PASSWORD)
        assert signed_in(client)


def test_a_repeated_lock_lasts_twice_as_long(client, coach):
    fail(client, "kalle", 5)
    with later(minutes=16):
        fail(client, "kalle", 5)
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED).count() == 2
        assert lockout.cool_off_for(username="kalle") == timedelta(minutes=30)
    with later(minutes=16 + 20):
        sign_in(client, "kalle", PASSWORD)
        assert not signed_in(client)
    with later(minutes=16 + 30, seconds=2):
        sign_in(client, "kalle", PASSWORD)
        assert signed_in(client)


def test_the_cool_off_doubles_up_to_the_maximum_and_an_unlock_starts_again(coach, settings):
    from audit.services import security_event_record

    for _ in range(8):
        security_event_record(
            kind=SecurityEvent.Kind.LOCKED, user=coach, username="kalle", detail="account: 5"
        )
    assert lockout.cool_off_for(username="kalle") == timedelta(hours=24)
    settings.LOCKOUT_MAX_PERIOD = timedelta(days=7)
    assert lockout.cool_off_for(username="kalle") == timedelta(minutes=15 * 2**7)
    security_event_record(kind=SecurityEvent.Kind.UNLOCKED, user=coach)
    assert lockout.cool_off_for(username="kalle") == timedelta(minutes=15)


def test_old_locks_are_forgotten_after_the_memory(coach):
    from audit.services import security_event_record

    for _ in range(3):
        security_event_record(
            kind=SecurityEvent.Kind.LOCKED, user=coach, username="kalle", detail="account: 5"
        )
    assert lockout.cool_off_for(username="kalle") == timedelta(minutes=60)
    with later(hours=25):
        assert lockout.cool_off_for(username="kalle") == timedelta(minutes=15)


def test_many_failures_from_one_address_lock_the_address(client, coach):
    # Four wrong passwords for each of several names: no account reaches its limit...
    for n in range(4):
        fail(client, f"gissning{n}", 4, address="10.0.0.9")
    fail(client, "gissning4", 3, address="10.0.0.9")
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED).exists()
    # ...but the address's twentieth failure locks the address.
    fail(client, "gissning4", 1, address="10.0.0.9")
    lock = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKED)
    assert lock.detail == "address: 20 failures"
    assert lock.user is None

    sign_in(client, "kalle", PASSWORD, address="10.0.0.9")
    assert not signed_in(client)
    # The account itself is not locked: from another address the password works.
    sign_in(client, "kalle", PASSWORD, address="10.0.0.10")
    assert signed_in(client)


def test_the_address_limit_is_a_setting(client, coach, settings):
    settings.LOCKOUT_ADDRESS_FAILURE_LIMIT = 8
    for n in range(4):
        fail(client, f"gissning{n}", 2, address="10.0.0.9")
    sign_in(client, "kalle", PASSWORD, address="10.0.0.9")
    assert not signed_in(client)


def test_a_successful_sign_in_forgets_the_accounts_earlier_failures(client, coach):
    fail(client, "kalle", 4)
    sign_in(client, "kalle", PASSWORD)
    assert signed_in(client)
    client.logout()
    fail(client, "kalle", 4)
    sign_in(client, "kalle", PASSWORD)
    assert signed_in(client)


def test_the_lock_keeps_a_safe_next_address_and_drops_another_site(client, coach):
    fail(client, "kalle", 4)
    response = client.post(
        reverse("accounts:login"),
        {"login": "kalle", "password": "fel", "next": "/deltagare/"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fdeltagare%2F"
    response = client.post(
        reverse("accounts:login"),
        {"login": "kalle", "password": "fel", "next": "https://evil.example/"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response["Location"] == reverse("accounts:login")
