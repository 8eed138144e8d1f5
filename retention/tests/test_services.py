import datetime
import io

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.models import ParticipantActivity
from activities.tests.factories import make_activity
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from figures.models import ActivitySpan, AssessmentStep, IndicatorChange, IndicatorLevel
from participants.models import Participant
from participants.selectors import participant_get, participant_list, participant_scope
from participants.services import participant_close, participant_touch
from retention import graph, selectors, services
from retention.models import (
    AppendOnlyError,
    ErasureCase,
    ErasureRun,
    RetentionHold,
    RetentionRule,
)
from retention.tests.cases import Office, clock, make_case

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office():
    return Office(UnitFactory())


# The rule -------------------------------------------------------------------------------


def test_rule_defaults_then_update_is_logged_and_versioned(office):
    admin = make_user(Role.ADMINISTRATOR, organisation=office.organisation)
    rule = selectors.retention_rule_get(organisation_id=office.organisation.pk)
    assert (rule.pk, rule.case_years, rule.access_log_years) == (None, 5, 5)

    rule = services.retention_rule_update(
        actor=admin, case_years=7, access_log_years=10, expected_version=1
    )
    assert (rule.case_years, rule.access_log_years, rule.version) == (7, 10, 2)
    event = AccessEvent.objects.filter(organisation=office.organisation).order_by("-pk").first()
    assert event.action == AccessEvent.Action.CHANGE
    assert event.participant is None
    assert event.what == "gallringsregel: akter 7 år, åtkomstlogg 10 år"

    with pytest.raises(ConflictError):
        services.retention_rule_update(
            actor=admin, case_years=6, access_log_years=6, expected_version=1
        )
    with pytest.raises(RuleError) as error:
        services.retention_rule_update(
            actor=admin, case_years=0, access_log_years=6, expected_version=2
        )
    assert error.value.field == "case_years"
    assert RetentionRule.objects.get().case_years == 7


def test_only_an_administrator_changes_the_rule(office):
    with pytest.raises(RuleError):
        services.retention_rule_update(
            actor=office.manager, case_years=2, access_log_years=2, expected_version=1
        )
    assert not RetentionRule.objects.exists()


def test_the_rule_decides_what_is_due(office):
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    pid = case["participant"].pk
    due = services.gallring_run(
        today=D(2025, 3, 2), organisation_ids=[office.organisation.pk], dry_run=True
    )
    assert due.planned == [pid]  # exactly five years after the last entry
    assert (
        services.gallring_run(
            today=D(2025, 3, 1), organisation_ids=[office.organisation.pk], dry_run=True
        ).planned
        == []
    )
    RetentionRule.objects.filter(organisation=office.organisation).delete()
    RetentionRule.objects.create(organisation=office.organisation, case_years=10)
    assert (
        services.gallring_run(
            today=D(2025, 3, 2), organisation_ids=[office.organisation.pk], dry_run=True
        ).planned
        == []
    )


# The last entry -------------------------------------------------------------------------


def test_last_entry_is_the_latest_date_recorded_anywhere_in_the_case(office):
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=None, full=False)
    participant = case["participant"]
    with clock(D(2020, 2, 3)):
        activity = make_activity(
            coach=office.coach, participant=participant, start_date=D(2020, 2, 3)
        )
    with clock(D(2020, 6, 1)):
        participant_close(
            actor=office.coach, participant=participant, closed_on=D(2020, 6, 1), outcome="moved"
        )
    assert selectors.last_entry_of(participant_id=participant.pk) == D(2020, 6, 1)
    # A date in any table of the case counts, a planned end in the future too.
    ParticipantActivity.objects.filter(pk=activity.pk).update(end_date=D(2022, 8, 9))
    assert selectors.last_entry_of(participant_id=participant.pk) == D(2022, 8, 9)
    # So does when a row was written (an entry made late about an earlier day).
    with clock(D(2023, 4, 5)):
        ParticipantActivity.objects.create(
            participant=participant,
            name="Efterregistrerad",
            kind="social",
            start_date=D(2020, 3, 1),
            end_date=D(2020, 4, 1),
            status="finished",
            created_by=office.coach,
        )
    assert selectors.last_entry_of(participant_id=participant.pk) == D(2023, 4, 5)
    # Reading the case (the access log) is not an entry.
    with clock(D(2024, 1, 1)):
        participant_get(actor=office.coach, participant_id=participant.pk)
    assert selectors.last_entry_of(participant_id=participant.pk) == D(2023, 4, 5)


