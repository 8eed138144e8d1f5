"""Changes to referrals. Each writes its own access event in the same transaction.

Rules raise ``RuleError`` keyed by the form field they concern, so a view can put
the message next to the field; a change based on an older version raises ConflictError.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_coach_in_unit, user_access
from audit.models import AccessEvent
from audit.services import (
    access_event_record,
    access_event_record_for_organisation,
    access_event_record_list,
)
from core.exceptions import RuleError
from core.services import model_update, version_check
from participants import services as participant_services
from participants.models import Participant
from participants.selectors import PIN_CHECK

from .models import Referral, Source, Status
from .selectors import referral_access_record

REFERRAL_FIELDS = (
    "unit",
    "source",
    "received_on",
    "first_name",
    "last_name",
    "personal_identity_number",
    "birth_year",
    "gender",
    "phone",
    "preferred_language",
    "needs_interpreter",
    "referrer_name",
    "referrer_office",
    "referrer_contact",
    "reason",
    "wished_start_on",
    "decision_on",
    "decision_reference",
)
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "personal_identity_number",
    "birth_year",
    "gender",
    "preferred_language",
    "needs_interpreter",
)


def _check(*, actor, data: dict) -> None:
    """The rules for a referral's content, all reported at once."""
    errors: dict[str, str] = {}
    access = user_access(actor)
    unit = data["unit"]
    if unit.organisation_id != access.organisation_id or unit.id not in access.case_unit_ids:
        errors["unit"] = _("Du kan bara registrera aktualiseringar till dina egna enheter.")
    today = timezone.localdate()
    received_on = data["received_on"]
    if received_on > today:
        errors["received_on"] = _("Datumet då aktualiseringen inkom kan inte ligga i framtiden.")
    decision_on = data.get("decision_on")
    if data["source"] == Source.SOCIAL_SERVICES:
        if decision_on is None:
            errors["decision_on"] = _(
                "Ange datum för socialtjänstens beslut enligt 4 kap. 4 § socialtjänstlagen."
            )
        elif decision_on > received_on:
            errors["decision_on"] = _("Beslutet kan inte vara fattat efter att det inkom.")
    elif decision_on is not None or data.get("decision_reference"):
        errors["decision_on"] = _(
            "Beslutsdatum och diarienummer fylls bara i när aktualiseringen kommer från "
            "socialtjänsten."
        )
    if errors:
        raise RuleError(errors=errors)


def _clean_data(data: dict) -> dict:
    cleaned = {field: data.get(field) for field in REFERRAL_FIELDS}
    for field in (
        "personal_identity_number",
        "phone",
        "preferred_language",
        "referrer_office",
        "referrer_contact",
        "decision_reference",
    ):
        cleaned[field] = (cleaned[field] or "").strip()
    cleaned["needs_interpreter"] = bool(cleaned["needs_interpreter"])
    if cleaned["source"] != Source.SOCIAL_SERVICES:
        cleaned["decision_on"] = cleaned["decision_on"] or None
    return cleaned


@transaction.atomic
def referral_register(*, actor, data: dict) -> Referral:
    """Register a referral as it arrived; it waits in the manager's inbox."""
    data = _clean_data(data)
    _check(actor=actor, data=data)
    referral = Referral.objects.create(
        organisation_id=data["unit"].organisation_id,
        registered_by=actor,
        **data,
    )
    referral_access_record(
        actor=actor, referral=referral, action=AccessEvent.Action.CREATE, what="registrerad"
    )
    return referral


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _check_not_assigned(referral: Referral) -> None:
    if referral.status != Status.RECEIVED:
        raise RuleError(_("Aktualiseringen är redan fördelad. Ändringar görs på deltagarens sida."))


@transaction.atomic
def referral_update(*, actor, referral: Referral, data: dict, expected_version: int) -> Referral:
    locked = _lock(referral)
    version_check(locked, expected_version)
    _check_not_assigned(locked)
    data = _clean_data(data)
    _check(actor=actor, data=data)
    locked.organisation_id = data["unit"].organisation_id
    changed = model_update(locked, data=data, fields=REFERRAL_FIELDS)
    referral_access_record(
        actor=actor,
        referral=locked,
        action=AccessEvent.Action.CHANGE,
        what="ändrad: " + (", ".join(changed) or "-"),
    )
    return locked


class _CaseInAnotherUnit(Exception):
    """The personal number is a case in another unit; raised inside the assignment's
    transaction and logged after it is rolled back (see ``referral_assign``)."""

    def __init__(self, participant: Participant):
        super().__init__()
        self.participant = participant


