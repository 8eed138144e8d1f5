import datetime
import itertools

from participants.models import Gender
from referrals import services
from referrals.models import Source

_counter = itertools.count(1)


def referral_data(*, unit, **overrides) -> dict:
    n = next(_counter)
    data = {
        "unit": unit,
        "source": Source.EMPLOYMENT_SERVICE,
        "received_on": datetime.date(2026, 1, 5),
        "first_name": f"Aktuell{n}",
        "last_name": "Remissson",
        "personal_identity_number": "",
        "birth_year": 1985,
        "gender": Gender.MAN,
        "phone": "",
        "preferred_language": "",
        "needs_interpreter": False,
        "referrer_name": "Eva Arbetsförmedlare",
        "referrer_office": "Arbetsförmedlingen Norrby",
        "referrer_contact": "",
        "reason": "Långtidsarbetslös, behöver kartläggning.",
        "wished_start_on": None,
        "decision_on": None,
        "decision_reference": "",
    }
    data.update(overrides)
    return data


def make_referral(*, actor, unit=None, **overrides):
    """A referral registered through the real service, as a coach or manager would."""
    unit = unit or actor.memberships.filter(unit__isnull=False).first().unit
    return services.referral_register(actor=actor, data=referral_data(unit=unit, **overrides))
