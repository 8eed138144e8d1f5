import datetime

import pytest

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.models import ParticipantActivity
from activities.tests.factories import make_catalogue_item
from audit.models import AccessEvent
from core.exceptions import RuleError
from demo.groupactivities import demo_groups
from groupactivities import selectors, services
from groupactivities.models import Attendance, GroupActivity
from participants.tests.factories import make_participant

from .factories import make_group, make_session

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def group(coach, unit):
    return make_group(coach=coach, unit=unit)


def test_adding_a_member_records_an_activity_in_the_plan(coach, group):
    participant = make_participant(coach=coach)
    membership = services.member_add(
        actor=coach, group=group, participant=participant, joined_on=D(2026, 2, 9)
    )
    activity = ParticipantActivity.objects.get(participant=participant)
    assert membership.activity == activity
    assert activity.catalogue_item == group.catalogue_item
    assert activity.kind == group.catalogue_item.kind
    assert (activity.name, activity.start_date, activity.status) == (
        "Språkcafé",
        D(2026, 2, 9),
        "ongoing",
    )
    assert AccessEvent.objects.filter(participant=participant, what="ny insats: Språkcafé").exists()


def test_ending_a_membership_ends_the_activity(coach, group):
    participant = make_participant(coach=coach)
    membership = services.member_add(
        actor=coach, group=group, participant=participant, joined_on=D(2026, 2, 9)
    )
    services.member_end(actor=coach, membership=membership, left_on=D(2026, 3, 30))
    activity = ParticipantActivity.objects.get(participant=participant)
    assert (activity.end_date, activity.status) == (D(2026, 3, 30), "finished")
    membership.refresh_from_db()
    assert membership.left_on == D(2026, 3, 30)
    assert selectors.memberships_for(participant=participant) == [
        (D(2026, 2, 9), D(2026, 3, 30), "Språkcafé")
    ]


def test_ending_before_joining_is_refused(coach, group):
    participant = make_participant(coach=coach)
    membership = services.member_add(
        actor=coach, group=group, participant=participant, joined_on=D(2026, 2, 9)
    )
    with pytest.raises(RuleError):
        services.member_end(actor=coach, membership=membership, left_on=D(2026, 2, 8))
    assert ParticipantActivity.objects.get().end_date is None


def test_a_member_twice_at_once_is_refused(coach, group):
    participant = make_participant(coach=coach)
    services.member_add(actor=coach, group=group, participant=participant, joined_on=D(2026, 2, 9))
    with pytest.raises(RuleError, match="redan med"):
        services.member_add(
            actor=coach, group=group, participant=participant, joined_on=D(2026, 2, 10)
        )
    assert ParticipantActivity.objects.count() == 1


def test_a_participant_of_another_unit_cannot_join(coach, group, unit):
    other_unit = UnitFactory(organisation=unit.organisation)
    other = make_participant(coach=make_user(Role.COACH, other_unit))
    with pytest.raises(RuleError, match="enhet"):
        services.member_add(actor=coach, group=group, participant=other, joined_on=D(2026, 2, 9))
    assert not ParticipantActivity.objects.filter(participant=other).exists()


def test_a_group_needs_a_group_activity_of_the_own_organisation(coach, unit):
    individual = make_catalogue_item(organisation=unit.organisation, format="individual")
    with pytest.raises(RuleError):
        make_group(coach=coach, unit=unit, item=individual)
    foreign = make_catalogue_item(organisation=UnitFactory().organisation, format="group")
    with pytest.raises(RuleError):
        make_group(coach=coach, unit=unit, item=foreign)
    assert not GroupActivity.objects.exists()


def test_attendance_shares_and_one_access_event_per_changed_participant(
    coach, group, django_assert_max_num_queries
):
    people = [make_participant(coach=coach) for _ in range(3)]
    for person in people:
        services.member_add(actor=coach, group=group, participant=person, joined_on=D(2026, 2, 2))
    sessions = [make_session(group=group, held_on=D(2026, 2, 2 + 7 * n)) for n in range(4)]
    a, b, c = people
    marks = {}
    for n, session in enumerate(sessions):
        marks[(session.pk, a.pk)] = "present"
        marks[(session.pk, b.pk)] = "present" if n % 2 else "notified"
    marks[(sessions[0].pk, c.pk)] = "absent"
    before = AccessEvent.objects.count()
    with django_assert_max_num_queries(10):
        assert services.attendance_record(actor=coach, group=group, marks=marks) == 9
    events = AccessEvent.objects.order_by("-id")[: AccessEvent.objects.count() - before]
    assert sorted(e.participant_id for e in events) == sorted(p.pk for p in people)
    assert {e.what for e in events} == {"närvaro: Språkcafé"}

    grid = selectors.attendance_grid(group=group)
    shares = {row.participant.pk: (row.present, row.recorded, row.share) for row in grid.rows}
    assert shares == {a.pk: (4, 4, 100), b.pk: (2, 4, 50), c.pk: (0, 1, 0)}

    # Saving the same marks again changes nothing and logs nothing.
    before = AccessEvent.objects.count()
    assert services.attendance_record(actor=coach, group=group, marks=marks) == 0
    assert AccessEvent.objects.count() == before
    # One change: one event, for that participant only.
    services.attendance_record(
        actor=coach, group=group, marks={**marks, (sessions[0].pk, c.pk): "notified"}
    )
    assert list(
        AccessEvent.objects.filter(pk__gt=events[0].pk).values_list("participant_id", flat=True)
    ) == [c.pk]


def test_attendance_only_for_members_on_the_date(coach, group):
    member = make_participant(coach=coach)
    stranger = make_participant(coach=coach)
    services.member_add(actor=coach, group=group, participant=member, joined_on=D(2026, 2, 9))
    early = make_session(group=group, held_on=D(2026, 2, 2))
    later = make_session(group=group, held_on=D(2026, 2, 9))
    for marks in (
        {(early.pk, member.pk): "present"},
        {(later.pk, stranger.pk): "present"},
        {(later.pk, member.pk): "maybe"},
        {(later.pk, member.pk): "present", (early.pk, member.pk): "present"},
    ):
        with pytest.raises(RuleError):
            services.attendance_record(actor=coach, group=group, marks=marks)
    assert not Attendance.objects.exists()


def test_a_session_outside_the_group_period_is_refused(coach, group):
    with pytest.raises(RuleError):
        make_session(group=group, held_on=D(2026, 2, 1))


def test_demo_groups(coach, unit):
    # The demo saves the missing catalogue items as a manager of the organisation.
    manager = make_user(Role.MANAGER, unit)
    people = [make_participant(coach=coach, started_on=D(2026, 1, 5)) for _ in range(6)]
    groups = demo_groups(
        organisation=unit.organisation,
        unit=unit,
        coach=coach,
        participants=people,
        today=D(2026, 11, 23),
    )
    assert [g.catalogue_item.name for g in groups] == ["Språkcafé", "Jobbsök", "Utbildningspaket"]
    assert {g.catalogue_item.organisation_id for g in groups} == {manager.organisation_id}
    package = groups[2]
    assert package.sessions.count() == 10
    assert {s.length_minutes for s in package.sessions.all()} == {180}
    for group in groups:
        assert group.memberships.count() >= 3
        assert Attendance.objects.filter(session__group=group).exists()
        assert (
            group.sessions.filter(held_on__lt=D(2026, 11, 23) - datetime.timedelta(weeks=8)).count()
            == 0
        )
