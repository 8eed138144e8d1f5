import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.models import ParticipantActivity
from activities.tests.factories import make_catalogue_item
from audit.models import AccessEvent
from groupactivities import services
from groupactivities.models import Attendance, GroupActivity, GroupSession
from participants.tests.factories import make_participant

from .factories import make_group, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]
D = datetime.date


@pytest.fixture
def group(coach, unit):
    return make_group(coach=coach, unit=unit)


def _fill(group, coach, *, members, sessions):
    people = [make_participant(coach=coach) for _ in range(members)]
    for person in people:
        services.member_add(actor=coach, group=group, participant=person, joined_on=D(2026, 2, 2))
    days = [
        make_session(group=group, held_on=D(2026, 2, 2) + datetime.timedelta(weeks=n))
        for n in range(sessions)
    ]
    services.attendance_record(
        actor=coach,
        group=group,
        marks={(s.pk, p.pk): "present" for s in days for p in people},
    )
    return people, days


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_group_list_queries_do_not_grow_with_rows(client, coach, unit, django_assert_num_queries):
    url = reverse("groupactivities:list")
    make_group(coach=coach, unit=unit)
    few = _queries(client, url)
    for n in range(8):
        group = make_group(coach=coach, unit=unit, name=f"Grupp {n}")
        _fill(group, coach, members=2, sessions=2)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert "Grupp 7" in response.content.decode()


def test_attendance_grid_queries_do_not_grow_with_rows(
    client, coach, unit, django_assert_num_queries
):
    small = make_group(coach=coach, unit=unit)
    _fill(small, coach, members=1, sessions=1)
    few = _queries(client, reverse("groupactivities:detail", args=[small.pk]))
    large = make_group(coach=coach, unit=unit, name="Stor grupp")
    _fill(large, coach, members=12, sessions=10)
    with django_assert_num_queries(few):
        response = client.get(reverse("groupactivities:detail", args=[large.pk]) + "?alla=1")
    assert response.content.decode().count('type="radio"') == 12 * 10 * 3


