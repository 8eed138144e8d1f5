"""Password rules, changing one's own password and the self-service reset by e-mail."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from accounts.validators import BreachedPasswordValidator, breached_passwords
from audit.models import SecurityEvent

pytestmark = pytest.mark.django_db

BREACHED = "läckt ut"


@pytest.mark.parametrize(
    "password",
    [
        "password123",
        "Password123!",
        "sommar2020",
        "Sommar2020!",
        "hejsan123456",
        "p@ssw0rd2024",
        "qwertyuiop",
        "iloveyou12",
    ],
)
def test_breached_passwords_and_their_decorated_forms_are_refused_in_swedish(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(BREACHED in message for message in error.value.messages)


@pytest.mark.parametrize(
    "password", ["Tre gröna ankor 77", "kanelbulle-Vindruva-9", "Xq7!vTr2#pLm"]
)
def test_strong_passwords_are_accepted(password):
    validate_password(password)


def test_the_list_ships_with_the_packages_and_holds_swedish_passwords():
    words = breached_passwords()
    assert len(words) > 40_000
    assert {"sommar", "hejsan", "password123"} <= words


def test_the_validator_is_in_the_installations_rules(settings):
    names = [v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "accounts.validators.BreachedPasswordValidator" in names
    assert "Lösenordet får inte finnas" in BreachedPasswordValidator().get_help_text()


def test_a_user_changes_their_own_password(client):
    coach = make_user(Role.COACH, UnitFactory())
    client.force_login(coach)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Byt lösenord" in page
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": "demo1234", "new_password1": "sommar2020", "new_password2": "sommar2020"},
    )
    assert BREACHED in weak.content.decode()
    wrong = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "fel",
            "new_password1": "Tre gröna ankor 77",
            "new_password2": "Tre gröna ankor 77",
        },
    )
    assert "gamla lösenord" in wrong.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "demo1234",
            "new_password1": "Tre gröna ankor 77",
            "new_password2": "Tre gröna ankor 77",
        },
        follow=True,
    )
    assert "Ditt lösenord är bytt." in response.content.decode()
    coach.refresh_from_db()
    assert coach.check_password("Tre gröna ankor 77")
    # This session goes on; the change is in the security log.
    assert client.get(reverse("accounts:account")).status_code == 200
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_CHANGED, user=coach
    ).exists()


def test_forgotten_password_sends_a_link_only_to_a_known_active_address(client):
    coach = make_user(Role.COACH, UnitFactory(), email="kalle@example.se")
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in login_page
    assert "Glömt lösenordet?" in login_page

    unknown = client.post(reverse("accounts:password_reset"), {"email": "okand@example.se"})
    assert unknown["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []

    known = client.post(reverse("accounts:password_reset"), {"email": "Kalle@Example.se"})
    # The same answer whether or not the address is known.
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Någon har bett om ett nytt lösenord" in body
    assert "3 dagar" in body
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET, user=coach, detail="link requested"
    ).exists()

    link = re.search(r"http://testserver(/losenord/nytt/\S+/)", body).group(1)
    set_url = client.get(link)["Location"]
    client.post(
        set_url, {"new_password1": "Tre gröna ankor 77", "new_password2": "Tre gröna ankor 77"}
    )
    coach.refresh_from_db()
    assert coach.check_password("Tre gröna ankor 77")
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "Länken gäller inte längre" in again


def test_a_new_password_through_the_link_lifts_a_lock(client):
    coach = make_user(Role.COACH, UnitFactory(), username="kalle", email="kalle@example.se")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"login": "kalle", "password": "fel"})
    client.post(reverse("accounts:password_reset"), {"email": "kalle@example.se"})
    link = re.search(r"http://testserver(/losenord/nytt/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link)["Location"]
    client.post(
        set_url, {"new_password1": "Tre gröna ankor 77", "new_password2": "Tre gröna ankor 77"}
    )
    client.post(reverse("accounts:login"), {"login": "kalle", "password": "Tre gröna ankor 77"})
    assert int(client.session["_auth_user_id"]) == coach.pk


def test_password_pages_are_swedish(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        page = client.get(reverse(f"accounts:{name}")).content.decode()
        assert '<html lang="sv">' in page
    assert (
        "Kolla din e-post" in client.get(reverse("accounts:password_reset_done")).content.decode()
    )
