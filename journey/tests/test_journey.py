"""The journey's steps in the handbook's order, from the real step apps' data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from demo import employment as employment_demo
from demo import intake as intake_demo
from demo import mapping as mapping_demo
from demo import matching as matching_demo
from demo import referrals as referral_demo
from demo import worktraining as worktraining_demo
from journey.selectors import journey_steps
from matching.tests.factories import make_decision
from participants.tests.factories import make_participant
from worktraining.tests.factories import make_placement

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

ORDER = [
    "referral",
    "intake",
    "mapping",
    "matching",
    "individual_plan",
    "work_training",
    "follow_up",
    "final_documentation",
    "competence_card",
    "three_party_meeting",
    "employment",
]


@pytest.fixture
def people():
    unit = UnitFactory()
    return unit, make_user(Role.MANAGER, unit), make_user(Role.COACH, unit)


def _states(participant):
    return {s.step.key: s.state for s in journey_steps(participant=participant)}


def test_steps_follow_the_handbook_and_the_first_undone_after_intake_is_next(people):
    unit, manager, coach = people
    today = timezone.localdate()
    participant = referral_demo.demo_journey(unit=unit, manager=manager, coach=coach, today=today)
    intake_demo.demo_journey(participant=participant, coach=coach, today=today)

    steps = journey_steps(participant=participant)
    assert [s.step.key for s in steps] == ORDER
    assert [s.number for s in steps] == list(range(1, len(ORDER) + 1))
    states = _states(participant)
    assert states["referral"] == states["intake"] == "done"
    assert states["mapping"] == "next"
    assert {states[key] for key in ORDER[3:]} == {"later"}


def test_the_whole_journey_is_done_and_nothing_is_next(people):
    unit, manager, coach = people
    today = timezone.localdate()
    participant = referral_demo.demo_journey(unit=unit, manager=manager, coach=coach, today=today)
    for demo in (intake_demo, mapping_demo, matching_demo, worktraining_demo, employment_demo):
        demo.demo_journey(participant=participant, coach=coach, today=today)
    assert set(_states(participant).values()) == {"done"}


def test_a_step_left_out_comes_next_before_the_ones_ahead(people):
    unit, manager, coach = people
    today = timezone.localdate()
    participant = referral_demo.demo_journey(unit=unit, manager=manager, coach=coach, today=today)
    for demo in (intake_demo, mapping_demo):
        demo.demo_journey(participant=participant, coach=coach, today=today)
    make_decision(coach=coach, participant=participant, decided_on=today - 170 * DAY)
    placement = make_placement(
        coach=coach,
        participant=participant,
        matched=False,
        decision_date=today - 162 * DAY,
        started_on=today - 160 * DAY,
    )
    states = _states(participant)
    # Work training is under way without an individual plan: the plan is next.
    assert states["work_training"] == "later"
    assert states["individual_plan"] == "next"
    steps = {s.step.key: s.step for s in journey_steps(participant=participant)}
    assert steps["work_training"].started_on == placement.started_on


def test_a_participant_without_a_referral_starts_at_intake(people):
    unit, _manager, coach = people
    participant = make_participant(coach=coach, unit=unit)
    states = _states(participant)
    # Registered directly: the period's start stands for the referral step.
    assert states["referral"] == "done"
    assert states["intake"] == "next"


def test_the_participant_page_shows_the_journey_with_a_fixed_number_of_queries(
    client, people, django_assert_max_num_queries
):
    unit, manager, coach = people
    today = timezone.localdate()
    short = make_participant(coach=coach, unit=unit)
    client.force_login(coach)
    # Warm the per-process caches (cards, settings) before counting.
    client.get(reverse("participants:detail", args=[short.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("participants:detail", args=[short.pk]))

    long = referral_demo.demo_journey(unit=unit, manager=manager, coach=coach, today=today)
    for demo in (intake_demo, mapping_demo, matching_demo, worktraining_demo, employment_demo):
        demo.demo_journey(participant=long, coach=coach, today=today)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("participants:detail", args=[long.pk]))
    html = response.content.decode()
    assert "journey-timeline" in html
    assert "Resursanställning" in html
    # The sensitive mapping texts stay on the mapping pages.
    mapping = long.mappings.get()
    assert mapping.summary
    assert mapping.summary[:40] not in html
    for area in mapping.areas.exclude(facts=""):
        assert area.facts[:40] not in html
