"""The hash chain, the verifier, the models' guard and the retention prune (both databases)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit import chain
from audit.models import (
    AccessEvent,
    AccessEventParticipant,
    AccessLogAnchor,
    AppendOnlyError,
    SecurityEvent,
)
from audit.selectors import access_event_list_for_participant
from audit.services import (
    access_event_record,
    access_event_record_list,
    access_log_prune,
    security_event_record,
)
from audit.verify import log_chains_verify
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db


def _verify(*args):
    out = StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def _broken(*args):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def _raw(sql, params):
    """Tamper with the log as someone who gets past the model (raw SQL).

    On PostgreSQL that takes a superuser who switches the triggers off, as here.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def _log(coach, participant, n):
    return [
        access_event_record(actor=coach, participant=participant, action="view", what=f"sida {i}")
        for i in range(n)
    ]


def test_rows_are_chained_per_organisation(coach, participant):
    other_coach = make_user(Role.COACH, UnitFactory())
    other = make_participant(coach=other_coach)
    mine = AccessEvent.objects.filter(organisation_id=coach.organisation_id).order_by("id")
    theirs = AccessEvent.objects.filter(organisation_id=other_coach.organisation_id)
    assert mine.first().prev_hash == chain.GENESIS
    assert theirs.get().prev_hash == chain.GENESIS
    _log(coach, participant, 2)
    _log(other_coach, other, 1)
    rows = list(mine)
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert all(len(r.hash) == 64 for r in rows)
    assert theirs.order_by("id").last().prev_hash == theirs.order_by("id").first().hash


def test_verifier_reports_ok_with_the_row_and_chain_counts(coach, participant):
    _log(coach, participant, 3)
    security_event_record(kind=SecurityEvent.Kind.LOGIN, user=coach)
    security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, username="nobody")
    rows = AccessEvent.objects.count() + SecurityEvent.objects.count()
    # One access chain and two security chains (the organisation's and the one without).
    assert _verify().strip() == f"OK: {rows} rows in 3 chains"


def test_a_row_altered_with_raw_sql_is_caught_at_that_row(coach, participant):
    events = _log(coach, participant, 5)
    altered = events[2]
    _raw("UPDATE audit_accessevent SET what = %s WHERE id = %s", ["ingenting", altered.pk])
    out = _broken()
    assert f"first broken link at row id {altered.pk} " in out
    assert "altered" in out
    result = log_chains_verify(organisation_id=coach.organisation_id)
    assert [link.row_id for link in result.broken] == [altered.pk]


def test_the_integration_named_on_a_row_is_in_its_hash(coach, participant):
    from audit.middleware import _integration, integration_set

    token = _integration.set("")
    try:
        integration_set("Procapita (#7)")
        named = access_event_record(actor=coach, participant=participant, action="view", what="x")
    finally:
        _integration.reset(token)
    unnamed = _log(coach, participant, 1)[0]
    assert (named.integration, unnamed.integration) == ("Procapita (#7)", "")
    assert log_chains_verify().ok
    _raw("UPDATE audit_accessevent SET integration = %s WHERE id = %s", ["", named.pk])
    assert [link.row_id for link in log_chains_verify().broken] == [named.pk]


def test_a_changed_time_or_actor_is_caught(coach, participant):
    events = _log(coach, participant, 3)
    _raw(
        "UPDATE audit_accessevent SET at = %s WHERE id = %s",
        [timezone.now() - datetime.timedelta(days=400), events[1].pk],
    )
    assert f"row id {events[1].pk} " in _broken()


def test_a_row_deleted_in_the_middle_is_caught_at_the_next_row(coach, participant):
    events = _log(coach, participant, 5)
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [events[2].pk])
    out = _broken("--organisation", str(coach.organisation_id))
    assert f"first broken link at row id {events[3].pk} " in out
    assert "removed" in out


def test_the_first_rows_deleted_without_an_anchor_are_caught(coach, participant):
    _log(coach, participant, 2)
    first = AccessEvent.objects.order_by("id").first()
    second = AccessEvent.objects.order_by("id")[1]
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [first.pk])
    assert f"row id {second.pk} " in _broken()


