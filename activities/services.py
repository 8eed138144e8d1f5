"""Changes to the catalogue and to a participant's activities."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import user_access
from audit.models import AccessEvent
from audit.services import access_event_record, access_events_record_many
from core.exceptions import RuleError
from core.services import locked_get, model_update
from participants.services import participant_touch

from .models import CatalogueItem, ParticipantActivity
from .signals import activities_changed

CATALOGUE_FIELDS = (
    "name",
    "description",
    "kind",
    "phase",
    "indicator_codes",
    "provider",
    "format",
    "schedule",
    "capacity",
    "is_active",
)
ACTIVITY_FIELDS = (
    "name",
    "kind",
    "indicator_codes",
    "start_date",
    "end_date",
    "hours_per_week",
    "status",
)


def _may_edit_catalogue(actor) -> None:
    access = user_access(actor)
    if not (access.is_manager or access.is_administrator):
        raise RuleError(_("Bara chefer och administratörer ändrar aktivitetsutbudet."))


@transaction.atomic
def catalogue_item_save(
    *, actor, item: CatalogueItem | None, data: dict, expected_version: int | None = None
) -> CatalogueItem:
    _may_edit_catalogue(actor)
    if item is None:
        return CatalogueItem.objects.create(
            organisation_id=actor.organisation_id, **{f: data[f] for f in CATALOGUE_FIELDS}
        )
    locked = locked_get(
        CatalogueItem,
        pk=item.pk,
        organisation_id=actor.organisation_id,
        expected_version=expected_version,
        none_skips=True,
    )
    model_update(locked, data=data, fields=CATALOGUE_FIELDS)
    return locked


def _check_activity(*, participant, data: dict, catalogue_item, was_item=None) -> None:
    if data.get("end_date") and data["end_date"] < data["start_date"]:
        raise RuleError(_("Slutdatumet kan inte ligga före startdatumet."))
    if data["status"] in ("finished", "cancelled") and not data.get("end_date"):
        raise RuleError(_("En avslutad eller avbruten insats behöver ett slutdatum."))
    if catalogue_item is not None:
        if catalogue_item.organisation_id != participant.organisation_id:
            raise RuleError(_("Aktiviteten finns inte i organisationens utbud."))
        if not catalogue_item.is_active and catalogue_item != was_item:
            raise RuleError(_("Aktiviteten är arkiverad och kan inte läggas till."))


@transaction.atomic
def activity_add(*, actor, participant, data: dict, catalogue_item=None) -> ParticipantActivity:
    _check_activity(participant=participant, data=data, catalogue_item=catalogue_item)
    values = {f: data.get(f) for f in ACTIVITY_FIELDS}
    if catalogue_item is not None:
        values["name"] = values.get("name") or catalogue_item.name
        values["kind"] = catalogue_item.kind
        values["indicator_codes"] = list(catalogue_item.indicator_codes)
    activity = ParticipantActivity.objects.create(
        participant=participant, catalogue_item=catalogue_item, created_by=actor, **values
    )
    participant_touch(participant=participant)
    activities_changed.send(sender=ParticipantActivity, participant_ids=[participant.pk])
    access_event_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CHANGE,
        what=f"ny insats: {activity.name}",
    )
    return activity


@transaction.atomic
def activity_update(
    *, actor, activity: ParticipantActivity, data: dict, expected_version: int | None = None
) -> ParticipantActivity:
    """``expected_version`` is the version the coach's form was opened on; the services
    that keep a linked activity in step with their own (versioned) record pass None."""
    locked = locked_get(
        ParticipantActivity, pk=activity.pk, expected_version=expected_version, none_skips=True
    )
    merged = {f: data.get(f, getattr(locked, f)) for f in ACTIVITY_FIELDS}
    _check_activity(
        participant=locked.participant,
        data=merged,
        catalogue_item=locked.catalogue_item,
        was_item=locked.catalogue_item,
    )
    model_update(locked, data=merged, fields=("start_date", "end_date", "hours_per_week", "status"))
    participant_touch(participant=locked.participant)
    activities_changed.send(sender=ParticipantActivity, participant_ids=[locked.participant_id])
    access_event_record(
        actor=actor,
        participant=locked.participant,
        action=AccessEvent.Action.CHANGE,
        what=f"insats ändrad: {locked.name}",
    )
    return locked


def activity_errors(*, data: dict) -> list[str]:
    """What ``activity_add`` would refuse in an activity without a catalogue item."""
    try:
        _check_activity(participant=None, data=data, catalogue_item=None)
    except RuleError as error:
        return [m for messages in error.errors.values() for m in messages]
    return []


@transaction.atomic
def activities_add_many(*, actor, items: list[tuple]) -> list[ParticipantActivity]:
    """Many activities (participant, data) without a catalogue item, checked and written
    as ``activity_add`` writes them, in a fixed number of queries (an import). Sends no
    signal: the caller sends ``activities_changed`` once for all."""
    for _participant, data in items:
        _check_activity(participant=None, data=data, catalogue_item=None)
    activities = ParticipantActivity.objects.bulk_create(
        ParticipantActivity(
            participant=participant,
            catalogue_item=None,
            created_by=actor,
            **{f: data.get(f) for f in ACTIVITY_FIELDS},
        )
        for participant, data in items
    )
    access_events_record_many(
        actor=actor,
        events=(
            (
                participant.organisation_id,
                participant.pk,
                AccessEvent.Action.CHANGE,
                f"ny insats: {data['name']}",
            )
            for participant, data in items
        ),
    )
    return activities