def _existing_participant(referral: Referral) -> Participant | None:
    if not referral.personal_identity_number:
        return None
    return Participant.objects.filter(
        organisation_id=referral.organisation_id,
        personal_identity_number=referral.personal_identity_number,
    ).first()


def _enrol(*, actor, referral: Referral, coach, assigned_on: datetime.date) -> Participant:
    """Create the participant, or start a new period for a former one."""
    existing = _existing_participant(referral)
    if existing is None:
        return participant_services.participant_create(
            actor=actor,
            profile={"unit": referral.unit}
            | {field: getattr(referral, field) for field in PROFILE_FIELDS},
            coach=coach,
            started_on=assigned_on,
            referral_source=referral.source,
            referral_date=referral.received_on,
        )
    if existing.unit_id != referral.unit_id:
        raise _CaseInAnotherUnit(existing)
    participant_services.participant_reenrol(
        actor=actor,
        participant=existing,
        started_on=assigned_on,
        referral_source=referral.source,
        referral_date=referral.received_on,
        coach=coach,
    )
    return existing


def referral_assign(
    *, actor, referral: Referral, coach, assigned_on: datetime.date, expected_version: int
) -> Referral:
    """The manager assigns the referral to a coach of its unit, which enrols the person.

    When the personal number is already a case in another unit, nothing is saved; the
    manager learns only that, and the lookup is written to the access log of that
    participant (after the rollback, so that it stays)."""
    try:
        return _referral_assign(
            actor=actor,
            referral=referral,
            coach=coach,
            assigned_on=assigned_on,
            expected_version=expected_version,
        )
    except _CaseInAnotherUnit as found:
        access_event_record(
            actor=actor,
            participant=found.participant,
            action=AccessEvent.Action.VIEW,
            what=f"{PIN_CHECK}: ärende på annan enhet",
        )
        raise RuleError(
            _(
                "Personnumret finns redan registrerat på en annan enhet i organisationen. "
                "Aktualiseringen kan inte fördelas här."
            )
        ) from None


@transaction.atomic
def _referral_assign(
    *, actor, referral: Referral, coach, assigned_on: datetime.date, expected_version: int
) -> Referral:
    locked = _lock(referral)
    version_check(locked, expected_version)
    _check_not_assigned(locked)
    if locked.unit_id not in user_access(actor).manager_unit_ids:
        raise RuleError(_("Bara enhetens chef kan fördela aktualiseringen."))
    errors: dict[str, str] = {}
    if coach is None or not is_coach_in_unit(user=coach, unit=locked.unit):
        errors["coach"] = _(
            "%(coach)s är inte handledare på %(unit)s. Välj en handledare på enheten."
        ) % {"coach": coach or _("Den valda personen"), "unit": locked.unit}
    if assigned_on > timezone.localdate():
        errors["assigned_on"] = _("Fördelningsdatumet kan inte ligga i framtiden.")
    elif assigned_on < locked.received_on:
        errors["assigned_on"] = _(
            "Aktualiseringen kan inte fördelas före den inkom (%(date)s)."
        ) % {"date": locked.received_on.isoformat()}
    if errors:
        raise RuleError(errors=errors)
    participant = _enrol(actor=actor, referral=locked, coach=coach, assigned_on=assigned_on)
    model_update(
        locked,
        data={
            "status": Status.ASSIGNED,
            "assigned_coach": coach,
            "assigned_on": assigned_on,
            "assigned_by": actor,
            "participant": participant,
        },
    )
    referral_access_record(
        actor=actor,
        referral=locked,
        action=AccessEvent.Action.CHANGE,
        what=f"fördelad till {coach}",
    )
    return locked


def referral_inbox_access_record(*, actor, referrals: list, recent: list) -> None:
    """One VIEW_LIST row: the participants shown, and the unassigned referrals by id
    (they name a person who is not yet a participant)."""
    shown = [r for r in referrals + recent if r.participant_id is None]
    what = "aktualiseringar: inkorgen"
    if shown:
        what += "; aktualiseringar " + ", ".join(str(r.pk) for r in shown)
    participants = [r.participant_id for r in referrals + recent if r.participant_id]
    if participants:
        access_event_record_list(
            actor=actor,
            organisation_id=actor.organisation_id,
            participants=participants,
            what=what,
        )
    elif shown:
        access_event_record_for_organisation(
            actor=actor,
            organisation_id=actor.organisation_id,
            action=AccessEvent.Action.VIEW_LIST,
            what=what,
        )
