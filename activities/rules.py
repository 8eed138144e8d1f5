"""The method's rules about interventions (seeds 000, 001, 002), as plain functions.

They work on any objects with `kind`, `status`, `start_date`, `end_date` and
`indicator_codes`, so views, tests and statistics share them.

When an activity counts as running: its dates decide, its status excludes. A
planned or paused activity does not run; an ongoing one runs from its start to its
end date (open-ended: still running); a finished or cancelled one ran between its
dates (both require an end date).
"""

import datetime
from collections.abc import Iterable

from core import method

# The thresholds (low score, break in days, weeks looked back) come from core/method.py.

JOB_FOCUSED = "job_focused"
RAN_STATUSES = {"ongoing", "finished", "cancelled"}
OPEN_STATUSES = {"planned", "ongoing"}


def runs_on(activity, day: datetime.date) -> bool:
    if activity.status not in RAN_STATUSES:
        return False
    return activity.start_date <= day and (activity.end_date is None or day <= activity.end_date)


def running(activities: Iterable, day: datetime.date) -> list:
    return [a for a in activities if runs_on(a, day)]


def open_for_indicator(activities: Iterable, code: str, today: datetime.date) -> bool:
    """An ongoing or planned activity linked to the indicator, not already ended."""
    return any(
        a.status in OPEN_STATUSES
        and code in (a.indicator_codes or [])
        and (a.end_date is None or a.end_date >= today)
        for a in activities
    )


def low_scores_without_activity(
    latest_levels: dict[str, int | None],
    activities: Iterable,
    today: datetime.date,
    *,
    threshold: int | None = None,
) -> list[str]:
    """Indicators scored under the threshold (the method's low score unless given) with
    nothing planned or ongoing for them. A declined answer (None) is not a low score."""
    if threshold is None:
        threshold = method.low_score_threshold()
    activities = list(activities)
    return [
        code
        for code, level in latest_levels.items()
        if level is not None
        and level < threshold
        and not open_for_indicator(activities, code, today)
    ]


def upcoming(activities: Iterable, today: datetime.date) -> list:
    """Activities planned (or registered as ongoing) that start after today: they count
    as planned in the method's reminders."""
    return [
        a
        for a in activities
        if a.status in OPEN_STATUSES
        and a.start_date > today
        and (a.end_date is None or a.end_date >= a.start_date)
    ]


def out_of_date(activity, today: datetime.date) -> bool:
    """Status and dates disagree: "ongoing" past its end date, or "planned" long after
    its start (a week's grace)."""
    if activity.status == "ongoing":
        return activity.end_date is not None and activity.end_date < today
    if activity.status == "planned":
        return activity.start_date < today - datetime.timedelta(days=7)
    return False


def lacks_job_focus(activities: Iterable, today: datetime.date) -> bool:
    """The focus is always work or studies: is no job-focused activity running today,
    nor planned to start?"""
    activities = list(activities)
    return not any(
        a.kind == JOB_FOCUSED for a in running(activities, today) + upcoming(activities, today)
    )


def is_parallel(kinds: set[str]) -> bool:
    """Parallel interventions: a job-focused activity together with another kind."""
    return JOB_FOCUSED in kinds and len(kinds) >= 2


def not_parallel(activities: Iterable, today: datetime.date) -> bool:
    """Activities run today, but not in parallel (seed 002). No activity at all is the
    job-focus rule's concern, not this one's."""
    activities = list(activities)
    kinds = {a.kind for a in running(activities, today)}
    planned = {a.kind for a in upcoming(activities, today)}
    return bool(kinds) and not is_parallel(kinds | planned)


def gaps(
    activities: Iterable, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Periods within [start, end] when no activity ran, as (first day, last day)."""
    if end < start:
        return []
    spans = sorted(
        (max(a.start_date, start), min(a.end_date or end, end))
        for a in activities
        if a.status in RAN_STATUSES
        and a.start_date <= end
        and (a.end_date is None or a.end_date >= start)
    )
    result = []
    cursor = start
    for first, last in spans:
        if first > cursor:
            result.append((cursor, first - datetime.timedelta(days=1)))
        cursor = max(cursor, last + datetime.timedelta(days=1))
    if cursor <= end:
        result.append((cursor, end))
    return result


def longest_gap_days(activities: Iterable, start: datetime.date, end: datetime.date) -> int:
    return max(((last - first).days + 1 for first, last in gaps(activities, start, end)), default=0)


def interrupted(
    activities: Iterable,
    today: datetime.date,
    *,
    enrolled_on: datetime.date,
    gap_days: int | None = None,
    lookback_weeks: int | None = None,
) -> bool:
    """ "Avbrott i insatser": a gap longer than `gap_days` without any running activity
    during the last `lookback_weeks` of the enrolment (by default the method's break and
    the weeks between assessments, core/method.py)."""
    if gap_days is None:
        gap_days = method.activity_gap_days()
    if lookback_weeks is None:
        lookback_weeks = method.assessment_interval_weeks()
    start = max(enrolled_on, today - datetime.timedelta(weeks=lookback_weeks))
    return longest_gap_days(activities, start, today) > gap_days
