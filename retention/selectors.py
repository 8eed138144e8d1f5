"""Reads for retention: the organisation's rule, "the last entry" of a case, the cases
due for gallring, holds, and what an erasure would remove."""

import datetime

from django.db import connections
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.http import Http404

from participants.models import Participant, Period

from . import graph
from .models import ErasureRun, RetentionHold, RetentionRule

# Earlier than any entry; stands in for "nothing recorded in this table".
_NOTHING = datetime.date(1900, 1, 1)

# Date columns that are not entries in the case: when gallring itself ran.
_NOT_ENTRIES = frozenset({("participants.Participant", "erased_at")})


def retention_rule_get(*, organisation_id: int) -> RetentionRule:
    """The organisation's rule; the defaults (not yet saved) when it has none."""
    rule = RetentionRule.objects.filter(organisation_id=organisation_id).first()
    return rule or RetentionRule(organisation_id=organisation_id)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _as_date(field):
    if isinstance(field, DateTimeField):
        return TruncDate(field.name)
    return F(field.name)


def _latest(expressions):
    expressions = [Coalesce(e, Value(_NOTHING), output_field=DateField()) for e in expressions]
    if len(expressions) == 1:
        return expressions[0]
    return Greatest(*expressions, output_field=DateField())


def _entry(model, field) -> bool:
    return (graph.label(model), field.name) not in _NOT_ENTRIES


def _entry_tables():
    """(model, path to the participant, its date columns) of every table whose rows are
    entries in a case (see `last_entry`)."""
    for model, paths in graph.participant_paths().items():
        name = graph.label(model)
        if model is Participant or name in graph.LEFT_ALONE or model._meta.app_label == "retention":
            continue
        columns = [f for f in graph.date_columns(model) if _entry(model, f)]
        if columns:
            yield model, paths[0], columns


def last_entry():
    """An expression for `Participant` querysets: the date of the case's last entry.

    "The last entry" (SoL 12 kap. 1 §: gallring counts from the last entry in the case)
    is the latest date in ANY date or time column of ANY row that belongs to the
    participant: the models reached through the model graph (`retention.graph`), except
    the access log (reading a case is not an entry in it), the figures' derived
    summaries and the gallring records themselves. So it covers the periods' start and
    close, every assessment, activity, plan, journey record, self-rating invitation and
    group attendance, both their own dates (held on, decided on …) and when they were
    written (`created_at`, `updated_at`). A planned date in the future (a follow-up due,
    a placement's planned end) also counts: the rule errs towards keeping a case longer,
    never towards removing it early. A model added later is covered without a change
    here. Computed in the database: one correlated MAX per table, combined with
    GREATEST."""
    parts = [_as_date(f) for f in graph.date_columns(Participant) if _entry(Participant, f)]
    for model, path, columns in _entry_tables():
        latest = (
            model._base_manager.filter(**{path: OuterRef("pk")})
            .order_by()
            .values(path)
            .annotate(latest=_latest([Max(_as_date(f)) for f in columns]))
            .values("latest")
        )
        parts.append(Subquery(latest, output_field=DateField()))
    return _latest(parts)


def open_cases() -> QuerySet[Period]:
    return Period.objects.filter(participant=OuterRef("pk"), closed_on__isnull=True)


def holds_in_force() -> QuerySet[RetentionHold]:
    return RetentionHold.objects.filter(participant=OuterRef("pk"), lifted_at__isnull=True)


def erasable_cases(*, organisation_id: int) -> QuerySet[Participant]:
    """The organisation's cases that may be erased at all: not erased yet, closed (no
    open period), not held, and not restricted (a disputed record is kept until the
    dispute is settled, GDPR art. 18)."""
    return (
        Participant.objects.filter(
            organisation_id=organisation_id, erased_at__isnull=True, restricted_at__isnull=True
        )
        .exclude(Exists(open_cases()))
        .exclude(Exists(holds_in_force()))
    )


def _latest_by_case(cases: QuerySet[Participant]) -> list[QuerySet]:
    """The same dates as `last_entry`, read table by table for a set of cases: one
    grouped query per table giving (case id, its latest date there), so that the whole
    set is read in one pass per table instead of a correlated MAX per case and table."""
    own = [_as_date(f) for f in graph.date_columns(Participant) if _entry(Participant, f)]
    queries = [
        cases.order_by()
        .annotate(case_pk=F("pk"), latest=_latest(own))
        .values_list("case_pk", "latest")
    ]
    for model, path, columns in _entry_tables():
        queries.append(
            model._base_manager.filter(**{f"{path}__in": cases.values("pk")})
            .order_by()
            .values(path)
            .annotate(case_pk=F(path), latest=_latest([Max(_as_date(f)) for f in columns]))
            .values_list("case_pk", "latest")
        )
    return queries


def gallring_due(
    *, organisation_id: int, today: datetime.date, case_years: int
) -> list[tuple[int, datetime.date]]:
    """The cases due for gallring on `today`: erasable, with the last entry at least
    `case_years` years before. Ids and last-entry dates only, in id order.

    Set-based (ADR 0015's scan at a county's scale): each table's latest date per case,
    all tables together, the greatest per case. Gives what `last_entry` gives case by
    case (a test holds the two together)."""
    cutoff = years_before(today, case_years)
    parts: list[str] = []
    params: list = []
    for number, query in enumerate(
        _latest_by_case(erasable_cases(organisation_id=organisation_id))
    ):
        sql, query_params = query.query.sql_with_params()
        parts.append(f"SELECT e{number}.case_pk, e{number}.latest FROM ({sql}) e{number}")  # noqa: S608
        params += query_params
    union = " UNION ALL ".join(parts)
    sql = (
        f"SELECT u.case_pk, MAX(u.latest) FROM ({union}) u "  # noqa: S608 - compiled by the ORM
        "GROUP BY u.case_pk HAVING MAX(u.latest) <= %s ORDER BY u.case_pk"
    )
    with connections[Participant.objects.db].cursor() as cursor:
        cursor.execute(sql, [*params, cutoff])
        return [(pk, _date(latest)) for pk, latest in cursor.fetchall()]


def _date(value) -> datetime.date:
    """SQLite gives the date as text."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def last_entry_of(*, participant_id: int) -> datetime.date:
    return (
        Participant.objects.filter(pk=participant_id)
        .annotate(last_entry_on=last_entry())
        .values_list("last_entry_on", flat=True)
        .get()
    )


def hold_in_force(*, participant) -> RetentionHold | None:
    return (
        RetentionHold.objects.filter(participant=participant, lifted_at__isnull=True)
        .select_related("placed_by")
        .first()
    )


def hold_list(*, participant) -> QuerySet[RetentionHold]:
    return RetentionHold.objects.filter(participant=participant).select_related(
        "placed_by", "lifted_by"
    )


def hold_get(*, participant, hold_id: int) -> RetentionHold:
    try:
        return RetentionHold.objects.get(participant=participant, pk=hold_id)
    except (RetentionHold.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def erasure_run_list(*, organisation_id: int, limit: int = 20) -> list[ErasureRun]:
    """The latest gallring runs that touched the organisation (or all, from the command
    without --organisation), for the administrator's page."""
    return list(
        ErasureRun.objects.filter(Q(organisation_id=organisation_id) | Q(organisation__isnull=True))
        .annotate(
            erased=Count("cases", filter=Q(cases__participant__organisation_id=organisation_id))
        )
        .select_related("actor")[:limit]
    )
