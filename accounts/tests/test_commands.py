"""The first administrator: create_administrator, and createsuperuser with rules."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Membership, Organisation, Role, User
from accounts.selectors import user_access
from audit.models import SecurityEvent

pytestmark = pytest.mark.django_db

STRONG = "Tre gröna ankor 77"
ARGS = ["--organisation", "Exempelkommun", "--username", "anna", "--email", "anna@exempel.se"]


def test_create_administrator_from_the_environment(monkeypatch):
    monkeypatch.setenv("STEGVIS_ADMINISTRATOR_PASSWORD", STRONG)
    call_command("create_administrator", *ARGS, "--first-name", "Anna", "--no-input")
    user = User.objects.get(username="anna")
    assert user.check_password(STRONG)
    assert user.organisation.name == "Exempelkommun"
    assert user.first_name == "Anna"
    assert user_access(user).is_administrator
    assert not user.is_superuser
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.USER_CREATED, user=user).exists()


def test_create_administrator_uses_an_existing_organisation(monkeypatch):
    organisation = Organisation.objects.create(name="Exempelkommun")
    monkeypatch.setenv("STEGVIS_ADMINISTRATOR_PASSWORD", STRONG)
    call_command("create_administrator", *ARGS, "--no-input")
    assert User.objects.get(username="anna").organisation == organisation
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("password", ["abc", "password123", "sommar2020", "anna@exempel.se1"])
def test_create_administrator_applies_the_password_rules(monkeypatch, password):
    monkeypatch.setenv("STEGVIS_ADMINISTRATOR_PASSWORD", password)
    with pytest.raises(CommandError, match="The password was refused"):
        call_command("create_administrator", *ARGS, "--no-input")
    assert not User.objects.filter(username="anna").exists()
    assert not Organisation.objects.exists()


def test_create_administrator_asks_twice_and_again_after_a_weak_password(monkeypatch):
    monkeypatch.delenv("STEGVIS_ADMINISTRATOR_PASSWORD", raising=False)
    answers = iter(["abc", "abc", STRONG, "something else", STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_administrator", *ARGS)
    assert User.objects.get(username="anna").check_password(STRONG)


def test_create_administrator_without_a_password_in_no_input_mode_fails(monkeypatch):
    monkeypatch.delenv("STEGVIS_ADMINISTRATOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="STEGVIS_ADMINISTRATOR_PASSWORD"):
        call_command("create_administrator", *ARGS, "--no-input")


def test_create_administrator_refuses_a_taken_username(monkeypatch):
    monkeypatch.setenv("STEGVIS_ADMINISTRATOR_PASSWORD", STRONG)
    call_command("create_administrator", *ARGS, "--no-input")
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_administrator",
            "--organisation",
            "Annan kommun",
            "--username",
            "ANNA",
            "--email",
            "a@exempel.se",
            "--no-input",
        )
    assert Membership.objects.filter(role=Role.ADMINISTRATOR).count() == 1


def test_createsuperuser_no_input_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "abc")
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD was refused"):
        call_command(
            "createsuperuser", "--no-input", "--username", "root", "--email", "r@exempel.se"
        )
    assert not User.objects.filter(username="root").exists()


def test_createsuperuser_no_input_accepts_a_strong_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", "--no-input", "--username", "root", "--email", "r@exempel.se")
    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.check_password(STRONG)
