"""Writes to the access log. Call inside the transaction of the change it records."""

from .middleware import current_client_ip
from .models import AccessEvent, SecurityEvent


def access_event_record(*, actor, participant, action: str, what: str) -> AccessEvent:
    return AccessEvent.objects.create(
        actor=actor,
        organisation_id=participant.organisation_id,
        participant=participant,
        action=action,
        what=what[:200],
        ip_address=current_client_ip(),
    )


def access_event_record_for_organisation(*, actor, organisation_id, action: str, what: str):
    """An event about the organisation's data as a whole (an export, say)."""
    return AccessEvent.objects.create(
        actor=actor,
        organisation_id=organisation_id,
        participant=None,
        action=action,
        what=what[:200],
        ip_address=current_client_ip(),
    )


def security_event_record(
    *,
    kind: str,
    user=None,
    actor=None,
    organisation_id: int | None = None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    """A sign-in, failure, lock or account change, for the security log."""
    if organisation_id is None and user is not None:
        organisation_id = user.organisation_id
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        organisation_id=organisation_id,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        detail=detail[:200],
        ip_address=current_client_ip(),
    )
