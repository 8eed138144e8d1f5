import datetime

import pytest

from assessments.cadence import due_status, latest_assessed_on_before_due, next_due

D = datetime.date


def test_first_assessment_is_due_at_enrolment():
    assert next_due(period_started_on=D(2026, 3, 2), last_assessed_on=None, interval_weeks=13) == D(
        2026, 3, 2
    )


def test_next_is_due_thirteen_weeks_after_the_latest_across_the_year_end():
    due = next_due(
        period_started_on=D(2026, 1, 5), last_assessed_on=D(2026, 11, 20), interval_weeks=13
    )
    assert due == D(2027, 2, 19)
    assert (due - D(2026, 11, 20)).days == 91


def test_an_assessment_from_an_earlier_period_does_not_count():
    assert next_due(
        period_started_on=D(2026, 6, 1), last_assessed_on=D(2025, 12, 1), interval_weeks=13
    ) == D(2026, 6, 1)


def test_a_closed_participant_is_not_due():
    assert (
        next_due(period_started_on=None, last_assessed_on=D(2026, 1, 1), interval_weeks=13) is None
    )


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (D(2026, 12, 30), "overdue"),
        (D(2026, 12, 31), "due_soon"),
        (D(2027, 1, 14), "due_soon"),
        (D(2027, 1, 15), ""),
        (None, ""),
    ],
)
def test_due_status_around_the_year_end(due, status):
    assert due_status(due, D(2026, 12, 31)) == status


def test_the_database_filter_is_the_inverse_of_next_due():
    today = D(2027, 1, 3)
    cutoff = latest_assessed_on_before_due(today=today, interval_weeks=13, within_days=14)
    on_cutoff = next_due(
        period_started_on=D(2026, 1, 1), last_assessed_on=cutoff, interval_weeks=13
    )
    after = next_due(
        period_started_on=D(2026, 1, 1),
        last_assessed_on=cutoff + datetime.timedelta(days=1),
        interval_weeks=13,
    )
    assert due_status(on_cutoff, today) == "due_soon"
    assert due_status(after, today) == ""
