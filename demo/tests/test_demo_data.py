import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, User
from assessments.models import Assessment
from audit.models import AccessEvent
from participants.models import CoachAssignment, Participant, Period
from selfrating.models import Invitation

pytestmark = pytest.mark.django_db

MODELS = (Organisation, User, Membership, Participant, Period, CoachAssignment, AccessEvent)


def test_demo_data_is_created_once(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {model: model.objects.count() for model in MODELS}
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {model: model.objects.count() for model in MODELS} == counts
    assert 35 <= counts[Participant] <= 50
    assert Period.objects.filter(closed_on__isnull=False).exclude(outcome="").exists()
    assert CoachAssignment.objects.exclude(handover_note="").exists()
    assert {"handledare", "chef", "admin", "analytiker"} <= set(
        User.objects.values_list("username", flat=True)
    )
    assert User.objects.get(username="handledare").check_password("demo1234")
    # One self-rating to go through on the coach's start page, one started half-way.
    assert Assessment.objects.filter(completed_by_coach=False).count() == 1
    assert Invitation.objects.filter(assessment__isnull=True).exclude(draft={}).count() == 1


def test_demo_data_has_the_journey_to_try(settings):
    from django.utils import timezone

    from journey.selectors import journey_steps
    from referrals.models import Referral, Status
    from worktraining.selectors import follow_ups_due

    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Two referrals wait in the manager's inbox.
    assert Referral.objects.filter(status=Status.RECEIVED).count() == 2
    # Nadia has walked every step and was closed with the outcome work.
    nadia = Participant.objects.get(first_name="Nadia", last_name="Berglund")
    assert {s.state for s in journey_steps(participant=nadia)} == {"done"}
    assert nadia.periods.get().outcome == "work_subsidised"
    # Sara is in work training and due for this month's follow-up.
    coach = User.objects.get(username="handledare")
    due = follow_ups_due(actor=coach, on=timezone.localdate())
    assert [p.participant.first_name for p in due] == ["Sara"]


def test_demo_data_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_data")
    assert not User.objects.exists()


def test_demo_people_are_coherent(settings):
    """No participant with months of activities still waits for their intake; every
    plan row's activity works on the row's area; the journey's documents are dated in
    the handbook's order."""
    from activities.models import ParticipantActivity
    from journey.selectors import journey_steps
    from plans.models import PlanRow

    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    order = [
        "referral",
        "intake",
        "mapping",
        "matching",
        "individual_plan",
        "work_training",
        "final_documentation",
        "three_party_meeting",
    ]
    for participant in Participant.objects.all():
        steps = {s.step.key: s.step for s in journey_steps(participant=participant)}
        first_activity = (
            ParticipantActivity.objects.filter(participant=participant)
            .order_by("start_date")
            .values_list("start_date", flat=True)
            .first()
        )
        if first_activity is not None:
            assert steps["intake"].done_on is not None, participant
            assert steps["intake"].done_on <= first_activity, participant
        days = [
            steps[key].done_on or steps[key].started_on
            for key in order
            if steps[key].done_on or steps[key].started_on
        ]
        assert days == sorted(days), (participant, days)
    rows = PlanRow.objects.select_related("area__indicator", "area__theme").prefetch_related(
        "activities"
    )
    for row in rows:
        area = row.area
        if area.indicator_id:
            codes = {area.indicator.code}
        else:
            codes = set(
                area.version.questions.filter(
                    theme=area.theme, indicator__isnull=False
                ).values_list("indicator__code", flat=True)
            )
        for activity in row.activities.all():
            assert codes & set(activity.indicator_codes), (area.code, activity.name)
