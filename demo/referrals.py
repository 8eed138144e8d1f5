"""Demo data for the referral step, made through the real services."""

import datetime

from participants.models import Gender, Participant
from referrals import services
from referrals.models import Source


def demo_journey(*, unit, manager, coach, today: datetime.date) -> Participant:
    """An Arbetsförmedlingen referral of a fictional person, received 210 days ago and
    assigned by the manager to the coach 205 days ago, which enrols the participant."""
    referral = services.referral_register(
        actor=manager,
        data={
            "unit": unit,
            "source": Source.EMPLOYMENT_SERVICE,
            "received_on": today - datetime.timedelta(days=210),
            "first_name": "Nadia",
            "last_name": "Berglund",
            "personal_identity_number": "",
            "birth_year": 1986,
            "gender": Gender.WOMAN,
            "phone": "070-123 45 67",
            "preferred_language": "arabiska",
            "needs_interpreter": False,
            "referrer_name": "Erik Lund",
            "referrer_office": "Arbetsförmedlingen Norrby",
            "referrer_contact": "erik.lund@example.org",
            "reason": (
                "Har varit utan arbete i tre år och uppbär försörjningsstöd. Behöver en "
                "kartläggning av arbetsförmågan och stöd mot arbete, gärna inom lager eller "
                "handel."
            ),
            "wished_start_on": today - datetime.timedelta(days=200),
            "decision_on": None,
            "decision_reference": "",
        },
    )
    referral = services.referral_assign(
        actor=manager,
        referral=referral,
        coach=coach,
        assigned_on=today - datetime.timedelta(days=205),
        expected_version=referral.version,
    )
    assert referral.participant is not None  # assigned, so enrolled
    return referral.participant