def test_every_date_column_of_the_case_counts(office):
    """The selector is built from the model graph: each model with a participant path
    and a date column is in the expression (no table forgotten)."""
    counted = {
        graph.label(m)
        for m in graph.participant_paths()
        if graph.date_columns(m)
        and graph.label(m) not in graph.LEFT_ALONE
        and m._meta.app_label != "retention"
    }
    sql = str(
        Participant.objects.annotate(last=selectors.last_entry()).values("last").query
    ).lower()
    for name in counted:
        model = graph.participant_paths()
        table = next(m for m in model if graph.label(m) == name)._meta.db_table
        assert table in sql, name


def test_the_scan_finds_what_the_last_entry_of_each_case_says(office):
    """The scan reads table by table for all cases at once; it must give, case by case,
    the same last entry as `last_entry` and list exactly the cases at or before the
    cut-off."""
    cases = [
        make_case(office, started_on=D(2019, 1, 7), closed_on=D(2019, 9, 2), full=True),
        make_case(office, started_on=D(2019, 5, 6), closed_on=D(2020, 2, 3), full=False),
        make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 4, 6), full=True),
        make_case(office, started_on=D(2021, 1, 4), closed_on=None, full=False),  # open
    ]
    closed = [c["participant"].pk for c in cases[:3]]
    last = {pk: selectors.last_entry_of(participant_id=pk) for pk in closed}
    # Each table gives a different case its latest date: a late activity for one.
    ParticipantActivity.objects.filter(participant_id=closed[0]).update(end_date=D(2022, 8, 9))
    last[closed[0]] = D(2022, 8, 9)
    assert selectors.last_entry_of(participant_id=closed[0]) == D(2022, 8, 9)
    for years, today in [
        (5, D(2030, 1, 1)),
        (5, D(2025, 9, 2)),
        (1, D(2023, 1, 1)),
        (1, D(2019, 1, 1)),
    ]:
        due = selectors.gallring_due(
            organisation_id=office.organisation.pk, today=today, case_years=years
        )
        cutoff = selectors.years_before(today, years)
        assert due == sorted((pk, day) for pk, day in last.items() if day <= cutoff), today


# Holds ----------------------------------------------------------------------------------


def test_hold_place_and_lift(office):
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    participant = case["participant"]
    hold = services.retention_hold_place(
        actor=office.manager,
        participant=participant,
        reason=RetentionHold.Reason.ARCHIVE_DECISION,
        reference="KS 2024/17",
    )
    with pytest.raises(RuleError):
        services.retention_hold_place(
            actor=office.manager,
            participant=participant,
            reason=RetentionHold.Reason.OTHER,
            reference="x",
        )
    assert (
        services.gallring_run(
            today=D(2030, 1, 1), organisation_ids=[office.organisation.pk], dry_run=True
        ).planned
        == []
    )
    with pytest.raises(RuleError):
        services.participant_erase(participant=participant, actor=office.manager, reason="x")

    services.retention_hold_lift(actor=office.manager, hold=hold)
    with pytest.raises(RuleError):
        services.retention_hold_lift(actor=office.manager, hold=hold)
    assert services.gallring_run(
        today=D(2030, 1, 1), organisation_ids=[office.organisation.pk], dry_run=True
    ).planned == [participant.pk]
    whats = list(
        AccessEvent.objects.filter(participant=participant, action=AccessEvent.Action.CHANGE)
        .order_by("pk")
        .values_list("what", flat=True)
    )
    assert whats[-2:] == [
        "undantag från gallring: Arkivbeslut (bevaras)",
        "undantag från gallring upphävt",
    ]


