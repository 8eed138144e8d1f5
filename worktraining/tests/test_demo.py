import datetime

import pytest

from demo.worktraining import demo_journey
from worktraining import selectors

from .factories import make_matching_decision

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_demo_journey(coach, participant):
    make_matching_decision(
        participant=participant, coach=coach, on=TODAY - datetime.timedelta(days=180)
    )
    placement = demo_journey(participant=participant, coach=coach, today=TODAY)
    assert placement.started_on == TODAY - datetime.timedelta(days=168)
    assert placement.ended_on == TODAY - datetime.timedelta(days=40)
    weeks = selectors.schedule_weeks(placement=placement)
    planned = [int(w.planned_hours) for w in weeks]
    assert planned[:4] == [10, 10, 10, 20]
    assert planned.count(40) >= 4
    assert all(w.actual_hours is not None for w in weeks)
    assert all(w.attended_share >= 85 for w in weeks)
    assert placement.adaptations.count() == 2
    months = {f.held_on.replace(day=1) for f in placement.follow_ups.all()}
    assert len(months) == placement.follow_ups.count() >= 4
    steps = {s.key: s for s in selectors.journey_steps(participant=participant)}
    assert all(s.is_done for s in steps.values())
    assert steps["three_party_meeting"].detail == "Anställning"
    assert placement.final_documentation.attendance.startswith("Närvaro")
    assert "Amina" in placement.final_documentation.summary
