"""Changes in the intake: meetings, consents, shared documents. Each writes its own
access event in the same transaction.

Rules raise ``RuleError`` keyed by the form field they concern, so a view can put
the message next to the field; an edit based on an older version raises ConflictError.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent
from audit.services import access_event_record
from core.exceptions import RuleError
from core.services import locked_get, model_update
from participants.services import participant_change_record, participant_lock

from .models import Agency, Consent, DocumentKind, DocumentShare, InformationPoint, IntakeMeeting
from .selectors import consent_current, consent_latest


def _not_in_future(errors: dict, field: str, value: datetime.date | None, message: str) -> None:
    if value and value > timezone.localdate():
        errors[field] = message


def _meeting_errors(
    *, held_on: datetime.date, first_mapping_on: datetime.date | None, information_given
) -> dict:
    errors: dict[str, str] = {}
    _not_in_future(
        errors, "held_on", held_on, _("Inskrivningssamtalet kan inte ligga i framtiden.")
    )
    if first_mapping_on and first_mapping_on < held_on:
        errors["first_mapping_on"] = _(
            "Det första kartläggningssamtalet kan inte bokas före inskrivningssamtalet."
        )
    unknown = set(information_given) - set(InformationPoint.values)
    if unknown:
        errors["information_given"] = _("Okänd informationspunkt.")
    return errors


def _consent_errors(
    *, participant, agencies, signed_on: datetime.date | None, field_prefix: str = ""
) -> dict:
    errors: dict[str, str] = {}
    if not agencies:
        errors[f"{field_prefix}agencies"] = _(
            "Välj minst en part som deltagaren godkänner informationsutbyte med."
        )
    elif set(agencies) - set(Agency.values):
        errors[f"{field_prefix}agencies"] = _("Okänd part.")
    if signed_on is None:
        errors[f"{field_prefix}signed_on"] = _("Ange datum då medgivandet undertecknades.")
        return errors
    _not_in_future(
        errors,
        f"{field_prefix}signed_on",
        signed_on,
        _("Undertecknandet kan inte ligga i framtiden."),
    )
    latest = consent_latest(participant=participant)
    if latest is not None:
        if signed_on < latest.signed_on:
            errors[f"{field_prefix}signed_on"] = _(
                "Ett nytt medgivande kan inte vara undertecknat före det senaste (%(date)s)."
            ) % {"date": latest.signed_on.isoformat()}
        elif latest.withdrawn_on and signed_on < latest.withdrawn_on:
            errors[f"{field_prefix}signed_on"] = _(
                "Ett nytt medgivande kan inte vara undertecknat före återkallelsen av det "
                "förra (%(date)s)."
            ) % {"date": latest.withdrawn_on.isoformat()}
    return errors


def _ordered(values, choices) -> list[str]:
    chosen = set(values)
    return [value for value in choices.values if value in chosen]


def _consent_create(*, actor, participant, agencies, signed_on) -> Consent:
    return Consent.objects.create(
        participant=participant,
        agencies=_ordered(agencies, Agency),
        signed_on=signed_on,
        recorded_by=actor,
    )


@transaction.atomic
def intake_meeting_record(
    *,
    actor,
    participant,
    held_on: datetime.date,
    information_given=(),
    information_note: str = "",
    first_mapping_on: datetime.date | None = None,
    consent_agencies=(),
    consent_signed_on: datetime.date | None = None,
) -> IntakeMeeting:
    """The intake meeting, with the consent signed at it (if the participant signed)."""
    errors = _meeting_errors(
        held_on=held_on, first_mapping_on=first_mapping_on, information_given=information_given
    )
    if consent_agencies or consent_signed_on:
        errors |= _consent_errors(
            participant=participant,
            agencies=consent_agencies,
            signed_on=consent_signed_on,
            field_prefix="consent_",
        )
    if errors:
        raise RuleError(errors=errors)
    meeting = IntakeMeeting.objects.create(
        participant=participant,
        held_on=held_on,
        information_given=_ordered(information_given, InformationPoint),
        information_note=information_note.strip(),
        first_mapping_on=first_mapping_on,
        held_by=actor,
    )
    what = "inskrivningssamtal"
    if consent_agencies:
        _consent_create(
            actor=actor,
            participant=participant,
            agencies=consent_agencies,
            signed_on=consent_signed_on,
        )
        what += ", medgivande: " + ", ".join(_ordered(consent_agencies, Agency))
    participant_change_record(
        actor=actor, participant=participant, action=AccessEvent.Action.CREATE, what=what
    )
    return meeting


@transaction.atomic
def intake_meeting_update(
    *,
    actor,
    meeting: IntakeMeeting,
    held_on: datetime.date,
    information_given,
    information_note: str,
    first_mapping_on: datetime.date | None,
    expected_version: int,
) -> IntakeMeeting:
    locked = locked_get(IntakeMeeting, pk=meeting.pk, expected_version=expected_version)
    errors = _meeting_errors(
        held_on=held_on, first_mapping_on=first_mapping_on, information_given=information_given
    )
    if errors:
        raise RuleError(errors=errors)
    values = {
        "held_on": held_on,
        "information_given": _ordered(information_given, InformationPoint),
        "information_note": information_note.strip(),
        "first_mapping_on": first_mapping_on,
    }
    changed = model_update(locked, data=values)
    participant_change_record(
        actor=actor,
        participant=locked.participant,
        what="inskrivningssamtal: " + (", ".join(changed) or "-"),
    )
    return locked


@transaction.atomic
def consent_record(*, actor, participant, agencies, signed_on: datetime.date) -> Consent:
    """A new signed consent; it replaces the one in force (which stays as history)."""
    errors = _consent_errors(participant=participant, agencies=agencies, signed_on=signed_on)
    if errors:
        raise RuleError(errors=errors)
    consent = _consent_create(
        actor=actor, participant=participant, agencies=agencies, signed_on=signed_on
    )
    participant_change_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CREATE,
        what="medgivande: " + ", ".join(consent.agencies),
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    actor,
    consent: Consent,
    withdrawn_on: datetime.date,
    note: str = "",
    expected_version: int,
) -> Consent:
    """The participant withdraws the consent; it may be done at any time after signing."""
    locked = locked_get(
        Consent.objects.select_related("participant"),
        pk=consent.pk,
        expected_version=expected_version,
    )
    if locked.withdrawn_on is not None:
        raise RuleError(
            _("Medgivandet är redan återkallat (%(date)s).")
            % {"date": locked.withdrawn_on.isoformat()}
        )
    errors: dict[str, str] = {}
    if withdrawn_on < locked.signed_on:
        errors["withdrawn_on"] = _(
            "Återkallelsen kan inte vara daterad före undertecknandet (%(date)s)."
        ) % {"date": locked.signed_on.isoformat()}
    else:
        _not_in_future(
            errors, "withdrawn_on", withdrawn_on, _("Återkallelsen kan inte ligga i framtiden.")
        )
    if errors:
        raise RuleError(errors=errors)
    model_update(
        locked,
        data={
            "withdrawn_on": withdrawn_on,
            "withdrawal_note": note.strip(),
            "withdrawn_recorded_by": actor,
        },
    )
    participant_change_record(
        actor=actor,
        participant=locked.participant,
        what=f"medgivande återkallat {withdrawn_on.isoformat()}",
    )
    return locked


@transaction.atomic
def document_share(
    *,
    actor,
    participant,
    document_kind: str,
    document_id: int,
    agency: str,
    shared_on: datetime.date,
    note: str = "",
) -> DocumentShare:
    """Record that a document was given to an agency. Refused unless the participant's
    consent in force covers that agency."""
    participant_lock(participant)
    errors: dict[str, str] = {}
    if document_kind not in DocumentKind.values:
        errors["document_kind"] = _("Okänd dokumenttyp.")
    if not isinstance(document_id, int) or document_id < 1:
        errors["document_id"] = _("Ange vilket dokument som delas.")
    if agency not in Agency.values:
        errors["agency"] = _("Okänd mottagare.")
    _not_in_future(errors, "shared_on", shared_on, _("Delningen kan inte ligga i framtiden."))
    state = consent_current(participant=participant)
    if "agency" not in errors:
        label = Agency(agency).label
        if state.withdrawn_on is not None:  # state.is_withdrawn
            errors["agency"] = _(
                "Dokumentet kan inte delas: deltagaren återkallade sitt medgivande om "
                "informationsutbyte %(date)s."
            ) % {"date": state.withdrawn_on.isoformat()}
        elif not state.is_active:
            errors["agency"] = _(
                "Dokumentet kan inte delas: deltagaren har inte lämnat medgivande om "
                "informationsutbyte."
            )
        elif agency not in state:
            errors["agency"] = _(
                "Dokumentet kan inte delas med %(agency)s: deltagarens medgivande om "
                "informationsutbyte omfattar inte den parten."
            ) % {"agency": label}
        elif "shared_on" not in errors and state.signed_on and shared_on < state.signed_on:
            errors["shared_on"] = _(
                "Delningen kan inte ligga före medgivandet undertecknades (%(date)s)."
            ) % {"date": state.signed_on.isoformat()}
    if errors:
        raise RuleError(errors=errors)
    assert state.consent is not None  # an active consent, checked above
    share = DocumentShare.objects.create(
        participant=participant,
        document_kind=document_kind,
        document_id=document_id,
        agency=agency,
        shared_on=shared_on,
        shared_by=actor,
        consent=state.consent,
        note=note.strip(),
    )
    access_event_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.EXPORT,
        what=f"delat {document_kind} {document_id} med {agency}",
    )
    return share