def test_a_hold_reference_may_not_name_the_person(office):
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    for reference in (case["names"][1], f"beslut om {case['pin'][2:]}"):
        with pytest.raises(RuleError) as error:
            services.retention_hold_place(
                actor=office.manager,
                participant=case["participant"],
                reason=RetentionHold.Reason.OTHER,
                reference=reference,
            )
        assert error.value.field == "reference"


def test_only_the_units_manager_holds_or_erases(office):
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    other_manager = make_user(Role.MANAGER, UnitFactory(organisation=office.organisation))
    for actor in (office.coach, other_manager):
        with pytest.raises(RuleError):
            services.retention_hold_place(
                actor=actor, participant=case["participant"], reason="other", reference="x"
            )
        with pytest.raises(RuleError):
            services.participant_erase(participant=case["participant"], actor=actor, reason="x")


# Erasure on request ---------------------------------------------------------------------


def test_erase_on_request(office):
    case = make_case(office, started_on=D(2024, 1, 8), closed_on=D(2024, 6, 3))
    participant = case["participant"]
    run = services.participant_erase(
        participant=participant, actor=office.manager, reason="gdpr_art_17", reference="Dnr 9"
    )
    participant.refresh_from_db()
    assert participant.erased_at is not None
    assert (
        participant.first_name,
        participant.last_name,
        participant.personal_identity_number,
    ) == (
        "",
        "",
        "",
    )
    assert run.source == ErasureRun.Source.REQUEST
    assert run.actor == office.manager
    assert run.case_ids == [participant.pk]
    assert run.reason == "gdpr_art_17: Dnr 9"
    case_row = ErasureCase.objects.get(run=run)
    assert case_row.counts == run.counts
    assert run.counts["mapping.Mapping"] == {"deleted": 1}
    event = AccessEvent.objects.filter(participant=participant).order_by("-pk").first()
    assert event.action == AccessEvent.Action.DELETE
    assert event.actor == office.manager
    assert event.what == f"radering på begäran: personuppgifterna borttagna (körning {run.pk})"
    # An erased participant is in no list and no page.
    assert not participant_scope(actor=office.manager).filter(pk=participant.pk).exists()
    assert participant not in participant_list(actor=office.coach, status="closed")
    with pytest.raises(RuleError):
        services.participant_erase(participant=participant, actor=office.manager, reason="x")


def test_erase_is_refused_for_an_open_case(office):
    case = make_case(office, started_on=D(2024, 1, 8), closed_on=None, full=False)
    with pytest.raises(RuleError) as error:
        services.participant_erase(
            participant=case["participant"], actor=office.manager, reason="gdpr_art_17"
        )
    assert "pågår" in str(error.value)
    assert not ErasureRun.objects.exists()
    case["participant"].refresh_from_db()
    assert case["participant"].erased_at is None


def test_a_case_reopened_after_the_list_was_made_is_left_alone(office):
    """Checked again under the lock: a case that got an entry after the cutoff since
    the run listed it is skipped, not erased."""
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    run = ErasureRun.objects.create(
        source=ErasureRun.Source.COMMAND, today=D(2030, 1, 1), case_ids=[case["participant"].pk]
    )
    with clock(D(2029, 6, 1)):
        participant_touch(participant=case["participant"])
    assert (
        services._case_erase(
            participant_id=case["participant"].pk,
            run=run,
            actor=None,
            what="x",
            cutoff=D(2025, 1, 1),
        )
        is None
    )
    case["participant"].refresh_from_db()
    assert case["participant"].erased_at is None


# The records ----------------------------------------------------------------------------


