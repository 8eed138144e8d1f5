"""Data never crosses organisations or units; every read is in the access log."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from participants import selectors
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    unit = UnitFactory()
    sibling = UnitFactory(organisation=unit.organisation)
    foreign = UnitFactory()
    coach = make_user(Role.COACH, unit)
    return {
        "unit": unit,
        "coach": coach,
        "participant": make_participant(coach=coach),
        "sibling_coach": make_user(Role.COACH, sibling),
        "manager": make_user(Role.MANAGER, unit),
        "org_manager": make_user(Role.MANAGER, None, organisation=unit.organisation),
        "admin": make_user(Role.ADMINISTRATOR, organisation=unit.organisation),
        "analyst": make_user(Role.COUNTY_ANALYST),
        "foreign_coach": make_user(Role.COACH, foreign),
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coach", True),
        ("manager", True),
        ("org_manager", True),
        ("sibling_coach", False),
        ("admin", False),
        ("analyst", False),
        ("foreign_coach", False),
    ],
)
def test_who_can_reach_a_participant(world, client, who, sees):
    participant = world["participant"]
    assert selectors.participant_scope(actor=world[who]).filter(pk=participant.pk).exists() is sees
    client.force_login(world[who])
    response = client.get(reverse("participants:detail", args=[participant.pk]))
    if sees:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
    if who == "foreign_coach":
        assert response.status_code == 404


def test_guessed_url_of_another_organisation_is_404_and_not_logged(world, client):
    client.force_login(world["foreign_coach"])
    before = AccessEvent.objects.count()
    pk = world["participant"].pk
    for name in ("detail", "edit", "close", "coach_change", "access_log", "reenrol"):
        response = client.get(reverse(f"participants:{name}", args=[pk]))
        assert response.status_code == 404, name
    assert AccessEvent.objects.count() == before


def test_viewing_a_participant_writes_an_access_event_with_the_address(world, client):
    client.force_login(world["coach"])
    client.get(
        reverse("participants:detail", args=[world["participant"].pk]), REMOTE_ADDR="10.1.2.3"
    )
    event = AccessEvent.objects.filter(action=AccessEvent.Action.VIEW).get()
    assert event.actor == world["coach"]
    assert event.participant == world["participant"]
    assert event.ip_address == "10.1.2.3"


def test_revealing_the_personal_number_is_logged(world, client):
    participant = make_participant(coach=world["coach"], personal_identity_number="198112289874")
    client.force_login(world["coach"])
    url = reverse("participants:detail", args=[participant.pk])
    masked = client.get(url).content.decode()
    assert "19811228-****" in masked
    assert "19811228-9874" not in masked
    shown = client.get(url + "?visa=personnummer").content.decode()
    assert "19811228-9874" in shown
    assert AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.REVEAL
    ).exists()


def test_lists_do_not_show_other_units_or_organisations(world, client):
    make_participant(coach=world["sibling_coach"], first_name="Syskon")
    make_participant(coach=world["foreign_coach"], first_name="Utrikes")
    client.force_login(world["coach"])
    page = client.get(reverse("participants:list")).content.decode()
    assert world["participant"].first_name in page
    assert "Syskon" not in page
    assert "Utrikes" not in page


def test_only_managers_of_the_unit_see_the_access_log(world, client):
    url = reverse("participants:access_log", args=[world["participant"].pk])
    client.force_login(world["coach"])
    assert client.get(url).status_code == 403
    client.force_login(world["manager"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Registrering" in response.content.decode()
