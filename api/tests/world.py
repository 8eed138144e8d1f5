"""An organisation with data for the API's tests: a unit, its coach, a participant with
an assessment (with the restricted question answered), an activity and a plan, and the
same in another organisation."""

from dataclasses import dataclass

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.tests.factories import make_activity, make_catalogue_item
from assessments.tests.factories import make_assessment
from participants.tests.factories import make_participant
from plans.tests.factories import make_plan


@dataclass
class World:
    unit: object
    coach: object
    participant: object
    assessment: object
    activity: object
    plan: object
    other_participant: object
    other_assessment: object
    other_activity: object
    other_plan: object


def _case(unit):
    coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach)
    assessment = make_assessment(
        coach=coach,
        participant=participant,
        violence={"asked": True, "support_offered": True, "note": "SKYDDAD-ANTECKNING"},
    )
    item = make_catalogue_item(organisation=unit.organisation)
    activity = make_activity(coach=coach, participant=participant, item=item)
    plan = make_plan(coach=coach, participant=participant, assessment=assessment)
    return coach, participant, assessment, activity, plan


def make_world() -> World:
    unit = UnitFactory()
    coach, participant, assessment, activity, plan = _case(unit)
    _, other, other_assessment, other_activity, other_plan = _case(UnitFactory())
    return World(
        unit=unit,
        coach=coach,
        participant=participant,
        assessment=assessment,
        activity=activity,
        plan=plan,
        other_participant=other,
        other_assessment=other_assessment,
        other_activity=other_activity,
        other_plan=other_plan,
    )
