import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import OrganisationFactory, UnitFactory, make_user
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db


def test_county_overview_suppresses_counts_under_five_and_shows_no_names(client):
    big, small = UnitFactory(), UnitFactory()
    big_coach, small_coach = make_user(Role.COACH, big), make_user(Role.COACH, small)
    for _ in range(5):
        make_participant(coach=big_coach, first_name="Hemlig")
    for _ in range(4):
        make_participant(coach=small_coach, first_name="Hemlig")
    client.force_login(make_user(Role.COUNTY_ANALYST, organisation=OrganisationFactory()))
    page = client.get(reverse("accounts:county_overview")).content.decode()
    assert "färre än 5" in page
    assert ">5<" in page.replace(" ", "")
    assert ">4<" not in page.replace(" ", "")
    assert "Hemlig" not in page
    assert "Exempelsson" not in page


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
        Role.COUNTY_ANALYST: reverse("accounts:county_overview"),
    }
    for role, target in cases.items():
        client.force_login(make_user(role, unit, organisation=unit.organisation))
        assert client.get(reverse("home"))["Location"] == target