def test_gallring_records_are_append_only(office):
    run = ErasureRun.objects.create(source=ErasureRun.Source.COMMAND, today=D(2030, 1, 1))
    with pytest.raises(AppendOnlyError):
        run.save()
    with pytest.raises(AppendOnlyError):
        run.delete()
    with pytest.raises(AppendOnlyError):
        ErasureRun.objects.filter(pk=run.pk).update(dry_run=True)
    with pytest.raises(AppendOnlyError):
        ErasureRun.objects.all().delete()


def test_the_database_refuses_changes_to_gallring_records(office):
    """Declared as PostgreSQL triggers on both tables; on PostgreSQL, raw SQL is refused."""
    for model, name in ((ErasureRun, "erasurerun"), (ErasureCase, "erasurecase")):
        (trigger,) = model._meta.triggers
        assert trigger.name == f"{name}_append_only"
        assert str(trigger.operation) == str(pgtrigger.Update | pgtrigger.Delete)
    run = ErasureRun.objects.create(source=ErasureRun.Source.COMMAND, today=D(2030, 1, 1))
    if connection.vendor != "postgresql":
        return  # SQLite has no such triggers; the model guard above is what holds there
    for sql in (
        "UPDATE retention_erasurerun SET dry_run = true WHERE id = %s",
        "DELETE FROM retention_erasurerun WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [run.pk])


# figures_rebuild ------------------------------------------------------------------------


def test_figures_rebuild_keeps_erased_participants_rows(office):
    erased = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 6, 1))
    living = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 6, 1))
    services.participant_erase(
        participant=erased["participant"], actor=office.manager, reason="gdpr_art_17"
    )

    def rows(pid):
        return [
            sorted(m.objects.filter(participant_id=pid).values_list(), key=repr)
            for m in (IndicatorLevel, AssessmentStep, IndicatorChange, ActivitySpan)
        ]

    erased_rows, living_rows = rows(erased["participant"].pk), rows(living["participant"].pk)
    assert all(erased_rows)
    assert all(living_rows)
    # Take away both people's activities behind the services' back: a rebuild recomputes
    # the living participant's spans, and leaves the erased participant's as they were.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM activities_participantactivity WHERE participant_id IN (%s, %s)"
            " AND id NOT IN (SELECT activity_id FROM worktraining_placement)"
            " AND id NOT IN (SELECT activity_id FROM groupactivities_groupmembership)"
            " AND id NOT IN (SELECT participantactivity_id FROM plans_planrow_activities)",
            [erased["participant"].pk, living["participant"].pk],
        )
    call_command("figures_rebuild", stdout=io.StringIO())
    assert rows(erased["participant"].pk) == erased_rows
    assert rows(living["participant"].pk) != living_rows


def test_gallring_command_output_has_no_names(office):
    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    out = io.StringIO()
    call_command(
        "gallring",
        "--organisation",
        str(office.organisation.pk),
        "--today",
        "2030-01-01",
        stdout=out,
    )
    text = out.getvalue()
    assert f"[{case['participant'].pk}]" in text
    assert "participants.Participant: anonymised 1" in text
    for token in case["names"] + [case["pin"]]:
        assert token not in text


def test_a_restricted_case_is_neither_due_nor_erased_until_the_restriction_is_lifted(office):
    from dataprotection.services import participant_restrict, participant_restriction_lift

    case = make_case(office, started_on=D(2020, 1, 7), closed_on=D(2020, 3, 2), full=False)
    participant = case["participant"]
    participant_restrict(actor=office.manager, participant=participant, reason="Invändning")
    run = services.gallring_run(
        today=D(2026, 3, 2), organisation_ids=[office.organisation.pk], dry_run=True
    )
    assert run.planned == []
    participant.refresh_from_db()
    with pytest.raises(RuleError) as error:
        services.participant_erase(participant=participant, actor=office.manager, reason="x")
    assert "spärrade" in str(error.value)
    participant_restriction_lift(actor=office.manager, participant=participant)
    run = services.gallring_run(
        today=D(2026, 3, 2), organisation_ids=[office.organisation.pk], dry_run=True
    )
    assert run.planned == [participant.pk]