def test_a_listed_participant_removed_from_a_list_view_is_caught(coach, participant):
    other = make_participant(coach=coach)
    event = access_event_record_list(
        actor=coach,
        organisation_id=coach.organisation_id,
        participants=[participant, other],
        what="lista",
    )
    _raw(
        "DELETE FROM audit_accesseventparticipant WHERE event_id = %s AND participant_id = %s",
        [event.pk, other.pk],
    )
    assert f"row id {event.pk} " in _broken()


def test_an_altered_security_event_is_caught(coach):
    events = [
        security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, username=f"x{i}")
        for i in range(3)
    ]
    _raw("UPDATE audit_securityevent SET username = %s WHERE id = %s", ["y", events[1].pk])
    out = _broken()
    assert f"security log, organisation None: first broken link at row id {events[1].pk} " in out


def test_the_other_organisations_chain_is_not_reported(coach, participant):
    other_coach = make_user(Role.COACH, UnitFactory())
    make_participant(coach=other_coach)
    events = _log(coach, participant, 2)
    _raw("UPDATE audit_accessevent SET what = %s WHERE id = %s", ["x", events[0].pk])
    assert _verify("--organisation", str(other_coach.organisation_id)).startswith("OK: ")


def test_the_model_and_every_manager_refuse_changes(participant, coach):
    event = _log(coach, participant, 1)[0]
    for manager in (AccessEvent.objects, AccessEvent._base_manager, AccessEvent._default_manager):
        with pytest.raises(AppendOnlyError):
            manager.filter(pk=event.pk).update(what="x")
        with pytest.raises(AppendOnlyError):
            manager.filter(pk=event.pk).delete()
    for model in (SecurityEvent, AccessEventParticipant, AccessLogAnchor):
        with pytest.raises(AppendOnlyError):
            model._base_manager.all().update(id=1)
        with pytest.raises(AppendOnlyError):
            model._base_manager.all().delete()
    event.what = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.bulk_update([event], ["what"])
    assert AccessEvent.objects.get(pk=event.pk).what == "sida 0"


def test_rows_cannot_be_inserted_around_the_chain(coach, participant):
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.create(
            actor=coach, organisation_id=coach.organisation_id, action="view", what="x"
        )
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.bulk_create(
            [AccessEvent(actor=coach, organisation_id=coach.organisation_id, action="view")]
        )


def test_list_view_is_one_row_listing_everyone_and_shows_in_each_log(
    coach, participant, other_organisation_participant
):
    others = [make_participant(coach=coach) for _ in range(3)]
    event = access_event_record_list(
        actor=coach,
        organisation_id=coach.organisation_id,
        participants=[participant, *others, participant],
        what="mina deltagare",
    )
    assert event.action == AccessEvent.Action.VIEW_LIST
    assert event.participant_id is None
    assert sorted(event.listed.values_list("participant_id", flat=True)) == sorted(
        p.pk for p in [participant, *others]
    )
    assert event in list(access_event_list_for_participant(participant=others[0]))
    stranger = other_organisation_participant
    assert event not in list(access_event_list_for_participant(participant=stranger))
    assert _verify().startswith("OK: ")


def test_an_empty_list_writes_nothing(coach):
    before = AccessEvent.objects.count()
    assert (
        access_event_record_list(
            actor=coach, organisation_id=coach.organisation_id, participants=[], what="tom"
        )
        is None
    )
    assert AccessEvent.objects.count() == before


def test_list_view_queries_do_not_grow_with_participants(
    coach, participant, django_assert_num_queries
):
    few = [participant]
    many = [make_participant(coach=coach) for _ in range(30)]
    org = coach.organisation_id
    with django_assert_num_queries(3 if connection.vendor == "sqlite" else 4):
        access_event_record_list(actor=coach, organisation_id=org, participants=few, what="a")
    with django_assert_num_queries(3 if connection.vendor == "sqlite" else 4):
        access_event_record_list(actor=coach, organisation_id=org, participants=many, what="b")


