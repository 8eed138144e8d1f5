"""Changes to participants. Each writes its own access event in the same transaction."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_coach_in_unit, user_access
from audit.models import AccessEvent
from audit.services import (
    access_event_record,
    access_event_record_list,
    access_events_record_many,
)
from core.bulk import insert_rows
from core.exceptions import RuleError
from core.services import model_update, version_check

from .models import CoachAssignment, Participant, Period

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "personal_identity_number",
    "birth_year",
    "gender",
    "preferred_language",
    "needs_interpreter",
    "unit",
)


def _check_coach(*, coach, unit) -> None:
    if not is_coach_in_unit(user=coach, unit=unit):
        raise RuleError(_("Den valda handledaren arbetar inte på enheten."))


def _check_case_unit(*, actor, unit) -> None:
    access = user_access(actor)
    if unit.organisation_id != access.organisation_id or unit.id not in access.case_unit_ids:
        raise RuleError(_("Du kan bara registrera deltagare på dina egna enheter."))


@transaction.atomic
def participant_create(
    *,
    actor,
    profile: dict,
    target_groups=(),
    coach,
    started_on: datetime.date,
    referral_source: str,
    referral_date: datetime.date | None = None,
) -> Participant:
    unit = profile["unit"]
    _check_case_unit(actor=actor, unit=unit)
    _check_coach(coach=coach, unit=unit)
    participant = Participant.objects.create(
        organisation_id=unit.organisation_id,
        last_activity_at=timezone.now(),
        **{field: profile[field] for field in PROFILE_FIELDS if field in profile},
    )
    participant.target_groups.set(target_groups)
    Period.objects.create(
        participant=participant,
        started_on=started_on,
        referral_source=referral_source,
        referral_date=referral_date,
        created_by=actor,
    )
    CoachAssignment.objects.create(
        participant=participant, coach=coach, started_on=started_on, created_by=actor
    )
    access_event_record(
        actor=actor, participant=participant, action=AccessEvent.Action.CREATE, what="deltagare"
    )
    return participant


def restriction_message(participant: Participant) -> str:
    return _(
        "Uppgifterna är spärrade sedan %(date)s. Ändringar kan inte göras förrän spärren hävs."
    ) % {"date": timezone.localtime(participant.restricted_at).date().isoformat()}


def participant_check_writable(participant: Participant) -> None:
    """Refuse a change while processing is restricted (GDPR art. 18). The participant
    must have been read in the current transaction (locked, or just fetched)."""
    if participant.restricted_at is not None:
        raise RuleError(restriction_message(participant))


def participant_lock(participant: Participant) -> Participant:
    """The participant's row, locked for the change that follows; refused while the
    record is restricted. Every write on a participant's data passes here or through
    ``participant_touch`` (docs/adr/0016)."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    participant_check_writable(locked)
    return locked


_lock = participant_lock


def participant_touch(*, participant: Participant) -> None:
    """Mark that something happened in the case (orders the coach's caseload).

    Also the guard for writes that do not lock the participant: a restricted record is
    not touched and the change is refused (and rolled back with its transaction)."""
    touched = Participant.objects.filter(pk=participant.pk, restricted_at__isnull=True).update(
        last_activity_at=timezone.now()
    )
    if not touched:
        participant_check_writable(Participant.objects.get(pk=participant.pk))


@transaction.atomic
def participant_update(
    *, actor, participant: Participant, profile: dict, target_groups, expected_version: int
) -> Participant:
    locked = _lock(participant)
    version_check(locked, expected_version)
    if "unit" in profile and profile["unit"] != locked.unit:
        _check_case_unit(actor=actor, unit=profile["unit"])
    values = {f: profile[f] for f in PROFILE_FIELDS if f in profile}
    changed = [f for f in values if getattr(locked, f) != values[f]]
    old_groups = set(locked.target_groups.values_list("pk", flat=True))
    new_groups = {g.pk for g in target_groups}
    if old_groups != new_groups:
        locked.target_groups.set(target_groups)
        changed.append("target_groups")
    model_update(locked, data=values | {"last_activity_at": timezone.now()})
    access_event_record(
        actor=actor,
        participant=locked,
        action=AccessEvent.Action.CHANGE,
        what=_("uppgifter: %(fields)s") % {"fields": ", ".join(changed) or "-"},
    )
    return locked


