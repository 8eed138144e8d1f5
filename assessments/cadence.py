"""The 13-week cadence: when the next assessment is due."""

import datetime

DUE_SOON_DAYS = 14


def next_due(
    *,
    period_started_on: datetime.date | None,
    last_assessed_on: datetime.date | None,
    interval_weeks: int,
) -> datetime.date | None:
    """The first assessment is due at enrolment; each next one `interval_weeks` after the latest."""
    if period_started_on is None:
        return None
    if last_assessed_on is None or last_assessed_on < period_started_on:
        return period_started_on
    return last_assessed_on + datetime.timedelta(weeks=interval_weeks)


def due_status(due: datetime.date | None, today: datetime.date) -> str:
    """'overdue', 'due_soon' (within two weeks) or '' for a participant's due date."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return ""


def latest_assessed_on_before_due(
    *, today: datetime.date, interval_weeks: int, within_days: int = 0
) -> datetime.date:
    """Participants whose latest assessment is on or before this date are due by
    `today + within_days` (the inverse of next_due, for filtering in the database)."""
    return today + datetime.timedelta(days=within_days) - datetime.timedelta(weeks=interval_weeks)
