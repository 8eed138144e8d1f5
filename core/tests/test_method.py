"""The method's thresholds: the organisation's value, else the setting, else the default."""

import datetime
from types import SimpleNamespace

import pytest

from core import method


def test_defaults_when_nothing_is_set(settings):
    settings.STEGVIS = {}
    assert method.assessment_interval_weeks() == 13
    assert method.low_score_threshold() == 3
    assert method.activity_gap_days() == 14
    assert method.full_time_hours() == 40
    assert method.cadence_grace_days() == 0


def test_the_setting_overrides_the_default(settings):
    settings.STEGVIS = {
        **settings.STEGVIS,
        "ASSESSMENT_INTERVAL_WEEKS": 12,
        "LOW_SCORE_THRESHOLD": 4,
        "ACTIVITY_GAP_DAYS": 21,
        "FULL_TIME_HOURS": 38,
        "CADENCE_GRACE_DAYS": 7,
    }
    assert method.assessment_interval_weeks() == 12
    assert method.low_score_threshold() == 4
    assert method.activity_gap_days() == 21
    assert method.full_time_hours() == 38
    assert method.cadence_grace_days() == 7


def test_the_organisation_overrides_the_setting_where_it_has_a_value(settings):
    settings.STEGVIS = {**settings.STEGVIS, "ASSESSMENT_INTERVAL_WEEKS": 12}
    assert method.assessment_interval_weeks(SimpleNamespace(assessment_interval_weeks=10)) == 10
    # No value of its own, or no organisation: the setting.
    assert method.assessment_interval_weeks(SimpleNamespace(assessment_interval_weeks=None)) == 12
    assert method.assessment_interval_weeks(None) == 12


def test_only_the_interval_is_per_organisation(settings):
    settings.STEGVIS = {**settings.STEGVIS, "LOW_SCORE_THRESHOLD": 4}
    organisation = SimpleNamespace(low_score_threshold=2, assessment_interval_weeks=13)
    assert method.value("LOW_SCORE_THRESHOLD", organisation) == 4
    with pytest.raises(KeyError):
        method.value("NO_SUCH_THRESHOLD")


def test_the_rules_ask_the_method(settings):
    from activities import rules

    activity = SimpleNamespace(
        kind="health",
        status="ongoing",
        start_date=datetime.date(2026, 1, 1),
        end_date=None,
        indicator_codes=["other"],
    )
    levels = {"health": 3, "work": 2}
    today = datetime.date(2026, 2, 1)
    assert rules.low_scores_without_activity(levels, [activity], today) == ["work"]
    settings.STEGVIS = {**settings.STEGVIS, "LOW_SCORE_THRESHOLD": 4}
    assert rules.low_scores_without_activity(levels, [activity], today) == ["health", "work"]


@pytest.mark.django_db
def test_the_due_list_asks_the_method(settings):
    from accounts.models import Role
    from accounts.tests.factories import UnitFactory, make_user
    from assessments.selectors import interval_weeks_for

    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    unit.organisation.assessment_interval_weeks = 11
    unit.organisation.save()
    coach.refresh_from_db()
    assert interval_weeks_for(coach) == 11
    settings.STEGVIS = {**settings.STEGVIS, "ASSESSMENT_INTERVAL_WEEKS": 9}
    assert interval_weeks_for(SimpleNamespace(organisation=None)) == 9
