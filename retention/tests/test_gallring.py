"""Gallring over generated cases across six years (issue 12, section 4)."""

import datetime
import io
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tests.factories import UnitFactory
from audit.models import AccessEvent
from figures import exports
from figures import selectors as figures
from figures.models import ActivitySpan, AssessmentStep, IndicatorChange, IndicatorLevel
from mapping.models import Mapping
from participants.models import Gender, Participant
from participants.services import participant_touch
from retention import graph, services
from retention.models import ErasureCase, ErasureRun, RetentionHold
from retention.tests.cases import Office, clock, make_case

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2031, 3, 1)  # the default rule's cutoff: 2026-03-01
D = datetime.date


def _text_hits(tokens: list[str]) -> list[tuple[str, str, int]]:
    """Every text column of every model holding any of the tokens: (model, column, n)."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        for column in graph.text_columns(model):
            condition = Q()
            for token in tokens:
                condition |= Q(_text__icontains=token)
            n = (
                model._base_manager.annotate(_text=Cast(column.name, TextField()))
                .filter(condition)
                .count()
            )
            if n:
                hits.append((graph.label(model), column.name, n))
    return hits


def _tokens(cases) -> list[str]:
    tokens = []
    for case in cases:
        tokens += case["names"]
        tokens += [case["pin"], case["pin"][2:]]
    return tokens


def _rows_of(participant_ids, *, log=True) -> dict:
    """Every row of every model that belongs to these participants, as plain values
    (without the access log unless `log`: it has its own retention)."""
    snapshot = {}
    for model, _paths in graph.participant_paths().items():
        if not log and model._meta.app_label == "audit":
            continue
        condition = Q()
        for pid in participant_ids:
            condition |= graph.of_participant(model, pid)
        snapshot[graph.label(model)] = sorted(
            model._base_manager.filter(condition).values_list(), key=repr
        )
    participant_model = apps.get_model(graph.PARTICIPANT)
    snapshot["target_groups"] = sorted(
        participant_model.target_groups.through.objects.filter(
            participant_id__in=participant_ids
        ).values_list("participant_id", "targetgroup_id")
    )
    return snapshot


def _figures(organisation_ids) -> dict:
    """The management figures for each past year and a few filtered views of them."""
    found = {}
    for year in range(2019, 2031):
        for label, extra in {
            "all": {},
            "women": {"gender": Gender.WOMAN},
            "age": {"age_band": "30-49"},
            "card": {"instrument_code": "smail"},
        }.items():
            scope = figures.Scope(
                organisation_ids=organisation_ids,
                date_from=D(year, 1, 1),
                date_to=D(year, 12, 31),
                **extra,
            )
            found[year, label] = (
                figures.flow(scope),
                figures.cadence(scope, interval_weeks=13),
                figures.success_factors(scope),
                figures.activity_time(scope),
                figures.by_gender(scope),
                figures.indicator_changes(scope),
                figures.what_works(scope, per_indicator=True),
                figures.new_per_quarter(scope),
                figures.organisation_overview(scope),
            )
    return found


def _dataset(organisation_ids) -> dict:
    """The row-level data set export for 2019–2030, without its per-export pseudonyms."""
    scope = figures.Scope(
        organisation_ids=organisation_ids, date_from=D(2019, 1, 1), date_to=D(2030, 12, 31)
    )
    buffer = io.BytesIO()
    exports.dataset_write(scope, buffer)
    workbook = load_workbook(buffer)
    return {
        sheet.title: sorted(repr(row[1:]) for row in sheet.iter_rows(values_only=True))
        for sheet in workbook.worksheets
    }


def _summaries(participant_ids) -> list:
    return [
        sorted(model.objects.filter(participant_id__in=participant_ids).values_list(), key=repr)
        for model in (IndicatorLevel, AssessmentStep, IndicatorChange, ActivitySpan)
    ]


@pytest.fixture
def world():
    """Two units of one organisation and a second organisation; cases closed in each
    year 2020–2025, some open, one held, one with a late entry, one in the other
    organisation."""
    office = Office(UnitFactory())
    second_unit = Office(UnitFactory(organisation=office.organisation))
    other = Office(UnitFactory())
    due, kept = [], []
    for year in range(2020, 2026):
        unit = office if year % 2 else second_unit
        case = make_case(unit, started_on=D(year - 1, 9, 2), closed_on=D(year, 1, 20))
        (due if D(year, 1, 20) <= D(2026, 3, 1) else kept).append(case)
    # Closed after the cutoff: kept.
    kept.append(make_case(office, started_on=D(2025, 3, 3), closed_on=D(2026, 5, 4)))
    # Closed long ago but with a later entry (re-assessed and touched in 2026): kept.
    late = make_case(office, started_on=D(2020, 1, 8), closed_on=D(2020, 12, 1), full=True)
    with clock(D(2026, 6, 1)):
        participant_touch(participant=late["participant"])
    kept.append(late)
    # Open since 2019: never touched.
    open_case = make_case(office, started_on=D(2019, 2, 4), closed_on=None)
    kept.append(open_case)
    # Closed in 2021 but held by an archive decision.
    held = make_case(second_unit, started_on=D(2020, 6, 1), closed_on=D(2021, 2, 1))
    with clock(D(2021, 3, 1)):
        services.retention_hold_place(
            actor=second_unit.manager,
            participant=held["participant"],
            reason=RetentionHold.Reason.ARCHIVE_DECISION,
            reference="KS 2021/123",
        )
    kept.append(held)
    # Another organisation's old closed case is due under its own rule.
    elsewhere = make_case(other, started_on=D(2019, 3, 4), closed_on=D(2019, 11, 1), full=False)
    due.append(elsewhere)
    return {
        "office": office,
        "other": other,
        "due": due,
        "kept": kept,
        "organisation_ids": [office.organisation.pk, other.organisation.pk],
    }


def _ids(cases) -> list[int]:
    return sorted(c["participant"].pk for c in cases)


def test_gallring_over_six_years(world):
    due, kept = world["due"], world["kept"]
    organisation_ids = world["organisation_ids"]
    assert len(due) == 7  # closed 2020–2025, before the cutoff, and the other organisation's
    assert _text_hits(_tokens(due)), "the generated cases hold their names somewhere"

    figures_before = _figures(organisation_ids)
    dataset_before = _dataset(organisation_ids)
    kept_before = _rows_of(_ids(kept), log=False)
    log_cutoff = timezone.make_aware(datetime.datetime(2026, 3, 1))
    # The log is pruned from its start up to the first event inside its five years (the
    # cases here were made out of time order, so later rows may be older).
    first_kept = {
        organisation_id: AccessEvent.objects.filter(
            organisation_id=organisation_id, at__gte=log_cutoff
        )
        .order_by("id")
        .values_list("id", flat=True)
        .first()
        for organisation_id in organisation_ids
    }
    condition = Q(pk__in=[])
    for organisation_id, first in first_kept.items():
        before_first = Q(id__lt=first) if first is not None else Q()
        condition |= Q(organisation_id=organisation_id) & before_first
    prunable = list(AccessEvent.objects.filter(condition).values_list("pk", flat=True))
    log_kept = sorted(AccessEvent.objects.exclude(pk__in=prunable).values_list("pk", flat=True))
    assert prunable
    summaries_before = _summaries(_ids(due))

    # The dry run lists exactly the due cases and changes nothing.
    out = io.StringIO()
    call_command("gallring", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    dry = ErasureRun.objects.get(dry_run=True)
    assert sorted(dry.case_ids) == _ids(due)
    assert str(_ids(due)) in out.getvalue()
    for case in due:
        for token in case["names"] + [case["pin"]]:
            assert token not in out.getvalue()
    assert dry.counts["participants.Participant"] == {"anonymised": len(due)}
    dry_removed = sum(dry.access_log_removed.values())
    assert dry_removed == len(prunable)
    assert dry.counts["mapping.Mapping"] == {"deleted": len(due) - 1}
    assert not Participant.objects.filter(erased_at__isnull=False).exists()

    # The real run.
    call_command("gallring", "--today", TODAY.isoformat(), stdout=io.StringIO())
    run = ErasureRun.objects.get(dry_run=False)
    assert sorted(run.case_ids) == _ids(due)
    assert sorted(ErasureCase.objects.filter(run=run).values_list("participant_id", flat=True)) == (
        _ids(due)
    )
    assert services.counts_total(c.counts for c in run.cases.all()) == dry.counts

    # No personal data of theirs in any text column of any table.
    assert _text_hits(_tokens(due)) == []
    erased = Participant.objects.filter(pk__in=_ids(due))
    assert all(p.erased_at is not None and p.first_name == "" for p in erased)
    # Only the anonymous anchor's statistics fields are left.
    for case, person in zip(
        sorted(due, key=lambda c: c["participant"].pk), erased.order_by("pk"), strict=True
    ):
        assert person.gender == case["participant"].gender
        assert person.birth_year == case["participant"].birth_year
        assert person.unit_id == case["participant"].unit_id

    # The figures for past years and the data set are unchanged; so are the summaries.
    assert _figures(organisation_ids) == figures_before
    assert _dataset(organisation_ids) == dataset_before
    assert _summaries(_ids(due)) == summaries_before

    # Open, held and recent cases are untouched, row for row.
    assert _rows_of(_ids(kept), log=False) == kept_before
    # The access log lost what is older than its five years, nothing newer; the erased
    # cases got one DELETE event each.
    assert not AccessEvent.objects.filter(pk__in=prunable).exists()
    deletes = AccessEvent.objects.filter(
        action=AccessEvent.Action.DELETE, participant__in=_ids(due)
    )
    assert sorted(deletes.values_list("participant_id", flat=True)) == _ids(due)
    assert set(log_kept) <= set(AccessEvent.objects.values_list("pk", flat=True))
    assert sum(run.access_log_removed.values()) == dry_removed

    # A second run removes nothing more.
    everything = _rows_of(_ids(due) + _ids(kept))
    call_command("gallring", "--today", TODAY.isoformat(), stdout=io.StringIO())
    second = ErasureRun.objects.filter(dry_run=False).order_by("-pk").first()
    assert second.case_ids == []
    assert not second.cases.exists()
    assert _rows_of(_ids(due) + _ids(kept)) == everything

    # figures_rebuild keeps the erased participants' summary rows and the figures.
    call_command("figures_rebuild", stdout=io.StringIO())
    assert _summaries(_ids(due)) == summaries_before
    assert _figures(organisation_ids) == figures_before


def test_a_run_interrupted_mid_way_resumes(world):
    due = _ids(world["due"])
    real = services._erase_rows
    calls = []

    def failing_on_the_third(participant_id, *, dry_run):
        if not dry_run:
            calls.append(participant_id)
            if len(calls) == 3:
                raise RuntimeError("the machine went down")
        return real(participant_id, dry_run=dry_run)

    with (
        mock.patch.object(services, "_erase_rows", failing_on_the_third),
        pytest.raises(RuntimeError),
    ):
        services.gallring_run(
            today=TODAY, organisation_ids=world["organisation_ids"], dry_run=False
        )
    done = set(Participant.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert done == set(due[:2])
    # The case that failed was rolled back whole: nothing of it was removed.
    third = Participant.objects.get(pk=due[2])
    assert third.first_name != ""
    assert Mapping.objects.filter(participant=third).exists()
    first_run = ErasureRun.objects.get()
    assert sorted(first_run.cases.values_list("participant_id", flat=True)) == due[:2]

    result = services.gallring_run(
        today=TODAY, organisation_ids=world["organisation_ids"], dry_run=False
    )
    assert sorted(result.erased) == due[2:]
    assert set(
        Participant.objects.filter(erased_at__isnull=False).values_list("pk", flat=True)
    ) == set(due)
    assert _text_hits(_tokens(world["due"])) == []


def test_one_organisation_only(world):
    office = world["office"]
    result = services.gallring_run(
        today=TODAY, organisation_ids=[office.organisation.pk], dry_run=True
    )
    mine = [c for c in world["due"] if c["participant"].organisation_id == office.organisation.pk]
    assert sorted(result.planned) == _ids(mine)
    assert result.run.organisation_id == office.organisation.pk
