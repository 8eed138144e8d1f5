import datetime

import pytest
from django.db import IntegrityError

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from participants import selectors, services
from participants.models import CoachAssignment, Outcome, Period, ReferralSource
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db

D = datetime.date


def test_create_opens_a_period_assigns_the_coach_and_logs(coach):
    participant = make_participant(coach=coach, started_on=D(2026, 3, 1))
    period = participant.periods.get()
    assert period.is_open
    assert period.started_on == D(2026, 3, 1)
    assignment = participant.coach_assignments.get()
    assert assignment.coach == coach
    assert assignment.ended_on is None
    event = AccessEvent.objects.get(participant=participant)
    assert event.action == AccessEvent.Action.CREATE
    assert event.actor == coach


def test_create_refuses_a_coach_from_another_unit(coach, unit):
    other_coach = make_user(Role.COACH, UnitFactory(organisation=unit.organisation))
    with pytest.raises(RuleError):
        services.participant_create(
            actor=coach,
            profile={"first_name": "A", "last_name": "B", "gender": "woman", "unit": unit},
            coach=other_coach,
            started_on=D(2026, 1, 1),
            referral_source=ReferralSource.SELF,
        )


def test_create_refuses_a_unit_the_actor_does_not_work_in(coach):
    foreign_unit = UnitFactory()
    with pytest.raises(RuleError):
        services.participant_create(
            actor=coach,
            profile={"first_name": "A", "last_name": "B", "gender": "woman", "unit": foreign_unit},
            coach=coach,
            started_on=D(2026, 1, 1),
            referral_source=ReferralSource.SELF,
        )


def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(coach):
    participant = make_participant(coach=coach, first_name="Anna")
    services.participant_update(
        actor=coach,
        participant=participant,
        profile={"first_name": "Anna-Karin"},
        target_groups=[],
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        services.participant_update(
            actor=coach,
            participant=participant,
            profile={"first_name": "Annika"},
            target_groups=[],
            expected_version=1,
        )
    participant.refresh_from_db()
    assert participant.first_name == "Anna-Karin"
    assert participant.version == 2


def test_update_logs_the_changed_fields(coach):
    participant = make_participant(coach=coach, last_name="Berg")
    services.participant_update(
        actor=coach,
        participant=participant,
        profile={"last_name": "Lind", "first_name": participant.first_name},
        target_groups=[],
        expected_version=1,
    )
    event = AccessEvent.objects.filter(action=AccessEvent.Action.CHANGE).get()
    assert "last_name" in event.what
    assert "first_name" not in event.what


def test_close_and_reenrol_keep_earlier_periods(coach):
    participant = make_participant(coach=coach, started_on=D(2025, 1, 10))
    services.participant_close(
        actor=coach,
        participant=participant,
        closed_on=D(2025, 9, 1),
        outcome=Outcome.STUDIES,
    )
    with pytest.raises(RuleError):
        services.participant_close(
            actor=coach, participant=participant, closed_on=D(2025, 9, 2), outcome=Outcome.OTHER
        )
    services.participant_reenrol(
        actor=coach,
        participant=participant,
        started_on=D(2026, 2, 1),
        referral_source=ReferralSource.SOCIAL_SERVICES,
        referral_date=None,
        coach=coach,
    )
    periods = list(selectors.period_list(participant=participant))
    assert [p.started_on for p in periods] == [D(2026, 2, 1), D(2025, 1, 10)]
    assert periods[1].outcome == Outcome.STUDIES
    assert periods[0].is_open


def test_close_before_the_start_is_refused(coach):
    participant = make_participant(coach=coach, started_on=D(2026, 5, 1))
    with pytest.raises(RuleError):
        services.participant_close(
            actor=coach, participant=participant, closed_on=D(2026, 4, 30), outcome=Outcome.MOVED
        )
    assert participant.periods.get().is_open


def test_reenrol_cannot_start_before_the_previous_period_closed(coach):
    participant = make_participant(coach=coach, started_on=D(2025, 1, 10))
    services.participant_close(
        actor=coach, participant=participant, closed_on=D(2025, 9, 1), outcome=Outcome.MOVED
    )
    with pytest.raises(RuleError):
        services.participant_reenrol(
            actor=coach,
            participant=participant,
            started_on=D(2025, 8, 1),
            referral_source=ReferralSource.SELF,
            referral_date=None,
            coach=coach,
        )


def test_coach_change_ends_the_old_assignment_and_keeps_the_handover(coach, unit):
    new_coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach, started_on=D(2026, 1, 5))
    services.coach_change(
        actor=coach,
        participant=participant,
        new_coach=new_coach,
        changed_on=D(2026, 3, 1),
        reason="Tjänstledighet",
        handover_note="Gick igenom planen tillsammans.",
    )
    history = list(selectors.coach_assignment_list(participant=participant))
    assert [a.coach for a in history] == [new_coach, coach]
    assert history[1].ended_on == D(2026, 3, 1)
    assert history[0].handover_note == "Gick igenom planen tillsammans."
    assert selectors.current_coach(participant) == new_coach
    assert participant not in selectors.caseload(actor=coach)
    assert participant in selectors.caseload(actor=new_coach)


@pytest.mark.parametrize(("reason", "note"), [("", "Överlämning"), ("Skäl", "  ")])
def test_coach_change_requires_reason_and_handover(coach, unit, reason, note):
    new_coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach)
    with pytest.raises(RuleError):
        services.coach_change(
            actor=coach,
            participant=participant,
            new_coach=new_coach,
            changed_on=D(2026, 3, 1),
            reason=reason,
            handover_note=note,
        )
    assert CoachAssignment.objects.filter(participant=participant).count() == 1


def test_coach_change_to_a_coach_outside_the_unit_is_refused(coach, unit):
    outsider = make_user(Role.COACH, UnitFactory(organisation=unit.organisation))
    participant = make_participant(coach=coach)
    with pytest.raises(RuleError):
        services.coach_change(
            actor=coach,
            participant=participant,
            new_coach=outsider,
            changed_on=D(2026, 3, 1),
            reason="Skäl",
            handover_note="Överlämning",
        )


def test_the_database_allows_only_one_open_period_and_one_current_coach(coach):
    participant = make_participant(coach=coach)
    with pytest.raises(IntegrityError):
        Period.objects.create(
            participant=participant,
            started_on=D(2026, 2, 1),
            referral_source=ReferralSource.SELF,
            created_by=coach,
        )


def test_caseload_is_newest_activity_first_and_only_active(coach):
    first = make_participant(coach=coach)
    second = make_participant(coach=coach)
    closed = make_participant(coach=coach)
    services.participant_close(
        actor=coach, participant=closed, closed_on=D(2026, 2, 1), outcome=Outcome.MOVED
    )
    services.participant_touch(participant=first)
    assert list(selectors.caseload(actor=coach)) == [first, second]