def open_period(participant: Participant) -> Period | None:
    return participant.periods.filter(closed_on__isnull=True).first()


@transaction.atomic
def participant_close(
    *, actor, participant: Participant, closed_on: datetime.date, outcome: str, note: str = ""
) -> Period:
    locked = _lock(participant)
    period = open_period(locked)
    if period is None:
        raise RuleError(_("Deltagaren är redan avslutad."))
    if closed_on < period.started_on:
        raise RuleError(_("Avslutsdatumet kan inte ligga före inskrivningsdatumet."))
    period.closed_on = closed_on
    period.outcome = outcome
    period.closing_note = note
    period.save()
    model_update(locked, data={"last_activity_at": timezone.now()})
    access_event_record(
        actor=actor, participant=locked, action=AccessEvent.Action.CLOSE, what=f"utfall: {outcome}"
    )
    return period


@transaction.atomic
def participant_reenrol(
    *,
    actor,
    participant: Participant,
    started_on: datetime.date,
    referral_source: str,
    referral_date: datetime.date | None,
    coach,
) -> Period:
    locked = _lock(participant)
    if open_period(locked) is not None:
        raise RuleError(_("Deltagaren är redan inskriven."))
    last = locked.periods.order_by("-closed_on").first()
    if last and last.closed_on and started_on < last.closed_on:
        raise RuleError(_("En ny period kan inte börja innan den förra avslutades."))
    _check_coach(coach=coach, unit=locked.unit)
    period = Period.objects.create(
        participant=locked,
        started_on=started_on,
        referral_source=referral_source,
        referral_date=referral_date,
        created_by=actor,
    )
    current = locked.coach_assignments.filter(ended_on__isnull=True).first()
    if current is None or current.coach_id != coach.pk:
        if current is not None:
            current.ended_on = max(started_on, current.started_on)
            current.save(update_fields=["ended_on"])
        CoachAssignment.objects.create(
            participant=locked, coach=coach, started_on=started_on, created_by=actor
        )
    model_update(locked, data={"last_activity_at": timezone.now()})
    access_event_record(
        actor=actor, participant=locked, action=AccessEvent.Action.REENROL, what="ny period"
    )
    return period


@transaction.atomic
def coach_change(
    *,
    actor,
    participant: Participant,
    new_coach,
    changed_on: datetime.date,
    reason: str,
    handover_note: str,
) -> CoachAssignment:
    locked = _lock(participant)
    if not reason.strip() or not handover_note.strip():
        raise RuleError(_("Ett handledarbyte kräver en anledning och en överlämning."))
    _check_coach(coach=new_coach, unit=locked.unit)
    current = locked.coach_assignments.filter(ended_on__isnull=True).first()
    if current is not None:
        if current.coach_id == new_coach.pk:
            raise RuleError(_("Deltagaren har redan den handledaren."))
        if changed_on < current.started_on:
            raise RuleError(_("Bytet kan inte ligga före nuvarande handledares startdatum."))
        current.ended_on = changed_on
        current.save(update_fields=["ended_on"])
    assignment = CoachAssignment.objects.create(
        participant=locked,
        coach=new_coach,
        started_on=changed_on,
        reason=reason.strip(),
        handover_note=handover_note.strip(),
        created_by=actor,
    )
    model_update(locked, data={"last_activity_at": timezone.now()})
    access_event_record(
        actor=actor,
        participant=locked,
        action=AccessEvent.Action.COACH_CHANGE,
        what=f"ny handledare: {new_coach}",
    )
    return assignment


def participant_change_record(
    *, actor, participant: Participant, what: str, action: str = AccessEvent.Action.CHANGE
) -> None:
    """The tail of every change in a participant's case: mark the case as touched (which
    refuses a restricted record) and write the change to the access log."""
    participant_touch(participant=participant)
    access_event_record(actor=actor, participant=participant, action=action, what=what)


def participant_list_access_record(*, actor, participants, what: str) -> None:
    """A list of participants shown to the actor: one VIEW_LIST row for the page."""
    access_event_record_list(
        actor=actor, organisation_id=actor.organisation_id, participants=participants, what=what
    )