class TestPrune:
    def _age(self, events, days):
        # Only for the test: make rows old. The prune must cope with them.
        import pgtrigger

        with pgtrigger.ignore("audit.AccessEvent:accessevent_append_only"):
            for event in events:
                _raw(
                    "UPDATE audit_accessevent SET at = %s WHERE id = %s",
                    [timezone.now() - datetime.timedelta(days=days), event.pk],
                )

    def _rechain(self, organisation_id):
        # The aged rows' hashes no longer match; rewrite the chain as if logged back then.
        import pgtrigger

        prev = chain.GENESIS
        with pgtrigger.ignore("audit.AccessEvent:accessevent_append_only"):
            for row in AccessEvent.objects.filter(organisation_id=organisation_id).order_by("id"):
                listed = row.listed.values_list("participant_id", flat=True)
                row.prev_hash = prev
                prev = chain.event_digest(chain.ACCESS, row, listed)
                _raw(
                    "UPDATE audit_accessevent SET prev_hash = %s, hash = %s WHERE id = %s",
                    [row.prev_hash, prev, row.pk],
                )

    def test_removes_only_old_rows_of_that_organisation_and_keeps_the_chain(
        self, coach, participant
    ):
        org = coach.organisation_id
        other_coach = make_user(Role.COACH, UnitFactory())
        other = make_participant(coach=other_coach)
        old = list(AccessEvent.objects.filter(organisation_id=org)) + _log(coach, participant, 3)
        listing = access_event_record_list(
            actor=coach, organisation_id=org, participants=[participant], what="lista"
        )
        old.append(listing)
        recent = _log(coach, participant, 2)
        their_old = _log(other_coach, other, 2)
        self._age(old + their_old, days=6 * 365)
        self._rechain(org)
        self._rechain(other_coach.organisation_id)
        assert _verify().startswith("OK: ")
        listing_hash = AccessEvent.objects.get(pk=listing.pk).hash

        cutoff = timezone.now() - datetime.timedelta(days=5 * 365)
        removed = access_log_prune(organisation_id=org, before=cutoff)

        assert removed == len(old)
        assert set(AccessEvent.objects.filter(organisation_id=org)) == set(recent)
        assert not AccessEventParticipant.objects.filter(event_id=listing.pk).exists()
        assert AccessEvent.objects.filter(pk__in=[e.pk for e in their_old]).count() == 2
        anchor = AccessLogAnchor.objects.get(organisation_id=org)
        assert anchor.removed_count == len(old)
        assert anchor.last_removed_id == listing.pk
        assert anchor.hash == listing_hash
        assert _verify().startswith("OK: ")
        # The chain goes on from the remaining rows.
        _log(coach, participant, 1)
        assert _verify().startswith("OK: ")
        assert access_log_prune(organisation_id=org, before=cutoff) == 0

    def test_pruning_everything_keeps_new_rows_chained_to_the_anchor(self, coach, participant):
        org = coach.organisation_id
        _log(coach, participant, 2)
        events = list(AccessEvent.objects.filter(organisation_id=org).order_by("id"))
        removed = access_log_prune(
            organisation_id=org, before=timezone.now() + datetime.timedelta(seconds=1)
        )
        assert removed == len(events)
        assert not AccessEvent.objects.filter(organisation_id=org).exists()
        new = _log(coach, participant, 1)[0]
        assert new.prev_hash == events[-1].hash
        assert _verify().startswith("OK: ")

    def test_a_row_older_than_the_cutoff_after_a_newer_one_is_kept(self, coach, participant):
        # Only a prefix of the chain is removed, so the rest still verifies.
        org = coach.organisation_id
        events = list(AccessEvent.objects.filter(organisation_id=org)) + _log(coach, participant, 3)
        self._age(events[:1], days=3000)
        self._age(events[2:], days=3000)
        self._rechain(org)
        cutoff = timezone.now() - datetime.timedelta(days=5 * 365)
        assert access_log_prune(organisation_id=org, before=cutoff) == 1
        assert AccessEvent.objects.filter(organisation_id=org).count() == len(events) - 1
        assert _verify().startswith("OK: ")
