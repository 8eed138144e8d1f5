"""core/replica.py without a replica (the production test, deploy/tests, runs it with a
real one): what the router decides, and that nothing changes when none is configured."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections

from core import replica
from figures.models import AssessmentStep
from participants.models import Participant


def test_a_wal_position_reads_as_a_number():
    assert replica.lsn_value("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert replica.lsn_value("0/1") < replica.lsn_value("0/10") < replica.lsn_value("1/0")
    assert replica.lsn_value(None) is None


def test_without_a_replica_every_read_is_on_the_primary():
    assert not replica.configured()
    with replica.replica_reads(after_lsn="0/1") as alias:
        assert alias == "default"
        assert replica.read_alias() == "default"


def test_the_router_sends_only_the_reads_chosen_for_the_replica_there():
    """No database needed: the router decides from the chosen alias and whether the
    primary's connection is in a transaction (a flag here; the production test reads on a
    real replica). A transactional test would flush the append-only tables, which
    PostgreSQL's triggers refuse."""
    router = replica.ReplicaRouter()
    assert router.db_for_read(Participant) == "default"  # outside replica_reads()
    token = replica._alias.set("replica")
    try:
        assert router.db_for_read(Participant) == "replica"
        assert router.db_for_read(AssessmentStep) == "replica"
        # The request's machinery is never read there, nor anything inside a transaction
        # on the primary (a service's locked rows, the access log's chain).
        assert router.db_for_read(Session) == "default"
        primary = connections["default"]
        primary.in_atomic_block = True
        try:
            assert router.db_for_read(Participant) == "default"
            assert replica.read_alias() == "default"
        finally:
            primary.in_atomic_block = False
        assert router.db_for_write(Participant) == "default"
    finally:
        replica._alias.reset(token)
    assert router.allow_migrate("replica", "participants") is False
    assert router.allow_migrate("default", "participants") is True


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's WAL positions")
def test_the_position_kept_after_a_write_is_past_its_commit_when_commits_are_asynchronous():
    """A coach reads their own write only if the position kept after it is past the
    commit's record. With synchronous_commit off (a common setting for speed, and the
    test cluster's) the commit returns before the record is written out, so the position
    written out (pg_current_wal_lsn) is still short of it; the replica could have
    replayed up to there without the write."""
    writer = connections.create_connection("default")
    try:
        with writer.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("CREATE TABLE replica_probe (x int)")
            for _ in range(20):
                cursor.execute("INSERT INTO replica_probe VALUES (1)")  # committed: autocommit
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                after_commit = replica.lsn_value(cursor.fetchone()[0])
                assert replica.lsn_value(replica.primary_lsn()) >= after_commit
    finally:
        with writer.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS replica_probe")
        writer.close()
