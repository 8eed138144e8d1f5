"""Every page that shows participants' names writes one access-log row; a 404 writes none."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent, AccessEventParticipant
from groupactivities import services as group_services
from groupactivities.tests.factories import make_group
from participants.tests.factories import make_participant
from referrals.tests.factories import make_referral
from worktraining.tests.factories import make_placement

pytestmark = pytest.mark.django_db


def _list_rows(actor):
    return AccessEvent.objects.filter(actor=actor, action=AccessEvent.Action.VIEW_LIST)


def _get(client, url):
    before = set(_list_rows_all())
    response = client.get(url)
    assert response.status_code == 200
    new = [AccessEvent.objects.get(pk=pk) for pk in _list_rows_all() if pk not in before]
    return response, new


def _list_rows_all():
    return AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_LIST).values_list(
        "pk", flat=True
    )


def _listed(event):
    return set(event.listed.values_list("participant_id", flat=True))


@pytest.fixture
def people(coach):
    return [make_participant(coach=coach) for _ in range(3)]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_caseload_is_one_row_listing_the_caseload(client, coach, people):
    client.force_login(coach)
    response, [event] = _get(client, reverse("participants:caseload"))
    assert event.actor == coach
    assert event.participant_id is None
    assert event.what == "mina deltagare"
    assert _listed(event) == {p.pk for p in people}
    for person in people:
        assert person.last_name in response.content.decode()


def test_caseload_queries_do_not_grow_with_participants(client, coach, people):
    client.force_login(coach)
    url = reverse("participants:caseload")
    client.get(url)
    few = _queries(client, url)
    for _ in range(15):
        make_participant(coach=coach)
    assert _queries(client, url) == few
    assert len(_listed(_list_rows(coach).order_by("-id").first())) == 18


def test_participant_list_logs_the_page_shown(
    client, coach, people, other_organisation_participant
):
    client.force_login(coach)
    stranger = other_organisation_participant
    _, [event] = _get(client, reverse("participants:list"))
    assert _listed(event) == {p.pk for p in people}
    assert stranger.pk not in _listed(event)
    assert event.what == "deltagarlista, sida 1"
    # A search that finds nobody writes nothing.
    response = client.get(reverse("participants:list"), {"q": "ingen-sådan"})
    assert response.status_code == 200
    assert _list_rows(coach).count() == 1


def test_follow_ups_due_logs_the_participants_listed(client, coach, people):
    for person in people[:2]:
        make_placement(coach=coach, participant=person)
    client.force_login(coach)
    response, [event] = _get(client, reverse("worktraining:due"))
    assert _listed(event) == {p.pk for p in people[:2]}
    assert event.what == "uppföljningar att göra"
    assert people[0].last_name in response.content.decode()


def test_group_pages_log_their_members_and_candidates(client, coach, unit, people):
    group = make_group(coach=coach, unit=unit)
    for person in people[:2]:
        group_services.member_add(
            actor=coach, group=group, participant=person, joined_on=datetime.date(2026, 2, 2)
        )
    client.force_login(coach)
    _, [event] = _get(client, reverse("groupactivities:detail", args=[group.pk]))
    assert _listed(event) == {p.pk for p in people[:2]}
    assert event.what == f"gruppaktivitet: {group.name}"
    _, [event] = _get(client, reverse("groupactivities:member_add", args=[group.pk]))
    assert _listed(event) == {people[2].pk}


def test_group_detail_queries_do_not_grow_with_members(client, coach, unit):
    group = make_group(coach=coach, unit=unit)
    url = reverse("groupactivities:detail", args=[group.pk])
    client.force_login(coach)

    def add(n):
        for _ in range(n):
            group_services.member_add(
                actor=coach,
                group=group,
                participant=make_participant(coach=coach),
                joined_on=datetime.date(2026, 2, 2),
            )

    add(1)
    client.get(url)
    few = _queries(client, url)
    add(10)
    assert _queries(client, url) == few
    assert len(_listed(_list_rows(coach).order_by("-id").first())) == 11


def test_referral_inbox_logs_participants_and_unassigned_referrals(client, manager, coach, unit):
    waiting = make_referral(actor=manager, unit=unit)
    client.force_login(manager)
    response, [event] = _get(client, reverse("referrals:inbox"))
    assert waiting.last_name in response.content.decode()
    assert event.participant_id is None
    assert event.what == f"aktualiseringar: inkorgen; aktualiseringar {waiting.pk}"
    assert _listed(event) == set()


def test_a_participants_access_log_shows_the_list_views(client, manager, coach, people):
    client.force_login(coach)
    client.get(reverse("participants:caseload"))
    client.force_login(manager)
    page = client.get(reverse("participants:access_log", args=[people[0].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Visning i lista" in html
    assert "mina deltagare" in html


URLS_WITH_A_PARTICIPANT = [
    "participants:detail",
    "participants:edit",
    "participants:access_log",
    "assessments:create",
    "plans:plan",
    "employment:list",
    "worktraining:placement",
    "mapping:detail",
    "intake:overview",
]


@pytest.mark.parametrize("name", URLS_WITH_A_PARTICIPANT)
def test_a_guessed_id_of_another_organisation_is_404_and_logs_nothing(client, people, name):
    outsider = make_user(Role.MANAGER, UnitFactory())
    client.force_login(outsider)
    before = AccessEvent.objects.count()
    response = client.get(reverse(name, args=[people[0].pk]))
    assert response.status_code == 404
    assert AccessEvent.objects.count() == before
    assert not AccessEventParticipant.objects.filter(participant=people[0]).exists()


def test_a_guessed_group_of_another_organisation_is_404_and_logs_nothing(client, coach, unit):
    group = make_group(coach=coach, unit=unit)
    outsider = make_user(Role.COACH, UnitFactory())
    client.force_login(outsider)
    before = AccessEvent.objects.count()
    for name in ("groupactivities:detail", "groupactivities:member_add"):
        assert client.get(reverse(name, args=[group.pk])).status_code == 404
    assert AccessEvent.objects.count() == before
