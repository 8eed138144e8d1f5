import datetime
from dataclasses import dataclass, field

import pytest

from activities import rules

D = datetime.date
TODAY = D(2026, 11, 22)


@dataclass
class A:
    kind: str = "job_focused"
    status: str = "ongoing"
    start_date: datetime.date = D(2026, 9, 1)
    end_date: datetime.date | None = None
    indicator_codes: list = field(default_factory=list)


def test_open_ended_activity_runs_until_further_notice():
    assert rules.runs_on(A(end_date=None), TODAY)
    assert rules.runs_on(A(end_date=None), D(2030, 1, 1))


def test_activity_ending_today_still_runs_today_but_not_tomorrow():
    activity = A(end_date=TODAY)
    assert rules.runs_on(activity, TODAY)
    assert not rules.runs_on(activity, TODAY + datetime.timedelta(days=1))


def test_same_day_start_and_end_runs_that_day():
    activity = A(start_date=TODAY, end_date=TODAY, status="finished")
    assert rules.runs_on(activity, TODAY)
    assert rules.longest_gap_days([activity], TODAY, TODAY) == 0


@pytest.mark.parametrize("status", ["planned", "paused"])
def test_planned_and_paused_do_not_run(status):
    assert not rules.runs_on(A(status=status), TODAY)


def test_low_score_needs_an_open_activity_for_that_indicator():
    levels = {"health": 2, "belief": 4, "network": 1}
    activities = [
        A(kind="health", status="planned", indicator_codes=["health"], start_date=D(2026, 12, 1))
    ]
    assert rules.low_scores_without_activity(levels, activities, TODAY) == ["network"]


def test_a_declined_answer_is_not_a_low_score():
    assert rules.low_scores_without_activity({"health": None}, [], TODAY) == []


def test_score_three_is_not_low():
    assert rules.low_scores_without_activity({"health": 3, "belief": 2}, [], TODAY) == ["belief"]


def test_an_activity_that_ended_yesterday_does_not_cover_a_low_score():
    ended = A(indicator_codes=["health"], end_date=TODAY - datetime.timedelta(days=1))
    assert rules.low_scores_without_activity({"health": 1}, [ended], TODAY) == ["health"]
    ends_today = A(indicator_codes=["health"], end_date=TODAY)
    assert rules.low_scores_without_activity({"health": 1}, [ends_today], TODAY) == []


def test_job_focus_reminder():
    assert rules.lacks_job_focus([], TODAY)
    assert rules.lacks_job_focus([A(kind="health")], TODAY)
    assert rules.lacks_job_focus([A(status="planned")], TODAY)
    assert not rules.lacks_job_focus([A()], TODAY)


@pytest.mark.parametrize(
    ("kinds", "hint"),
    [
        ([], False),
        (["job_focused"], True),
        (["health"], True),
        (["health", "social"], True),
        (["job_focused", "health"], False),
        (["job_focused", "job_focused", "competence"], False),
    ],
)
def test_parallel_interventions_hint(kinds, hint):
    assert rules.not_parallel([A(kind=k) for k in kinds], TODAY) is hint


def test_gaps_are_found_between_activities():
    activities = [
        A(start_date=D(2026, 9, 1), end_date=D(2026, 9, 30), status="finished"),
        A(start_date=D(2026, 10, 16), end_date=None),
    ]
    assert rules.gaps(activities, D(2026, 9, 1), TODAY) == [(D(2026, 10, 1), D(2026, 10, 15))]
    assert rules.longest_gap_days(activities, D(2026, 9, 1), TODAY) == 15


def test_interruption_is_a_gap_of_more_than_fourteen_days_within_thirteen_weeks():
    fourteen = [
        A(start_date=D(2026, 9, 1), end_date=D(2026, 9, 30), status="finished"),
        A(start_date=D(2026, 10, 15)),
    ]
    fifteen = [
        A(start_date=D(2026, 9, 1), end_date=D(2026, 9, 30), status="finished"),
        A(start_date=D(2026, 10, 16)),
    ]
    assert not rules.interrupted(fourteen, TODAY, enrolled_on=D(2026, 9, 1))
    assert rules.interrupted(fifteen, TODAY, enrolled_on=D(2026, 9, 1))


def test_a_gap_older_than_thirteen_weeks_no_longer_counts():
    old_gap = [
        A(start_date=D(2026, 1, 1), end_date=D(2026, 3, 1), status="finished"),
        A(start_date=D(2026, 6, 1)),
    ]
    assert not rules.interrupted(old_gap, TODAY, enrolled_on=D(2026, 1, 1))


def test_no_activity_since_enrolment_is_an_interruption_after_fourteen_days():
    assert not rules.interrupted([], TODAY, enrolled_on=TODAY - datetime.timedelta(days=13))
    assert rules.interrupted([], TODAY, enrolled_on=TODAY - datetime.timedelta(days=15))


SOON = TODAY + datetime.timedelta(days=5)


def test_a_planned_activity_starting_soon_counts_in_the_reminders():
    job = A()
    social_planned = A(kind="social", status="planned", start_date=SOON)
    social_registered_ahead = A(kind="social", status="ongoing", start_date=SOON)
    assert rules.not_parallel([job], TODAY)
    assert not rules.not_parallel([job, social_planned], TODAY)
    assert not rules.not_parallel([job, social_registered_ahead], TODAY)
    # Only planned, nothing running: the job-focus reminder clears, nothing is "not parallel".
    assert not rules.lacks_job_focus([A(status="planned", start_date=SOON)], TODAY)
    assert rules.lacks_job_focus([A(kind="health", status="planned", start_date=SOON)], TODAY)
    # A cancelled or paused activity ahead counts for nothing.
    assert rules.not_parallel([job, A(kind="social", status="cancelled", start_date=SOON)], TODAY)


def test_status_and_dates_that_disagree_are_out_of_date():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert rules.out_of_date(A(status="ongoing", end_date=yesterday), TODAY)
    assert not rules.out_of_date(A(status="ongoing", end_date=TODAY), TODAY)
    assert not rules.out_of_date(A(status="ongoing", end_date=None), TODAY)
    assert rules.out_of_date(A(status="planned", start_date=TODAY - datetime.timedelta(8)), TODAY)
    assert not rules.out_of_date(A(status="planned", start_date=SOON), TODAY)
    assert not rules.out_of_date(A(status="finished", end_date=yesterday), TODAY)
