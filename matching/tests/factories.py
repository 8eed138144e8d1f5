import datetime

from mapping.selectors import mapping_current
from mapping.tests.factories import make_meeting
from matching import services
from matching.models import Destination, Party
from matching.selectors import matching_decision_current


def make_decision(*, coach, participant, destination=Destination.WORK_TRAINING, decided_on=None):
    """A matching decision through the real service, after a mapping meeting."""
    mapping = mapping_current(participant=participant)
    if mapping is None or not mapping.meetings.exists():
        make_meeting(coach=coach, participant=participant)
        mapping = mapping_current(participant=participant)
    first = mapping.meetings.order_by("held_on").first().held_on
    return services.matching_decision_create(
        actor=coach,
        participant=participant,
        destination=destination,
        reason="Resurserna passar arbetsträning i storkök.",
        decided_on=decided_on or first + datetime.timedelta(days=1),
    )


def make_individual_plan(*, coach, participant, signed=True, rows=None):
    decision = matching_decision_current(participant=participant) or make_decision(
        coach=coach, participant=participant
    )
    drawn_up_on = decision.decided_on + datetime.timedelta(days=2)
    plan = services.individual_plan_save(
        actor=coach,
        participant=participant,
        goal="Arbete i storkök.",
        sub_goals="Arbetsträna.\nTa körkort.",
        drawn_up_on=drawn_up_on,
        rows=rows
        or [
            services.RowInput(what="Ordna arbetsträningsplats", who="Handledaren"),
            services.RowInput(what="Fatta beslut om arbetsträning", who="Arbetsförmedlingen"),
        ],
        expected_version=None,
        based_on_id=None,
    )
    if signed:
        plan = services.individual_plan_sign(
            actor=coach,
            participant=participant,
            signatures={party: (f"Namn {party}", drawn_up_on) for party in Party.values},
            expected_version=plan.version,
        )
    return plan
