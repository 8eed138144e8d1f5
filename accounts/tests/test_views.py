import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user

pytestmark = pytest.mark.django_db


def test_administrator_sees_units_and_roles_of_their_own_organisation_only(client):
    unit = UnitFactory(name="Enhet Nord")
    make_user(Role.COACH, unit, username="kalle")
    make_user(Role.COACH, UnitFactory(name="Annans enhet"), username="utomstaende")
    client.force_login(make_user(Role.ADMINISTRATOR, organisation=unit.organisation))
    page = client.get(reverse("accounts:organisation_overview")).content.decode()
    assert "Enhet Nord" in page
    assert "kalle" in page
    assert "Annans enhet" not in page
    assert "utomstaende" not in page


def test_home_sends_each_role_to_its_start_page(client):
    unit = UnitFactory()
    cases = {
        Role.COACH: reverse("participants:caseload"),
        Role.MANAGER: reverse("participants:list"),
        Role.ADMINISTRATOR: reverse("accounts:organisation_overview"),
        Role.COUNTY_ANALYST: reverse("figures:county"),
    }
    for role, target in cases.items():
        client.force_login(make_user(role, unit, organisation=unit.organisation))
        assert client.get(reverse("home"))["Location"] == target
