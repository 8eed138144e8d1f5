import datetime

import pytest

from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from demo.employment import demo_journey
from employment import selectors, services
from employment.models import Employment
from participants.models import Outcome
from participants.tests.factories import make_participant

from .factories import make_employment

pytestmark = pytest.mark.django_db
D = datetime.date


def test_add_writes_the_employment_and_an_access_event(coach, participant):
    employment = make_employment(coach=coach, participant=participant, employer="Solbacken")
    assert employment.pk
    event = AccessEvent.objects.filter(participant=participant).first()
    assert event.action == AccessEvent.Action.CHANGE
    assert event.what == "ny anställning: Solbacken"


def test_a_resource_employment_without_support_saves_nothing(coach, participant):
    with pytest.raises(RuleError, match="anställningsstöd"):
        make_employment(
            coach=coach,
            participant=participant,
            is_resource_employment=True,
            support="none",
            ended_on=D(2027, 1, 1),
        )
    assert not Employment.objects.exists()


def test_a_resource_employment_over_a_year_saves_nothing(coach, participant):
    with pytest.raises(RuleError, match="högst ett år"):
        make_employment(
            coach=coach,
            participant=participant,
            is_resource_employment=True,
            support="wage_subsidy",
            started_on=D(2026, 3, 2),
            ended_on=D(2027, 3, 2),
        )
    assert not Employment.objects.exists()


def test_update_refuses_a_stale_version(coach, participant):
    employment = make_employment(coach=coach, participant=participant)
    data = {f: getattr(employment, f) for f in services.EMPLOYMENT_FIELDS}
    services.employment_update(
        actor=coach, employment=employment, data={**data, "extent": 50}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.employment_update(
            actor=coach, employment=employment, data={**data, "extent": 75}, expected_version=1
        )
    employment.refresh_from_db()
    assert (employment.extent, employment.version) == (50, 2)


@pytest.mark.parametrize(
    ("support", "outcome"),
    [("none", Outcome.WORK_UNSUBSIDISED), ("new_start_job", Outcome.WORK_SUBSIDISED)],
)
def test_closing_for_work_takes_the_outcome_from_the_employment(
    coach, participant, support, outcome
):
    employment = make_employment(
        coach=coach, participant=participant, support=support, employer="Solbacken"
    )
    period = services.employment_close_participant(actor=coach, employment=employment)
    assert period.outcome == outcome
    assert period.closed_on == D(2026, 3, 2)
    assert "Solbacken" in period.closing_note
    assert AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.CLOSE
    ).exists()


def test_closing_before_the_employment_starts_is_refused(coach, participant):
    employment = make_employment(coach=coach, participant=participant)
    with pytest.raises(RuleError):
        services.employment_close_participant(
            actor=coach, employment=employment, closed_on=D(2026, 3, 1)
        )
    assert participant.periods.get().is_open


def test_journey_step_and_timeline_in_fixed_queries(coach, participant, django_assert_num_queries):
    with django_assert_num_queries(1):
        (step,) = selectors.journey_steps(participant=participant)
    assert step.key == "employment"
    assert not step.is_done
    make_employment(coach=coach, participant=participant, started_on=D(2025, 6, 1))
    make_employment(
        coach=coach,
        participant=participant,
        employer="Solbacken",
        is_resource_employment=True,
        support="wage_subsidy",
        ended_on=D(2027, 3, 1),
    )
    with django_assert_num_queries(1):
        (step,) = selectors.journey_steps(participant=participant)
    assert step.done_on == step.started_on == D(2026, 3, 2)
    assert step.detail == "Resursanställning med lönebidrag hos Solbacken, 100 %"
    assert step.url.endswith(f"/deltagare/{participant.pk}/anstallning/")
    with django_assert_num_queries(1):
        rows = selectors.employment_periods(participant=participant)
    assert [(r.start, r.end) for r in rows] == [
        (D(2025, 6, 1), None),
        (D(2026, 3, 2), D(2027, 3, 1)),
    ]
    label = rows[1].label
    assert label.startswith("Resursanställning")


def test_demo_journey_closes_with_subsidised_work(coach):
    today = D(2026, 11, 23)
    participant = make_participant(coach=coach, started_on=D(2026, 5, 4))
    employment = demo_journey(participant=participant, coach=coach, today=today)
    assert employment.is_resource_employment
    assert employment.support == "wage_subsidy"
    period = participant.periods.get()
    assert period.outcome == Outcome.WORK_SUBSIDISED
    assert period.closed_on == today - datetime.timedelta(days=30)
