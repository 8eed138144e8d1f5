"""The search: who sees what, the filters, list views, paging and its query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from audit.models import AccessEvent
from logreview.selectors import event_scope, event_search
from participants.tests.factories import make_participant

from .conftest import log, log_list, moment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 20)


@pytest.fixture
def events(coach, other_coach, participant, other_participant, outsider):
    return {
        "own": log(coach, participant, moment(DAY)),
        "unit_user_elsewhere": log(coach, other_participant, moment(DAY)),
        "other_unit": log(other_coach, other_participant, moment(DAY)),
        "other_org": log(outsider["coach"], outsider["person"], moment(DAY)),
    }


def test_a_manager_sees_their_units_participants_and_users_only(manager, events):
    seen = set(event_scope(actor=manager))
    assert events["own"] in seen
    assert events["unit_user_elsewhere"] in seen  # their coach read another unit's person
    assert events["other_unit"] not in seen
    assert events["other_org"] not in seen


def test_a_security_officer_sees_the_whole_organisation_only(security_officer, events):
    seen = set(event_scope(actor=security_officer))
    assert {events["own"], events["unit_user_elsewhere"], events["other_unit"]} <= seen
    assert events["other_org"] not in seen


def test_coaches_administrators_and_analysts_see_nothing(coach, unit, events):
    assert not event_scope(actor=coach).exists()
    assert not event_scope(actor=make_user(Role.ADMINISTRATOR, organisation=unit.organisation))
    assert not event_scope(actor=make_user(Role.COUNTY_ANALYST)).exists()


def test_a_list_view_is_seen_by_the_manager_of_a_listed_participant(
    manager, other_manager, other_coach, participant, other_participant
):
    # An org-wide list by a user of the other unit, listing a participant of the unit.
    listing = log_list(other_coach, [participant, other_participant], moment(DAY))
    assert listing in set(event_scope(actor=manager))
    assert listing in set(event_scope(actor=other_manager))


def test_a_participant_search_matches_subject_and_listed_events(
    security_officer, coach, participant, other_participant
):
    read = log(coach, participant, moment(DAY))
    listed = log_list(coach, [participant, other_participant], moment(DAY))
    unrelated = log(coach, other_participant, moment(DAY))
    for query in ("karin ek", "Ek", "19811228-9874", "811228"):
        found = list(event_search(actor=security_officer, participant_query=query))
        assert read in found, query
        assert listed in found, query
        assert unrelated not in found, query
    by_id = list(event_search(actor=security_officer, participant_id=participant.pk))
    assert read in by_id
    assert listed in by_id
    assert unrelated not in by_id


def test_a_participant_search_does_not_reach_outside_the_scope(manager, other_coach, events):
    # The manager's scope has no events about Per by other units' users.
    found = list(event_search(actor=manager, participant_query="Sydström"))
    assert found == [events["unit_user_elsewhere"]]
    assert list(event_search(actor=manager, participant_query="Främling")) == []


def test_filters_by_user_action_and_period(security_officer, coach, other_coach, participant):
    early = log(coach, participant, moment(datetime.date(2026, 1, 2)))
    reveal = log(coach, participant, moment(DAY), AccessEvent.Action.REVEAL)
    late = log(other_coach, participant, moment(datetime.date(2026, 2, 2)))
    search = event_search
    assert set(search(actor=security_officer, user_id=other_coach.pk)) == {late}
    assert list(search(actor=security_officer, action="reveal")) == [reveal]
    january = search(
        actor=security_officer,
        date_from=datetime.date(2026, 1, 2),
        date_to=datetime.date(2026, 1, 20),
    )
    assert list(january.filter(actor=coach, participant=participant).exclude(action="create")) == [
        reveal,
        early,
    ]


def test_the_search_page_filters_and_logs_what_it_shows(client, manager, coach, participant):
    log(coach, participant, moment(DAY), AccessEvent.Action.REVEAL)
    client.force_login(manager)
    page = client.get(
        reverse("logreview:search"),
        {"participant": "Karin", "action": "reveal", "date_from": "2026-01-01"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Karin Ek" in html
    assert "1 händelse hittades." in html
    shown = AccessEvent.objects.filter(actor=manager, action=AccessEvent.Action.VIEW_LIST).get()
    assert list(shown.listed.values_list("participant_id", flat=True)) == [participant.pk]


def test_an_invalid_period_is_an_error_not_a_crash(client, manager):
    client.force_login(manager)
    page = client.get(
        reverse("logreview:search"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert page.status_code == 200
    assert "Periodens slut kan inte ligga före dess början." in page.content.decode()
    assert client.get(reverse("logreview:search"), {"date_from": "nonsense"}).status_code == 200


def test_the_search_page_query_count_does_not_grow_with_rows(
    client, security_officer, coach, participant, django_assert_num_queries
):
    people = [make_participant(coach=coach) for _ in range(3)]
    log_list(coach, people, moment(DAY))
    log(coach, participant, moment(DAY))
    client.force_login(security_officer)
    url = reverse("logreview:search")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    many_people = [make_participant(coach=coach) for _ in range(30)]
    log_list(coach, many_people, moment(DAY, 11))
    for person in many_people[:20]:
        log(coach, person, moment(DAY, 12))
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Deltagare" in page.content.decode()
    assert page.context["page"].paginator.count > 50  # a full page of rows
