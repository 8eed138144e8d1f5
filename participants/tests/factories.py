import datetime
import itertools

from participants import services
from participants.models import Gender, ReferralSource

_counter = itertools.count(1)


def make_participant(*, coach, unit=None, started_on=None, **profile):
    """A participant created through the real service, as a coach would."""
    n = next(_counter)
    unit = unit or coach.memberships.filter(unit__isnull=False).first().unit
    data = {
        "first_name": f"Deltagare{n}",
        "last_name": "Exempelsson",
        "gender": Gender.WOMAN,
        "birth_year": 1990,
        "unit": unit,
    }
    data.update(profile)
    return services.participant_create(
        actor=coach,
        profile=data,
        coach=coach,
        started_on=started_on or datetime.date(2026, 1, 5),
        referral_source=ReferralSource.EMPLOYMENT_SERVICE,
    )
