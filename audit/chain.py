"""The hash chain of the access and security logs, and the one door rows go in by.

Each row's `hash` is SHA-256 over a canonical JSON serialisation of its content fields
(and, for an access event, the sorted ids of the participants it listed) together with
`prev_hash`, the hash of the row before it in the same chain. A chain is one
organisation's rows of one log, in id order; security events without an organisation
form one more chain. The first row of a chain has GENESIS as prev_hash, or, after the
retention prune, the hash of the last removed row (kept in AccessLogAnchor).

Writers of one chain are serialised so the chain cannot fork: on PostgreSQL by a
transaction-scoped advisory lock per chain (no mutable "head" row: every table of the
audit app stays append-only); SQLite serialises writing transactions itself.
"""

import hashlib
import ipaddress
import json
from collections import defaultdict
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

GENESIS = "0" * 64
FORMAT_VERSION = 1

ACCESS = "access"
SECURITY = "security"
# First key of pg_advisory_xact_lock(int, int): one lock space per log.
_LOCK_CLASS = {ACCESS: 0x53_74_41, SECURITY: 0x53_74_53}


def _at(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ip(value) -> str | None:
    # PostgreSQL's inet and Python may spell one address differently; hash the address.
    if not value:
        return None
    return ipaddress.ip_address(value).compressed


def _digest(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def access_event_digest(
    *,
    prev_hash: str,
    at,
    actor_id,
    organisation_id,
    participant_id,
    action: str,
    what: str,
    ip_address,
    listed_ids=(),
    integration: str = "",
) -> str:
    payload = {
        "log": ACCESS,
        "v": FORMAT_VERSION,
        "prev": prev_hash,
        "at": _at(at),
        "actor": actor_id,
        "organisation": organisation_id,
        "participant": participant_id,
        "action": action,
        "what": what,
        "ip": _ip(ip_address),
        "listed": sorted(listed_ids),
    }
    # Only rows made through the API name an integration; the key is left out otherwise,
    # so the rows written before the field existed keep their hashes.
    if integration:
        payload["integration"] = integration
    return _digest(payload)


def security_event_digest(
    *,
    prev_hash: str,
    at,
    kind: str,
    user_id,
    actor_id,
    organisation_id,
    username: str,
    detail: str,
    ip_address,
) -> str:
    return _digest(
        {
            "log": SECURITY,
            "v": FORMAT_VERSION,
            "prev": prev_hash,
            "at": _at(at),
            "kind": kind,
            "user": user_id,
            "actor": actor_id,
            "organisation": organisation_id,
            "username": username,
            "detail": detail,
            "ip": _ip(ip_address),
        }
    )


def event_digest(log: str, event, listed_ids=()) -> str:
    """The hash a stored row should have, given its prev_hash (used by the verifier)."""
    if log == ACCESS:
        return access_event_digest(
            prev_hash=event.prev_hash,
            at=event.at,
            actor_id=event.actor_id,
            organisation_id=event.organisation_id,
            participant_id=event.participant_id,
            action=event.action,
            what=event.what,
            ip_address=event.ip_address,
            listed_ids=listed_ids,
            integration=event.integration,
        )
    return security_event_digest(
        prev_hash=event.prev_hash,
        at=event.at,
        kind=event.kind,
        user_id=event.user_id,
        actor_id=event.actor_id,
        organisation_id=event.organisation_id,
        username=event.username,
        detail=event.detail,
        ip_address=event.ip_address,
    )


def chain_lock(log: str, organisation_id: int | None) -> None:
    """Hold the chain until the transaction ends (PostgreSQL; SQLite serialises writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [_LOCK_CLASS[log], (organisation_id or 0) % 2_147_483_647],
            )


def chain_head(log: str, organisation_id: int | None) -> str:
    """The hash the next row of the chain links to."""
    from .models import AccessEvent, AccessLogAnchor, SecurityEvent

    model = AccessEvent if log == ACCESS else SecurityEvent
    last = (
        model.objects.filter(organisation_id=organisation_id)
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    )
    if last:
        return last
    anchor = (
        # The anchor's organisation is nullable (the security log's chain without one);
        # django-stubs types an `_id` lookup as never None.
        AccessLogAnchor.objects.filter(log=log, organisation_id=organisation_id)  # type: ignore[misc]
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    )
    return anchor or GENESIS


def access_events_append(events, listed=None) -> list:
    """Insert access events (unsaved AccessEvent objects) at the end of their chains.

    `listed`, when given, holds for each event the participant ids it listed (VIEW_LIST).
    A fixed number of queries per organisation whatever the number of events and
    listed participants. Call it inside the transaction of what it records.
    """
    from .models import AccessEvent, AccessEventParticipant

    events = list(events)
    if not events:
        return []
    listed = [sorted(set(ids)) for ids in listed] if listed is not None else [[]] * len(events)
    by_organisation = defaultdict(list)
    for event, ids in zip(events, listed, strict=True):
        by_organisation[event.organisation_id].append((event, ids))
    with transaction.atomic(savepoint=False):
        for organisation_id in sorted(by_organisation):
            chain_lock(ACCESS, organisation_id)
            prev = chain_head(ACCESS, organisation_id)
            now = timezone.now()
            for event, ids in by_organisation[organisation_id]:
                event.at = now
                event.prev_hash = prev
                event.hash = prev = access_event_digest(
                    prev_hash=prev,
                    at=now,
                    actor_id=event.actor_id,
                    organisation_id=organisation_id,
                    participant_id=event.participant_id,
                    action=event.action,
                    what=event.what,
                    ip_address=event.ip_address,
                    listed_ids=ids,
                    integration=event.integration,
                )
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AccessEvent.objects.bulk_create(events)
        rows = [
            AccessEventParticipant(event=event, participant_id=pid)
            for event, ids in zip(events, listed, strict=True)
            for pid in ids
        ]
        if rows:
            AccessEventParticipant.objects.bulk_create(rows)
    return events


def access_events_append_rows(*, actor_id, ip_address, rows) -> int:
    """Insert many access events given as (organisation id, participant id, action,
    what) at the end of their chains, hashed as ``access_events_append`` hashes them,
    without a model instance per row (an import of a unit's history; never an API
    integration, so its column is empty)."""
    from .models import AccessEvent

    meta = AccessEvent._meta
    quote = connection.ops.quote_name
    columns = {field.attname: str(field.column) for field in meta.concrete_fields}
    fields = [
        "at", "actor_id", "organisation_id", "participant_id", "action", "what",
        "ip_address", "prev_hash", "hash", "integration",
    ]  # fmt: skip
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - names from the model
        f"({', '.join(quote(columns[f]) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    by_organisation = defaultdict(list)
    for row in rows:
        by_organisation[row[0]].append(row)
    count = 0
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for organisation_id in sorted(by_organisation):
            chain_lock(ACCESS, organisation_id)
            prev = chain_head(ACCESS, organisation_id)
            now = timezone.now()
            at = meta.get_field("at").get_db_prep_save(now, connection)
            ip = meta.get_field("ip_address").get_db_prep_save(ip_address, connection)
            hashed = []
            for _organisation, participant_id, action, what in by_organisation[organisation_id]:
                what = what[:200]
                digest = access_event_digest(
                    prev_hash=prev,
                    at=now,
                    actor_id=actor_id,
                    organisation_id=organisation_id,
                    participant_id=participant_id,
                    action=action,
                    what=what,
                    ip_address=ip_address,
                    listed_ids=[],
                )
                hashed.append(
                    (at, actor_id, organisation_id, participant_id, action, what, ip, prev,
                     digest, "")
                )  # fmt: skip
                prev = digest
            # In the order hashed: the ids follow the chain (one writer per chain, held
            # by chain_lock on PostgreSQL and by SQLite's single writer).
            for start in range(0, len(hashed), 5000):
                cursor.executemany(sql, hashed[start : start + 5000])
            count += len(hashed)
    return count


def security_event_append(event):
    """Insert one security event (unsaved SecurityEvent) at the end of its chain."""
    with transaction.atomic(savepoint=False):
        chain_lock(SECURITY, event.organisation_id)
        event.prev_hash = chain_head(SECURITY, event.organisation_id)
        event.at = timezone.now()
        event.hash = security_event_digest(
            prev_hash=event.prev_hash,
            at=event.at,
            kind=event.kind,
            user_id=event.user_id,
            actor_id=event.actor_id,
            organisation_id=event.organisation_id,
            username=event.username,
            detail=event.detail,
            ip_address=event.ip_address,
        )
        event.save(force_insert=True)
    return event


def chain_heads() -> list[dict]:
    """The last hash of every chain that has rows, for a backup's manifest: one query per
    log whatever the number of organisations (PostgreSQL's DISTINCT ON)."""
    from .models import AccessEvent, SecurityEvent

    heads = []
    for log, model in ((ACCESS, AccessEvent), (SECURITY, SecurityEvent)):
        rows = (
            model.objects.order_by("organisation_id", "-id")
            .distinct("organisation_id")
            .values_list("organisation_id", "id", "hash")
        )
        heads += [
            {"log": log, "organisation_id": organisation_id, "last_id": row_id, "hash": digest}
            for organisation_id, row_id, digest in rows
        ]
    return sorted(heads, key=lambda head: (head["log"], head["organisation_id"] or 0))
