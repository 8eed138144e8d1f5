"""Reads of the figures, the exports and the log review on a PostgreSQL streaming replica
(issue 16 §5, docs/scaling.md); everything else on the primary.

With DATABASE_REPLICA_URL set, settings add a `replica` database and `ReplicaRouter`.
Only the reads made inside `replica_reads()` may go to the replica: the figures' and
the log review's pages (GET and HEAD, chosen by `ReplicaReadsMiddleware` from the URL's
namespace) and the background worker's export writers (downloads.services). Everything
else, and every read inside a transaction on the primary (the access log's chain, a
service's locked rows), stays on the primary, as does every write.

The replica is used only when all of these hold, else the reads fall back to the primary:
- it answers and is still a replica (in recovery: a promoted one is left alone);
- its lag is at most REPLICA_MAX_LAG_SECONDS: none when it has replayed the primary's
  current WAL position, else the time since the last transaction it replayed;
- it has replayed the user's own last write: after every POST (PUT, PATCH, DELETE) the
  middleware keeps the primary's WAL position in the session, so a coach always reads
  what they just wrote; the worker asks for the position at the start of the export.
The check is cached for REPLICA_CHECK_SECONDS in each process.
"""

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

PRIMARY = "default"
REPLICA = "replica"
SESSION_KEY = "_replica_after_lsn"
# Apps whose rows the figures, the exports and the log review read. The machinery of a
# request (sessions, the database cache, tasks, sign-in and lockout state) is never read
# from the replica, even inside replica_reads().
REPLICA_APPS = frozenset(
    {
        "accounts",
        "activities",
        "assessments",
        "audit",
        "employment",
        "figures",
        "groupactivities",
        "instruments",
        "journey",
        "logreview",
        "participants",
        "plans",
        "worktraining",
    }
)
# The URL namespaces whose GET and HEAD requests read from the replica.
REPLICA_NAMESPACES = frozenset({"figures", "logreview"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

logger = logging.getLogger(__name__)

_alias: ContextVar[str | None] = ContextVar("replica_reads_alias", default=None)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def lsn_value(lsn: str | None) -> int | None:
    """A WAL position as PostgreSQL writes it ("16/B374D848") as a number."""
    if not lsn:
        return None
    high, _, low = lsn.partition("/")
    return (int(high, 16) << 32) | int(low, 16)


@dataclass(frozen=True)
class ReplicaState:
    usable: bool
    replay_lsn: int | None = None
    lag_seconds: float = math.inf
    reason: str = ""
    checked_at: float = 0.0


_state: ReplicaState | None = None


def primary_lsn() -> str | None:
    """The primary's current WAL position (None without PostgreSQL): where its next
    record will go, so past every transaction committed so far. Not pg_current_wal_lsn(),
    the position written out: with synchronous_commit off a commit returns before its
    record is written, and a replica that has replayed up to that position may not have
    the transaction yet."""
    connection = connections[PRIMARY]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def _check() -> ReplicaState:
    now = time.monotonic()
    try:
        current = lsn_value(primary_lsn())
        replica = connections[REPLICA]
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
                "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
            )
            in_recovery, replay, replay_age = cursor.fetchone()
    except DatabaseError as error:
        # Down or unreachable: the next check connects anew.
        connections[REPLICA].close()
        logger.warning("replica not usable: %s", error.__class__.__name__)
        return ReplicaState(False, reason="unreachable", checked_at=now)
    if not in_recovery:
        return ReplicaState(False, reason="not a replica", checked_at=now)
    replayed = lsn_value(replay)
    if replayed is not None and current is not None and replayed >= current:
        lag = 0.0
    else:
        lag = float(replay_age) if replay_age is not None else math.inf
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return ReplicaState(False, replayed, lag, reason="lag", checked_at=now)
    return ReplicaState(True, replayed, lag, checked_at=now)


def replica_state(*, fresh: bool = False) -> ReplicaState:
    """The replica's state, checked at most every REPLICA_CHECK_SECONDS (or now)."""
    global _state
    state = _state
    if (
        fresh
        or state is None
        or time.monotonic() - state.checked_at >= settings.REPLICA_CHECK_SECONDS
    ):
        state = _state = _check()
    return state


def choose(*, after_lsn: str | None = None) -> str:
    """The database for a block of reads that must see everything up to `after_lsn`."""
    if not configured():
        return PRIMARY
    state = replica_state()
    needed = lsn_value(after_lsn)
    if state.usable and needed is not None and (state.replay_lsn or 0) < needed:
        state = replica_state(fresh=True)  # it may have caught up since the last check
    if not state.usable:
        return PRIMARY
    if needed is not None and (state.replay_lsn or 0) < needed:
        return PRIMARY
    return REPLICA


@contextmanager
def replica_reads(*, after_lsn: str | None = None) -> Iterator[str]:
    """Reads in this block go to the replica when it may serve them (see the module)."""
    token = _alias.set(choose(after_lsn=after_lsn))
    try:
        yield _alias.get() or PRIMARY
    finally:
        _alias.reset(token)


def read_alias() -> str:
    """Where a read made now goes: the replica inside replica_reads() when chosen, never
    inside a transaction on the primary."""
    alias = _alias.get()
    if alias is None or alias == PRIMARY or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return alias


class ReplicaRouter:
    """Writes and migrations on the primary; reads of REPLICA_APPS by read_alias()."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in REPLICA_APPS:
            return read_alias()
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """The figures' and the log review's GET requests read from the replica; after any
    other request the session keeps the primary's WAL position, which the replica must
    have replayed before it serves this session's reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        token = _alias.set(None)
        try:
            response = self.get_response(request)
        finally:
            _alias.reset(token)
        session = getattr(request, "session", None)
        if request.method not in SAFE_METHODS and session is not None:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                try:
                    session[SESSION_KEY] = primary_lsn()
                except DatabaseError:
                    logger.exception("could not read the primary's WAL position")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not configured() or request.method not in SAFE_METHODS:
            return None
        match = request.resolver_match
        if match is None or match.namespace not in REPLICA_NAMESPACES:
            return None
        session = getattr(request, "session", None)
        after = session.get(SESSION_KEY) if session is not None else None
        alias = choose(after_lsn=after)
        _alias.set(alias)
        request.reads_from = alias
        return None
