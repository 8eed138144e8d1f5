"""The data subject's rights: logging a register extract, restricting processing.

Each writes its access event in the same transaction (docs/adr/0016).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent
from audit.services import access_event_record
from core.exceptions import RuleError
from participants.models import Participant

from .selectors import may_decide_on_restricted, may_make_extract, may_restrict

FORMATS = ("pdf", "json")


@transaction.atomic
def register_extract_record(
    *, actor, participant: Participant, file_format: str, include_restricted: bool, reason: str
) -> None:
    """Log a register extract before it is made. Including restricted data is a
    manager's decision with a reason, logged as a view of restricted data."""
    if not may_make_extract(actor=actor, participant=participant):
        raise PermissionDenied
    if file_format not in FORMATS:
        raise RuleError(_("Välj PDF eller JSON."))
    reason = reason.strip()
    what = f"registerutdrag ({file_format.upper()})"
    if include_restricted:
        if not may_decide_on_restricted(actor=actor, participant=participant):
            raise RuleError(
                _("Bara enhetens chef kan besluta att skyddade uppgifter ska med."),
                field="include_restricted",
            )
        if not reason:
            raise RuleError(
                _("Skriv varför de skyddade uppgifterna ska med i utdraget."), field="reason"
            )
        access_event_record(
            actor=actor,
            participant=participant,
            action=AccessEvent.Action.VIEW_RESTRICTED,
            what=f"registerutdrag med skyddade uppgifter: {reason}",
        )
        what = f"{what} med skyddade uppgifter: {reason}"
    access_event_record(
        actor=actor, participant=participant, action=AccessEvent.Action.EXPORT, what=what
    )


def _lock(participant: Participant) -> Participant:
    # Not participants.services.participant_lock: that one refuses restricted records.
    return Participant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def participant_restrict(*, actor, participant: Participant, reason: str) -> Participant:
    """Restrict processing pending a dispute (GDPR art. 18): the record becomes
    read-only until the restriction is lifted."""
    if not may_restrict(actor=actor, participant=participant):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise RuleError(_("Skriv varför uppgifterna spärras."), field="reason")
    locked = _lock(participant)
    if locked.is_restricted:
        raise RuleError(_("Uppgifterna är redan spärrade."))
    locked.restricted_at = timezone.now()
    locked.restriction_reason = reason
    locked.restricted_by = actor
    locked.save(update_fields=["restricted_at", "restriction_reason", "restricted_by"])
    access_event_record(
        actor=actor,
        participant=locked,
        action=AccessEvent.Action.CHANGE,
        what=f"spärr: {reason}",
    )
    return locked


@transaction.atomic
def participant_restriction_lift(*, actor, participant: Participant, note: str = "") -> Participant:
    if not may_restrict(actor=actor, participant=participant):
        raise PermissionDenied
    locked = _lock(participant)
    if not locked.is_restricted:
        raise RuleError(_("Uppgifterna är inte spärrade."))
    since = timezone.localtime(locked.restricted_at).date().isoformat()
    locked.restricted_at = None
    locked.restriction_reason = ""
    locked.restricted_by = None
    locked.save(update_fields=["restricted_at", "restriction_reason", "restricted_by"])
    note = note.strip()
    access_event_record(
        actor=actor,
        participant=locked,
        action=AccessEvent.Action.CHANGE,
        what=f"hävd spärr (spärrad sedan {since})" + (f": {note}" if note else ""),
    )
    return locked
