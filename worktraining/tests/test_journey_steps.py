"""The work-training steps of the journey tell the truth: the monthly follow-up is done
for the month and due when this month's is missing (as on the due list), and a
placement that started before any individual plan says so."""

import datetime

import pytest
from django.urls import reverse

from journey.selectors import journey_context
from matching.tests.factories import make_individual_plan
from worktraining import selectors, services

from .factories import follow_up_data, make_matching_decision, make_placement

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 18)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: ON)


def _follow_up(coach, placement, day):
    services.follow_up_save(
        actor=coach, placement=placement, follow_up=None, data=follow_up_data(held_on=day)
    )


def _steps(participant):
    context = journey_context(
        participant=participant, progressions=[], activities=[], periods=[], today=ON
    )
    return {s.step.key: s for s in context["journey_steps"]}, context["journey_next"]


def test_a_follow_up_from_last_month_is_due_not_done(coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    _follow_up(coach, placement, datetime.date(2026, 2, 16))
    assert [p.pk for p in selectors.follow_ups_due(actor=coach, on=ON)] == [placement.pk]
    steps, next_step = _steps(participant)
    assert steps["follow_up"].state == "due"
    assert next_step.step.key == "follow_up"


def test_a_follow_up_this_month_is_done(coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    _follow_up(coach, placement, datetime.date(2026, 3, 2))
    assert list(selectors.follow_ups_due(actor=coach, on=ON)) == []
    steps, _ = _steps(participant)
    assert steps["follow_up"].state == "done"
    assert steps["follow_up"].step.done_on == datetime.date(2026, 3, 2)


def test_an_ended_placement_has_no_follow_up_due(coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    _follow_up(coach, placement, datetime.date(2026, 2, 16))
    services.placement_end(
        actor=coach,
        placement=placement,
        ended_on=datetime.date(2026, 3, 1),
        expected_version=placement.version,
    )
    steps, _ = _steps(participant)
    assert steps["follow_up"].state == "done"


def test_work_training_before_the_individual_plan_is_flagged(coach, participant):
    make_placement(coach=coach, participant=participant)
    steps, _ = _steps(participant)
    assert "utan en individuell plan" in steps["work_training"].step.warning


def test_work_training_after_the_individual_plan_is_not_flagged(coach, participant):
    make_matching_decision(participant=participant, coach=coach)
    plan = make_individual_plan(coach=coach, participant=participant)
    assert plan.drawn_up_on <= datetime.date(2026, 1, 19)
    make_placement(coach=coach, participant=participant)
    steps, _ = _steps(participant)
    assert steps["work_training"].step.warning == ""


def test_the_placement_form_warns_without_an_individual_plan(client, coach, participant):
    make_matching_decision(participant=participant, coach=coach)
    client.force_login(coach)
    response = client.get(reverse("worktraining:placement_create", args=[participant.pk]))
    assert "ingen individuell plan" in response.content.decode()
    make_individual_plan(coach=coach, participant=participant)
    response = client.get(reverse("worktraining:placement_create", args=[participant.pk]))
    assert "ingen individuell plan" not in response.content.decode()
