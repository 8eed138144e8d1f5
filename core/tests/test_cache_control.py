"""Pages with personal data are never stored by a browser or a proxy."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from assessments.tests.factories import card
from core.middleware import NoStoreMiddleware
from selfrating import services as selfrating_services

pytestmark = pytest.mark.django_db


def _assert_not_stored(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("participants:caseload", Role.COACH),
        ("participants:detail", Role.COACH),
        ("participants:edit", Role.COACH),
        ("mapping:detail", Role.COACH),
        ("plans:plan", Role.COACH),
        ("employment:list", Role.COACH),
        ("participants:access_log", Role.MANAGER),
        ("figures:manager", Role.MANAGER),
    ],
)
def test_signed_in_pages_send_no_store(client, unit, participant, name, role):
    client.force_login(make_user(role, unit))
    args = [participant.pk] if name.split(":")[1] not in ("caseload", "manager") else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    _assert_not_stored(response)


def test_an_export_and_a_pdf_send_no_store(client, unit):
    client.force_login(make_user(Role.MANAGER, unit))
    export = client.get(
        reverse("figures:manager"),
        {"date_from": "2026-01-01", "date_to": "2026-12-31", "format": "csv"},
    )
    assert export["Content-Type"].startswith("text/csv")
    _assert_not_stored(export)
    pdf = client.get(reverse("printouts:blank_card", args=[card("smail").pk]))
    assert pdf["Content-Type"] == "application/pdf"
    _assert_not_stored(pdf)


def test_the_self_rating_link_pages_send_no_store(client, coach, participant):
    _invitation, token = selfrating_services.invitation_create(
        actor=coach, participant=participant, version=card("smail")
    )
    opened = client.get(reverse("selfrating:open", args=[token]))
    _assert_not_stored(opened)
    start = client.get(reverse("selfrating:start"))
    assert start.status_code == 200
    _assert_not_stored(start)


def test_the_sign_in_and_error_pages_send_no_store(client, coach):
    _assert_not_stored(client.get(reverse("accounts:login")))
    client.force_login(coach)
    missing = client.get("/deltagare/999999/")
    assert missing.status_code == 404
    _assert_not_stored(missing)


def test_static_files_are_left_alone():
    middleware = NoStoreMiddleware(lambda request: HttpResponse("body {}"))
    response = middleware(RequestFactory().get("/static/css/site.css"))
    assert not response.has_header("Cache-Control")
    assert not response.has_header("Pragma")