def participant_print_record(*, actor, participant: Participant, what: str) -> None:
    """A printout or PDF of a participant's document is a read that leaves the system."""
    access_event_record(
        actor=actor, participant=participant, action=AccessEvent.Action.PRINT, what=what
    )


def participant_pin_reveal(*, actor, participant: Participant) -> None:
    """The full personal identity number is shown on request only, and logged."""
    access_event_record(
        actor=actor, participant=participant, action=AccessEvent.Action.REVEAL, what="personnummer"
    )


@dataclass
class HistoryPeriod:
    """A period of a participant's history, as the import gives it."""

    started_on: datetime.date
    referral_source: str
    referral_date: datetime.date | None = None
    closed_on: datetime.date | None = None
    outcome: str = ""


def period_history_errors(periods: list[HistoryPeriod]) -> list[tuple[int, str, str]]:
    """The rules that `participant_reenrol` and `participant_close` keep, for periods in
    the order they started: (index, field, message) for each one broken."""
    errors = []
    for index, period in enumerate(periods):
        if index:
            previous = periods[index - 1]
            if previous.closed_on is None:
                errors.append((index, "started_on", _("Deltagaren är redan inskriven.")))
            elif period.started_on < previous.closed_on:
                errors.append(
                    (
                        index,
                        "started_on",
                        _("En ny period kan inte börja innan den förra avslutades."),
                    )
                )
        if period.closed_on is not None and period.closed_on < period.started_on:
            errors.append(
                (
                    index,
                    "closed_on",
                    _("Avslutsdatumet kan inte ligga före inskrivningsdatumet."),
                )
            )
    return errors


@dataclass
class NewHistory:
    """A participant to create with their periods (the first one the enrolment)."""

    profile: dict
    coach: Any  # a User
    periods: list[HistoryPeriod] = field(default_factory=list)


@transaction.atomic
def participants_create_with_history(*, actor, histories: list[NewHistory]) -> list[Participant]:
    """Many new participants with their periods, as ``participant_create``,
    ``participant_reenrol`` and ``participant_close`` would write them one by one (the
    same rules, rows and access events), in a fixed number of queries per batch."""
    checked: set = set()
    for history in histories:
        unit = history.profile["unit"]
        if (unit.pk, history.coach.pk) not in checked:
            _check_case_unit(actor=actor, unit=unit)
            _check_coach(coach=history.coach, unit=unit)
            checked.add((unit.pk, history.coach.pk))
        if not history.periods or period_history_errors(history.periods):
            raise RuleError(_("Deltagarens perioder hänger inte ihop."))
    now = timezone.now()
    participants = Participant.objects.bulk_create(
        Participant(
            organisation_id=history.profile["unit"].organisation_id,
            last_activity_at=now,
            **{f: history.profile[f] for f in PROFILE_FIELDS if f in history.profile},
        )
        for history in histories
    )
    periods, assignments, events = [], [], []
    for participant, history in zip(participants, histories, strict=True):
        organisation_id = participant.organisation_id
        events.append((organisation_id, participant.pk, AccessEvent.Action.CREATE, "deltagare"))
        for index, period in enumerate(history.periods):
            periods.append(
                (
                    participant.pk, period.started_on, period.referral_source,
                    period.referral_date, period.closed_on,
                    period.outcome if period.closed_on else "", "", actor.pk,
                )
            )  # fmt: skip
            if index:
                events.append(
                    (organisation_id, participant.pk, AccessEvent.Action.REENROL, "ny period")
                )
            if period.closed_on:
                events.append(
                    (
                        organisation_id,
                        participant.pk,
                        AccessEvent.Action.CLOSE,
                        f"utfall: {period.outcome}",
                    )
                )
        assignments.append(
            (participant.pk, history.coach.pk, history.periods[0].started_on, "", "", actor.pk, now)
        )
    insert_rows(
        Period,
        [
            "participant_id", "started_on", "referral_source", "referral_date", "closed_on",
            "outcome", "closing_note", "created_by_id",
        ],
        periods,
    )  # fmt: skip
    insert_rows(
        CoachAssignment,
        [
            "participant_id", "coach_id", "started_on", "reason", "handover_note",
            "created_by_id", "created_at",
        ],
        assignments,
    )  # fmt: skip
    access_events_record_many(actor=actor, events=events)
    return participants
