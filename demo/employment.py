"""Demo data: a resursanställning that ends the participant's period with work."""

import datetime

from employment.models import Employment, Support
from employment.services import employment_add, employment_close_participant


def demo_journey(*, participant, coach, today: datetime.date) -> Employment:
    """A resursanställning with lönebidrag at a fictional employer, 100 %, started a month
    ago, and the participant's open period closed with the outcome work (subsidised)."""
    employment = employment_add(
        actor=coach,
        participant=participant,
        data={
            "employer": "Norrby kommun, Äldreomsorgen Solbacken",
            "occupation": "Vårdbiträde (extraresurs)",
            "started_on": today - datetime.timedelta(days=30),
            "ended_on": today + datetime.timedelta(days=334),
            "extent": 100,
            "is_resource_employment": True,
            "support": Support.WAGE_SUBSIDY,
        },
    )
    period = participant.periods.filter(closed_on__isnull=True).first()
    if period is not None:
        employment_close_participant(
            actor=coach,
            employment=employment,
            closed_on=max(employment.started_on, period.started_on),
        )
    return employment
