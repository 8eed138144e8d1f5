"""Reads for the import: the card versions its rows may name, the records a row matches
(always within the actor's organisation) and the recorded imports."""

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Role, Unit
from accounts.selectors import user_access
from activities.models import ParticipantActivity
from assessments.models import Assessment
from instruments.models import InstrumentVersion
from participants.models import Participant, Period

from .models import ImportBatch, ImportKey


def import_organisation_id(actor) -> int:
    """The organisation an import writes into: the actor's own."""
    organisation_id = user_access(actor).organisation_id
    if organisation_id is None:
        raise PermissionDenied
    return organisation_id


def import_unit_list(*, actor) -> QuerySet[Unit]:
    """The units the actor may import into: the ones they manage."""
    return Unit.objects.filter(id__in=user_access(actor).manager_unit_ids).order_by("name")


def card_version_list(*, organisation_id: int) -> list[InstrumentVersion]:
    """Published versions the organisation may use, with their questions, oldest first."""
    return list(
        InstrumentVersion.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=organisation_id),
            status="published",
        )
        .select_related("instrument")
        .prefetch_related("questions")
        .order_by("instrument__code", "number")
    )


def scale_question_codes(versions: list[InstrumentVersion]) -> list[str]:
    seen: dict[str, None] = {}
    for version in versions:
        for question in sorted(version.questions.all(), key=lambda q: q.number):
            if question.kind == "scale":
                seen.setdefault(question.code)
    return list(seen)


def coach_by_username(*, unit_ids) -> dict[tuple, object]:
    return {
        (m.unit_id, m.user.username): m.user
        for m in Membership.objects.filter(
            unit_id__in=unit_ids,
            role=Role.COACH,
            user__is_active=True,
            user__integration__isnull=True,
        ).select_related("user")
    }


# Values per IN list: SQLite takes at most 32 766 parameters in a statement.
CHUNK = 10_000


def _chunks(values) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def participants_by_pin(*, organisation_id: int, pins) -> dict[str, Participant]:
    return {
        p.personal_identity_number: p
        for chunk in _chunks(pins)
        for p in Participant.objects.filter(
            organisation_id=organisation_id, personal_identity_number__in=chunk
        )
    }


def participants_by_key(*, organisation_id: int, keys) -> dict[str, Participant]:
    return {
        k.key: k.participant
        for chunk in _chunks(keys)
        for k in ImportKey.objects.filter(
            organisation_id=organisation_id, key__in=chunk
        ).select_related("participant")
    }


def periods_by_participant(*, participant_ids) -> dict[int, list[Period]]:
    found: dict[int, list[Period]] = {}
    for chunk in _chunks(participant_ids):
        for period in Period.objects.filter(participant_id__in=chunk).order_by("started_on"):
            found.setdefault(period.participant_id, []).append(period)
    return found


def existing_assessment_keys(*, participant_ids) -> set[tuple[int, int, str]]:
    return {
        (pid, instrument_id, day.isoformat())
        for chunk in _chunks(participant_ids)
        for pid, instrument_id, day in Assessment.objects.filter(
            participant_id__in=chunk, deleted_at__isnull=True
        ).values_list("participant_id", "version__instrument_id", "assessed_on")
    }


def existing_activity_keys(*, participant_ids) -> set[tuple[int, str, str]]:
    return {
        (pid, name, day.isoformat())
        for chunk in _chunks(participant_ids)
        for pid, name, day in ParticipantActivity.objects.filter(
            participant_id__in=chunk
        ).values_list("participant_id", "name", "start_date")
    }


def import_batch_get(*, actor, batch_id: int) -> ImportBatch:
    """An import of the actor's own organisation, uploaded by the actor."""
    return get_object_or_404(
        ImportBatch.objects.filter(
            organisation_id=import_organisation_id(actor), uploaded_by=actor
        ),
        pk=batch_id,
    )


def import_batch_list(*, actor) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(
        organisation_id=import_organisation_id(actor), status=ImportBatch.Status.DONE
    ).select_related("uploaded_by")[:20]
