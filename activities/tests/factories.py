import datetime

from activities import services
from activities.models import CatalogueItem


def make_catalogue_item(*, organisation, **fields) -> CatalogueItem:
    values = {
        "name": f"Aktivitet {CatalogueItem.objects.count() + 1}",
        "description": "",
        "kind": "job_focused",
        "phase": "preparing",
        "indicator_codes": ["job_search"],
        "provider": "own_unit",
        "format": "group",
        "schedule": "",
        "capacity": None,
        "is_active": True,
    }
    values.update(fields)
    return CatalogueItem.objects.create(organisation=organisation, **values)


def make_activity(*, coach, participant, item=None, **data):
    values = {
        "name": "Egen aktivitet",
        "kind": "job_focused",
        "indicator_codes": [],
        "start_date": datetime.date(2026, 2, 1),
        "end_date": None,
        "hours_per_week": None,
        "status": "ongoing",
    }
    values.update(data)
    return services.activity_add(
        actor=coach, participant=participant, data=values, catalogue_item=item
    )
