"""Who is due for the monthly follow-up."""

import datetime

import pytest

from accounts.models import Role
from accounts.selectors import user_access
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant
from worktraining import selectors, services

from .factories import follow_up_data, make_placement, save_schedule

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 18)


def _due(actor, on=ON):
    return list(selectors.follow_ups_due(actor=actor, on=on))


def test_due_without_a_follow_up_this_month(coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    services.follow_up_save(
        actor=coach,
        placement=placement,
        follow_up=None,
        data=follow_up_data(held_on=datetime.date(2026, 2, 16)),
    )
    [row] = _due(coach)
    assert row.pk == placement.pk
    assert row.last_follow_up == datetime.date(2026, 2, 16)
    assert row.coach_name == f"{coach.first_name} {coach.last_name}"
    assert not row.look_at_employment


def test_not_due_with_a_follow_up_this_month(coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    services.follow_up_save(
        actor=coach,
        placement=placement,
        follow_up=None,
        data=follow_up_data(held_on=datetime.date(2026, 3, 2)),
    )
    assert _due(coach) == []
    # Next month it is due again.
    assert len(_due(coach, on=datetime.date(2026, 4, 1))) == 1


def test_ended_and_future_placements_are_not_due(coach, participant, unit):
    placement = make_placement(coach=coach, participant=participant)
    services.placement_end(
        actor=coach,
        placement=placement,
        ended_on=datetime.date(2026, 3, 1),
        expected_version=placement.version,
    )
    other = make_participant(coach=coach)
    make_placement(coach=coach, participant=other, started_on=datetime.date(2026, 3, 23))
    assert _due(coach) == []


def test_the_prompt_to_look_at_employment_is_on_the_row(coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    save_schedule(coach=coach, placement=placement, hours=[(20, 20)] + [(40, 40)] * 4)
    [row] = _due(coach, on=datetime.date(2026, 2, 16))
    assert row.full_time_weeks == 4
    assert row.look_at_employment


def test_coaches_see_their_own_managers_their_units(coach, participant, unit):
    other_coach = make_user(Role.COACH, unit)
    manager = make_user(Role.MANAGER, unit)
    outsider = make_user(Role.COACH, UnitFactory())
    make_placement(coach=coach, participant=participant)
    theirs = make_participant(coach=other_coach)
    make_placement(coach=other_coach, participant=theirs)
    assert [p.participant_id for p in _due(coach)] == [participant.pk]
    assert {p.participant_id for p in _due(manager)} == {participant.pk, theirs.pk}
    assert _due(outsider) == []


def test_one_query_for_many_participants(coach, unit, django_assert_num_queries):
    manager = make_user(Role.MANAGER, unit)
    for n in range(12):
        person = make_participant(coach=coach)
        placement = make_placement(coach=coach, participant=person)
        save_schedule(coach=coach, placement=placement, hours=[(40, 40)] * 5)
        if n % 3 == 0:
            services.follow_up_save(
                actor=coach,
                placement=placement,
                follow_up=None,
                data=follow_up_data(held_on=datetime.date(2026, 2, 20)),
            )
    for actor in (coach, manager):
        user_access(actor)  # computed once per request, before the page's queries
        with django_assert_num_queries(1):
            rows = _due(actor)
            assert len(rows) == 12
            assert all(r.look_at_employment for r in rows)
            assert [str(r.participant) for r in rows]
            assert sum(1 for r in rows if r.last_follow_up) == 4