def test_taking_attendance_through_the_grid(client, coach, group):
    (a, b), (s1, s2) = _fill(group, coach, members=2, sessions=2)
    url = reverse("groupactivities:attendance", args=[group.pk])
    before = AccessEvent.objects.count()
    response = client.post(
        url,
        {
            f"a-{s2.pk}-{a.pk}": "notified",
            f"a-{s2.pk}-{b.pk}": "present",
            f"a-{s1.pk}-{a.pk}": "present",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.get(session=s2, participant=a).status == "notified"
    assert AccessEvent.objects.count() == before + 1  # only a changed
    page = client.get(reverse("groupactivities:detail", args=[group.pk])).content.decode()
    assert "1 av 2 (50 %)" in page
    assert "<legend" in page
    assert f"{a.full_name}, 2026-02-09 13:00" in page


def test_attendance_for_someone_outside_the_group_saves_nothing(client, coach, group):
    (a,), (s1,) = _fill(group, coach, members=1, sessions=1)
    stranger = make_participant(coach=coach)
    response = client.post(
        reverse("groupactivities:attendance", args=[group.pk]),
        {f"a-{s1.pk}-{a.pk}": "absent", f"a-{s1.pk}-{stranger.pk}": "present"},
        follow=True,
    )
    assert "gruppens deltagare" in response.content.decode()
    assert Attendance.objects.get().status == "present"


def test_create_a_group_and_add_a_member_and_end_them(client, coach, unit):
    item = make_catalogue_item(organisation=unit.organisation, name="Jobbsök", format="group")
    response = client.post(
        reverse("groupactivities:create"),
        {
            "catalogue_item": item.pk,
            "name": "",
            "unit": unit.pk,
            "leader": coach.pk,
            "started_on": "2026-02-05",
            "ended_on": "",
            "schedule": "Torsdagar 13–16",
        },
    )
    group = GroupActivity.objects.get()
    assert response.status_code == 302
    assert group.name == "Jobbsök"
    participant = make_participant(coach=coach)
    response = client.post(
        reverse("groupactivities:member_add", args=[group.pk]),
        {"participant": participant.pk, "joined_on": "2026-02-05"},
    )
    assert response.status_code == 302
    activity = ParticipantActivity.objects.get(participant=participant)
    assert AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.VIEW
    ).exists()
    membership = group.memberships.get()
    response = client.post(
        reverse("groupactivities:member_end", args=[group.pk, membership.pk]),
        {"left_on": "2026-03-05"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.end_date) == ("finished", D(2026, 3, 5))


def test_bad_group_input_keeps_what_was_typed(client, coach, unit):
    item = make_catalogue_item(organisation=unit.organisation, format="group")
    response = client.post(
        reverse("groupactivities:create"),
        {
            "catalogue_item": item.pk,
            "name": "Vårgruppen",
            "unit": unit.pk,
            "leader": coach.pk,
            "started_on": "2026-02-05",
            "ended_on": "2026-02-04",
        },
    )
    html = response.content.decode()
    assert 'id="ended_on-error"' in html
    assert "Formuläret innehåller fel" in html
    assert 'value="Vårgruppen"' in html
    assert not GroupActivity.objects.exists()


def test_individual_catalogue_items_are_not_offered(client, coach, unit):
    make_catalogue_item(organisation=unit.organisation, name="Enskilt samtal", format="individual")
    make_catalogue_item(organisation=unit.organisation, name="Språkcafé", format="group")
    page = client.get(reverse("groupactivities:create")).content.decode()
    assert "Språkcafé" in page
    assert "Enskilt samtal" not in page


def test_session_length_out_of_bounds(client, group):
    url = reverse("groupactivities:session_create", args=[group.pk])
    response = client.post(
        url, {"held_on": "2026-02-09", "starts_at": "13:00", "length_minutes": "0"}
    )
    assert "från 1 till 720" in response.content.decode()
    assert not GroupSession.objects.exists()
    response = client.post(
        url, {"held_on": "2026-02-09", "starts_at": "13:00", "length_minutes": "180"}
    )
    assert response.status_code == 302


def test_another_organisations_group_is_404(client, coach, group):
    outsider = make_user(Role.COACH, UnitFactory())
    client.force_login(outsider)
    assert client.get(reverse("groupactivities:detail", args=[group.pk])).status_code == 404
    assert client.get(reverse("groupactivities:edit", args=[group.pk])).status_code == 404
    response = client.post(reverse("groupactivities:attendance", args=[group.pk]), {})
    assert response.status_code == 404
    assert "Språkcafé" not in client.get(reverse("groupactivities:list")).content.decode()


def test_a_participant_outside_the_actors_scope_cannot_be_added(client, coach, group, unit):
    other_unit = UnitFactory(organisation=unit.organisation)
    other = make_participant(coach=make_user(Role.COACH, other_unit))
    response = client.post(
        reverse("groupactivities:member_add", args=[group.pk]),
        {"participant": other.pk, "joined_on": "2026-02-05"},
    )
    assert response.status_code == 200
    assert 'id="participant-error"' in response.content.decode()
    assert not group.memberships.exists()


def test_a_session_edited_by_two_coaches_the_second_gets_a_conflict(client, coach, group, unit):
    session = make_session(group=group, held_on=D(2026, 2, 9))
    url = reverse("groupactivities:session_edit", args=[group.pk, session.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {"held_on": "2026-02-09", "starts_at": "13:00", "length_minutes": "90", "version": "1"}
    assert client.post(url, data).status_code == 302
    client.force_login(make_user(Role.COACH, unit))
    response = client.post(url, {**data, "length_minutes": "150", "note": "Flyttad"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har ändrat uppgifterna medan du skrev" in page
    assert "Flyttad" in page
    session.refresh_from_db()
    assert (session.length_minutes, session.note, session.version) == (90, "", 2)


def test_a_stale_group_edit_is_a_409(client, coach, group, unit):
    url = reverse("groupactivities:edit", args=[group.pk])
    data = {
        "catalogue_item": group.catalogue_item_id,
        "name": "Språkcafé kväll",
        "unit": unit.pk,
        "leader": coach.pk,
        "started_on": "2026-02-02",
        "ended_on": "",
        "schedule": "",
        "version": str(group.version),
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "Språkcafé morgon"})
    assert response.status_code == 409
    assert 'value="Språkcafé morgon"' in response.content.decode()
    assert GroupActivity.objects.get().name == "Språkcafé kväll"


def test_a_grid_opened_earlier_does_not_undo_another_coachs_marks(client, coach, group, unit):
    (a, b), (s1,) = _fill(group, coach, members=2, sessions=1)  # both present
    page = client.get(reverse("groupactivities:detail", args=[group.pk])).content.decode()
    assert f'name="was-a-{s1.pk}-{a.pk}" value="present"' in page
    # Meanwhile another coach marks a as absent.
    services.attendance_record(
        actor=make_user(Role.COACH, unit), group=group, marks={(s1.pk, a.pk): "absent"}
    )
    # The first coach's grid still shows a as present and changes only b.
    response = client.post(
        reverse("groupactivities:attendance", args=[group.pk]),
        {
            f"a-{s1.pk}-{a.pk}": "present",
            f"was-a-{s1.pk}-{a.pk}": "present",
            f"a-{s1.pk}-{b.pk}": "notified",
            f"was-a-{s1.pk}-{b.pk}": "present",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.get(session=s1, participant=a).status == "absent"
    assert Attendance.objects.get(session=s1, participant=b).status == "notified"


def test_two_coaches_changing_the_same_mark_the_second_gets_a_conflict(client, coach, group, unit):
    (a, b), (s1,) = _fill(group, coach, members=2, sessions=1)
    services.attendance_record(
        actor=make_user(Role.COACH, unit), group=group, marks={(s1.pk, a.pk): "absent"}
    )
    response = client.post(
        reverse("groupactivities:attendance", args=[group.pk]),
        {
            f"a-{s1.pk}-{a.pk}": "notified",
            f"was-a-{s1.pk}-{a.pk}": "present",
            f"a-{s1.pk}-{b.pk}": "absent",
            f"was-a-{s1.pk}-{b.pk}": "present",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in page
    # The user's marks are shown again, and the page now remembers the current mark.
    assert f'id="a-{s1.pk}-{a.pk}-notified" value="notified" checked' in page
    assert f'name="was-a-{s1.pk}-{a.pk}" value="absent"' in page
    assert Attendance.objects.get(session=s1, participant=a).status == "absent"
    assert Attendance.objects.get(session=s1, participant=b).status == "present"
