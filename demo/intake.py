"""Demo data for the intake step, made through the real services."""

import datetime

from intake import services
from intake.models import Agency, InformationPoint, IntakeMeeting

# Everything the unit tells a participant at the intake meeting (seed 004).
INFORMATION_GIVEN = [
    InformationPoint.UNIT,
    InformationPoint.METHOD,
    InformationPoint.CONSENT,
    InformationPoint.MAPPING,
    InformationPoint.ASSESSMENT,
    InformationPoint.PERSONAL_DATA,
]


def demo_journey(*, participant, coach, today: datetime.date) -> IntakeMeeting:
    """The intake meeting 200 days ago with consent to exchange information with
    Arbetsförmedlingen, Försäkringskassan, health care and the unit; the first mapping
    meeting booked a week later."""
    held_on = today - datetime.timedelta(days=200)
    return services.intake_meeting_record(
        actor=coach,
        participant=participant,
        held_on=held_on,
        information_given=INFORMATION_GIVEN,
        information_note="Vill gärna börja med kartläggningen snart. Ingen tolk behövs.",
        first_mapping_on=today - datetime.timedelta(days=193),
        consent_agencies=[
            Agency.EMPLOYMENT_SERVICE,
            Agency.SOCIAL_INSURANCE,
            Agency.HEALTH_CARE,
            Agency.UNIT,
        ],
        consent_signed_on=held_on,
    )


def demo_intake(*, participant, coach, held_on: datetime.date) -> IntakeMeeting:
    """The intake meeting of one of the many demo participants, a few days after their
    enrolment and before their first activity, with consent to exchange information
    with Arbetsförmedlingen and the unit."""
    return services.intake_meeting_record(
        actor=coach,
        participant=participant,
        held_on=held_on,
        information_given=INFORMATION_GIVEN,
        first_mapping_on=held_on + datetime.timedelta(days=7),
        consent_agencies=[Agency.EMPLOYMENT_SERVICE, Agency.UNIT],
        consent_signed_on=held_on,
    )
