import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_server_error_page_is_swedish_and_shows_no_stack_trace(client, settings):
    settings.ROOT_URLCONF = "core.tests.urls_failing"
    client.raise_request_exception = False
    response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in page
    assert "secret internals" not in page
    assert "Traceback" not in page


def test_not_found_page_is_swedish(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_missing_csrf_token_gets_a_page_that_says_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Sidan hade gått ut" in page
    assert "ladda om" in page


def test_login_page_is_swedish_and_wrong_password_says_so(client):
    response = client.post(reverse("accounts:login"), {"login": "nobody", "password": "x"})
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "Formuläret innehåller fel" in page
    assert "fel användarnamn eller lösenord" in page.lower()


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert base.AUTH_PASSWORD_VALIDATORS


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60 + "production-check-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "stegvis.example.se",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "ALLOWED_HOSTS": "a.se",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_swedish_is_the_default_whatever_the_browser_asks_for(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in page.content.decode()


def test_the_language_switch_changes_the_language(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
