"""Writes to the access and security logs. Call inside the transaction of what it records.

Every row goes in through `audit.chain` (the hash chain); nothing else inserts log rows.
"""

from collections.abc import Iterable
from datetime import datetime

import pgtrigger
from django.db import connection, transaction

from . import chain
from .middleware import current_client_ip, current_integration
from .models import AccessEvent, AccessEventParticipant, AccessLogAnchor, SecurityEvent


def access_event_record(*, actor, participant, action: str, what: str) -> AccessEvent:
    return access_events_record(
        actor=actor,
        organisation_id=participant.organisation_id,
        participant_ids=[participant.pk],
        action=action,
        what=what,
    )[0]


def access_events_record(
    *, actor, organisation_id: int, participant_ids: Iterable[int], action: str, what: str
) -> list[AccessEvent]:
    """One event per participant (attendance for a whole group, say), in one insert."""
    ip = current_client_ip()
    return chain.access_events_append(
        AccessEvent(
            actor=actor,
            organisation_id=organisation_id,
            participant_id=participant_id,
            action=action,
            what=what[:200],
            ip_address=ip,
            integration=current_integration(),
        )
        for participant_id in participant_ids
    )


def access_events_record_many(*, actor, events: Iterable[tuple[int, int, str, str]]) -> int:
    """Many events about participants, each (organisation id, participant id, action,
    what), in a fixed number of queries per chain (an import of a unit's history)."""
    return chain.access_events_append_rows(
        actor_id=actor.pk, ip_address=current_client_ip(), rows=events
    )


def access_event_record_for_organisation(*, actor, organisation_id, action: str, what: str):
    """An event about the organisation's data as a whole (an export, say)."""
    return chain.access_events_append(
        [
            AccessEvent(
                actor=actor,
                organisation_id=organisation_id,
                participant=None,
                action=action,
                what=what[:200],
                ip_address=current_client_ip(),
                integration=current_integration(),
            )
        ]
    )[0]


def access_events_record_export(
    *, actor, organisation_ids: Iterable[int], what: str
) -> list[AccessEvent]:
    """An export (figures, a summary, a data set) in each organisation's log whose data
    it holds, with what was exported and the filters used, in one insert per chain."""
    ip = current_client_ip()
    return chain.access_events_append(
        AccessEvent(
            actor=actor,
            organisation_id=organisation_id,
            participant=None,
            action=AccessEvent.Action.EXPORT,
            what=what[:200],
            ip_address=ip,
            integration=current_integration(),
        )
        for organisation_id in sorted(set(organisation_ids))
    )


def access_event_record_list(
    *, actor, organisation_id: int, participants: Iterable, what: str
) -> AccessEvent | None:
    """One VIEW_LIST event for a page that shows participants' names, listing them all.

    `participants` may be participants or their ids. Nothing is written for an empty
    list. A fixed number of queries whatever the number of participants.
    """
    ids = sorted({getattr(p, "pk", p) for p in participants})
    if not ids:
        return None
    return chain.access_events_append(
        [
            AccessEvent(
                actor=actor,
                organisation_id=organisation_id,
                participant=None,
                action=AccessEvent.Action.VIEW_LIST,
                what=what[:200],
                ip_address=current_client_ip(),
                integration=current_integration(),
            )
        ],
        listed=[ids],
    )[0]


def access_log_prune(*, organisation_id: int, before: datetime) -> int:
    """Remove the organisation's access-log rows older than `before` (retention, HSLF-FS).

    The only removal from the log. Removes a prefix of the organisation's chain (rows
    up to the first one not older than `before`) and records the last removed row's
    hash as the chain's new anchor, so `verify_access_log` still verifies the rest.
    Returns the number of access events removed. Needs a database role with DELETE on
    the log tables (the migration role), not the application role.
    """
    with transaction.atomic(savepoint=False):
        chain.chain_lock(chain.ACCESS, organisation_id)
        events = AccessEvent.objects.filter(organisation_id=organisation_id)
        first_kept = (
            events.filter(at__gte=before).order_by("id").values_list("id", flat=True).first()
        )
        doomed = events.filter(id__lt=first_kept) if first_kept is not None else events
        last = doomed.order_by("-id").values("id", "hash").first()
        if last is None:
            return 0
        count = doomed.count()
        AccessLogAnchor(
            log=AccessLogAnchor.Log.ACCESS,
            organisation_id=organisation_id,
            before=before,
            last_removed_id=last["id"],
            removed_count=count,
            hash=last["hash"],
        ).save(force_insert=True)
        with (
            pgtrigger.ignore(
                "audit.AccessEvent:accessevent_append_only",
                "audit.AccessEventParticipant:accesseventparticipant_append_only",
            ),
            connection.cursor() as cursor,
        ):
            # Raw SQL: the models refuse deletes, on purpose, for every other caller.
            cursor.execute(
                f"DELETE FROM {AccessEventParticipant._meta.db_table} WHERE event_id IN "  # noqa: S608
                f"(SELECT id FROM {AccessEvent._meta.db_table} "
                "WHERE organisation_id = %s AND id <= %s)",
                [organisation_id, last["id"]],
            )
            cursor.execute(
                f"DELETE FROM {AccessEvent._meta.db_table} "  # noqa: S608
                "WHERE organisation_id = %s AND id <= %s",
                [organisation_id, last["id"]],
            )
            removed = cursor.rowcount
        assert removed == count, (removed, count)
        return removed


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
    return chain.security_event_append(
        SecurityEvent(
            kind=kind,
            user=user,
            actor=actor,
            organisation_id=organisation_id,
            username=(username or (user.get_username() if user is not None else ""))[:150],
            detail=detail[:200],
            ip_address=current_client_ip(),
        )
    )
