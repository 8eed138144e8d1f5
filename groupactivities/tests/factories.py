import datetime

from activities.tests.factories import make_catalogue_item
from groupactivities.services import group_save, session_save


def make_group(*, coach, unit, item=None, **data):
    values = {
        "catalogue_item": item
        or make_catalogue_item(organisation=unit.organisation, format="group"),
        "name": "Språkcafé",
        "unit": unit,
        "leader": coach,
        "started_on": datetime.date(2026, 2, 2),
        "ended_on": None,
        "schedule": "Måndagar 13–15",
    }
    values.update(data)
    return group_save(actor=coach, group=None, data=values)


def make_session(*, group, held_on, **data):
    values = {"held_on": held_on, "starts_at": datetime.time(13, 0), "length_minutes": 120}
    values.update(data)
    return session_save(group=group, session=None, data=values)
