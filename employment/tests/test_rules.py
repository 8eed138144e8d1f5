import datetime

import pytest

from employment.models import Support
from employment.rules import employment_description, employment_problems, outcome_for
from employment.rules import resource_employment_last_day as last_day
from participants.models import Outcome

D = datetime.date


def problems(**overrides):
    values = {
        "started_on": D(2026, 3, 2),
        "ended_on": D(2027, 3, 1),
        "extent": 100,
        "is_resource_employment": True,
        "support": Support.WAGE_SUBSIDY,
    }
    values.update(overrides)
    return employment_problems(**values)


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (D(2026, 3, 2), D(2027, 3, 1)),
        (D(2026, 1, 1), D(2026, 12, 31)),
        (D(2027, 3, 1), D(2028, 2, 29)),  # a year over a leap day
        (D(2028, 2, 29), D(2029, 2, 28)),  # a leap-day start
        (D(2028, 3, 1), D(2029, 2, 28)),
    ],
)
def test_a_resource_employment_runs_to_the_day_before_the_same_date_next_year(start, last):
    assert last_day(start) == last


def test_exactly_one_year_is_allowed():
    assert problems(ended_on=D(2027, 3, 1)) == {}


def test_one_day_more_than_a_year_is_refused():
    assert "högst ett år" in problems(ended_on=D(2027, 3, 2))["ended_on"]


def test_a_leap_day_start_may_not_reach_the_first_of_march():
    assert problems(started_on=D(2028, 2, 29), ended_on=D(2029, 2, 28)) == {}
    assert "ended_on" in problems(started_on=D(2028, 2, 29), ended_on=D(2029, 3, 1))


def test_a_resource_employment_needs_a_support():
    assert "anställningsstöd" in problems(support=Support.NONE)["support"]


def test_a_resource_employment_needs_an_end():
    assert "ended_on" in problems(ended_on=None)


def test_any_of_the_six_supports_will_do():
    for support in Support.values:
        if support != Support.NONE:
            assert problems(support=support) == {}


def test_an_ordinary_employment_may_be_longer_and_without_support():
    assert (
        problems(is_resource_employment=False, support=Support.NONE, ended_on=D(2030, 1, 1)) == {}
    )
    assert problems(is_resource_employment=False, support=Support.NONE, ended_on=None) == {}


def test_an_end_before_the_start_is_refused():
    found = problems(is_resource_employment=False, support="none", ended_on=D(2026, 3, 1))
    assert found == {"ended_on": "Slutdatumet kan inte ligga före startdatumet."}


@pytest.mark.parametrize(("extent", "ok"), [(0, False), (1, True), (100, True), (101, False)])
def test_extent_is_between_1_and_100(extent, ok):
    assert ("extent" not in problems(extent=extent)) is ok


def test_outcome_follows_the_support():
    assert outcome_for(support=Support.NONE) == Outcome.WORK_UNSUBSIDISED
    assert outcome_for(support=Support.NEW_START_JOB) == Outcome.WORK_SUBSIDISED


def test_description():
    assert (
        employment_description(
            employer="Solbacken", extent=100, is_resource_employment=True, support="wage_subsidy"
        )
        == "Resursanställning med lönebidrag hos Solbacken, 100 %"
    )
    assert (
        employment_description(
            employer="Solbacken", extent=50, is_resource_employment=False, support="none"
        )
        == "Anställning utan stöd hos Solbacken, 50 %"
    )
