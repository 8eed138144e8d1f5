"""On PostgreSQL the database itself refuses changes to the logs (triggers and grants)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from audit.grants import append_only_tables, grant_sql
from audit.models import AccessEvent, AccessLogAnchor, SecurityEvent
from audit.services import (
    access_event_record,
    access_event_record_list,
    access_log_prune,
    security_event_record,
)
from participants.models import Participant

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers and roles"),
]

APP = "stegvis_test_app"
LOGS = [
    "audit_accessevent",
    "audit_accesseventparticipant",
    "audit_accessloganchor",
    "audit_securityevent",
]


def _refused(sql, params=(), match="pgtrigger: Cannot"):
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@pytest.fixture
def listed(coach, participant):
    return access_event_record_list(
        actor=coach,
        organisation_id=coach.organisation_id,
        participants=[participant],
        what="lista",
    )


@pytest.fixture
def app_role():
    """The documented application role, created in the test's transaction (rolled back)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP} NOLOGIN")
        owner = connection.settings_dict["USER"] or connection.get_connection_params()["user"]
        cursor.execute(grant_sql(app_role=APP, owner_role=owner))
    yield APP
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_every_log_table_is_append_only():
    assert set(LOGS) <= set(append_only_tables())


def test_the_owner_is_refused_by_the_triggers(coach, participant, listed):
    # A row in every table, for the row-level triggers to fire on.
    AccessLogAnchor(
        organisation_id=coach.organisation_id,
        before=timezone.now(),
        last_removed_id=0,
        removed_count=0,
        hash="0" * 64,
    ).save()
    security_event_record(kind=SecurityEvent.Kind.LOGIN, user=coach)
    with connection.cursor() as cursor:
        # The test's own inserts leave deferred foreign-key checks pending; settle them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in LOGS:
        _refused(f"UPDATE {table} SET id = id")  # noqa: S608
        _refused(f"DELETE FROM {table}")  # noqa: S608
        _refused(f"TRUNCATE {table} CASCADE")
    assert AccessEvent.objects.filter(pk=listed.pk).exists()
    assert listed.listed.count() == 1
    assert AccessLogAnchor.objects.count() == 1


def test_the_base_manager_is_refused_by_the_trigger_too(coach, participant):
    # Past the model's guard (QuerySet.update of the plain Django class), the trigger.
    from django.db.models import QuerySet

    event = AccessEvent.objects.filter(participant=participant).first()
    qs = QuerySet(model=AccessEvent).filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        qs.update(what="x")
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        qs._raw_delete(connection.alias)


def test_the_application_role_can_log_but_not_change_the_log(coach, participant, listed, app_role):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    # It works as the application: reads, writes ordinary tables, appends to the log.
    event = access_event_record(actor=coach, participant=participant, action="view", what="x")
    Participant.objects.filter(pk=participant.pk).update(preferred_language="finska")
    assert AccessEvent.objects.filter(pk=event.pk).exists()
    for table in LOGS:
        _refused(f"UPDATE {table} SET id = id", match="permission denied")  # noqa: S608
        _refused(f"DELETE FROM {table}", match="permission denied")  # noqa: S608
        _refused(f"TRUNCATE {table} CASCADE", match="permission denied")
        # Switching the triggers off does not help the application role.
        _refused(
            f"SELECT set_config('pgtrigger.ignore', '{{}}', true); DELETE FROM {table}",  # noqa: S608
            match="permission denied",
        )
    # Nor may it prune: that runs as the owner role.
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        access_log_prune(organisation_id=coach.organisation_id, before=timezone.now())
    # (pgtrigger's clean-up on the way out may mask it: look along the chain.)
    causes, error = [], refused.value
    while error is not None:
        causes.append(str(error))
        error = error.__context__
    assert any("permission denied" in cause for cause in causes), causes
    # And it owns nothing, so it cannot switch a trigger off or drop a table.
    _refused("ALTER TABLE audit_accessevent DISABLE TRIGGER ALL", match="must be owner")
    _refused("DROP TABLE audit_accessevent CASCADE", match="must be owner")


def test_a_superuser_who_disables_the_triggers_is_caught_by_the_chain(coach, participant):
    events = [
        access_event_record(actor=coach, participant=participant, action="view", what=f"{i}")
        for i in range(3)
    ]
    with connection.cursor() as cursor:
        # The test's own inserts leave deferred foreign-key checks pending; settle them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER ALL")
        cursor.execute("UPDATE audit_accessevent SET actor_id = NULL WHERE id = %s", [events[1].pk])
        cursor.execute("ALTER TABLE audit_accessevent ENABLE TRIGGER ALL")
    with pytest.raises(CommandError):
        call_command("verify_access_log")
    from audit.verify import log_chains_verify

    assert [link.row_id for link in log_chains_verify().broken] == [events[1].pk]
