import datetime

from employment.services import employment_add


def make_employment(*, coach, participant, **data):
    values = {
        "employer": "Exempelbolaget AB",
        "occupation": "Lagerarbetare",
        "started_on": datetime.date(2026, 3, 2),
        "ended_on": None,
        "extent": 100,
        "is_resource_employment": False,
        "support": "none",
    }
    values.update(data)
    return employment_add(actor=coach, participant=participant, data=values)
