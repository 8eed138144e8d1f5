"""Management figures, computed in the database. No names, no rows of people leave
this module: only counts, means and shares, which the views suppress under the
threshold."""

import datetime
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet

from accounts.models import Organisation, Unit
from assessments.models import Assessment
from core import method
from core.replica import read_alias
from instruments.models import Indicator, localised
from participants.models import (
    WORK_OR_STUDIES,
    CoachAssignment,
    Participant,
    Period,
    TargetGroup,
)

from .models import BELIEF_CODE, IndicatorLevel
from .sql import days_between, earlier, later

AGE_BANDS = {"16-24": (16, 24), "25-29": (25, 29), "30-49": (30, 49), "50-": (50, 120)}


@dataclass
class Scope:
    """Who and when the figures cover. A scope is made for one request: selectors keep
    the results of a shared pass on it (`_memo`), so the figures that come from the
    same pass over a table do not repeat it."""

    organisation_ids: list[int]
    date_from: datetime.date
    date_to: datetime.date
    unit_ids: list[int] | None = None
    coach_id: int | None = None
    instrument_code: str = ""
    gender: str = ""
    age_band: str = ""
    target_group_id: int | None = None
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)


def _memoised(scope: Scope, key, compute):
    if key not in scope._memo:
        scope._memo[key] = compute()
    return scope._memo[key]


def filtered_people(scope: Scope) -> QuerySet[Participant]:
    """Participants matching the scope's filters on the person (organisation, unit,
    coach, gender, age band, target group, card), whatever their periods."""
    qs = Participant.objects.filter(organisation_id__in=scope.organisation_ids)
    if scope.unit_ids is not None:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    if scope.coach_id:
        qs = qs.filter(
            Exists(
                CoachAssignment.objects.filter(
                    participant=OuterRef("pk"), coach_id=scope.coach_id, ended_on__isnull=True
                )
            )
        )
    if scope.gender:
        qs = qs.filter(gender=scope.gender)
    if scope.age_band in AGE_BANDS:
        low, high = AGE_BANDS[scope.age_band]
        year = scope.date_to.year
        qs = qs.filter(birth_year__gte=year - high, birth_year__lte=year - low)
    if scope.target_group_id:
        qs = qs.filter(target_groups__id=scope.target_group_id)
    if scope.instrument_code:
        qs = qs.filter(
            Exists(
                Assessment.objects.filter(
                    participant=OuterRef("pk"),
                    deleted_at__isnull=True,
                    version__instrument__code=scope.instrument_code,
                )
            )
        )
    return qs


def participants(scope: Scope) -> QuerySet[Participant]:
    """Participants in scope with a period overlapping the date range."""
    overlapping = Period.objects.filter(
        participant=OuterRef("pk"), started_on__lte=scope.date_to
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=scope.date_from))
    return filtered_people(scope).filter(Exists(overlapping))


def _people_sql(scope: Scope, *fields: str) -> tuple[str, tuple]:
    sql, params = filtered_people(scope).order_by().values("id", *fields).query.sql_with_params()
    return sql, tuple(params)


def _card_condition(scope: Scope) -> tuple[str, tuple]:
    """With a card chosen, a condition keeping the rows of that card's assessments (a
    summary table's `assessment_id`): the card filter of filtered_people picks people
    who used the card, and some used both, whose other card's changes (on indicators
    the cards share, e.g. health) must not be counted as this card's."""
    if not scope.instrument_code:
        return "", ()
    sql, params = (
        Assessment.objects.filter(version__instrument__code=scope.instrument_code)
        .order_by()
        .values("id")
        .query.sql_with_params()
    )
    return f" AND assessment_id IN ({sql})", tuple(params)


@dataclass
class Flow:
    active: int
    new: int
    closed: int
    outcomes: dict[str, int]
    work_or_studies: int
    median_days_to_work: float | None


@dataclass
class FlowCounts:
    active: int = 0
    new: int = 0
    closed: int = 0
    work_people: int = 0  # closed to work or studies, people
    work_periods: int = 0  # closed to work or studies, periods

    @property
    def work_or_studies(self) -> int:
        """People, like the closed they are a part of (a participant closed twice in the
        range, once to work, counts once)."""
        return self.work_people


def _flow_counts(scope: Scope) -> dict[tuple[int, str], FlowCounts]:
    """Active (a period overlapping the date range), new (a period started in it) and
    closed (a period closed in it) participants, per organisation and gender. One pass
    over the periods: being new or closed implies being active, so no separate test of
    the scope is needed. Every participant has one organisation and one gender, so the
    groups add up."""

    def compute():
        people_sql, params = _people_sql(scope, "organisation_id", "gender")
        work = ", ".join(["%s"] * len(WORK_OR_STUDIES))
        closed = "pe.closed_on BETWEEN %s AND %s"
        sql = f"""
            SELECT x.organisation_id, x.gender, COUNT(*), SUM(x.new), SUM(x.closed),
                   SUM(CASE WHEN x.work > 0 THEN 1 ELSE 0 END), SUM(x.work)
            FROM (
                SELECT pe.participant_id, MAX(p.organisation_id) AS organisation_id,
                       MAX(p.gender) AS gender,
                       MAX(CASE WHEN pe.started_on BETWEEN %s AND %s THEN 1 ELSE 0 END) AS new,
                       MAX(CASE WHEN {closed} THEN 1 ELSE 0 END) AS closed,
                       SUM(CASE WHEN {closed} AND pe.outcome IN ({work}) THEN 1 ELSE 0 END)
                           AS work
                FROM participants_period pe
                JOIN ({people_sql}) p ON p.id = pe.participant_id
                WHERE pe.started_on <= %s AND (pe.closed_on IS NULL OR pe.closed_on >= %s)
                GROUP BY pe.participant_id
            ) x
            GROUP BY x.organisation_id, x.gender
        """  # noqa: S608 - interpolated SQL is our own; values are parameters
        d = scope.date_from, scope.date_to
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(sql, (*d, *d, *d, *WORK_OR_STUDIES, *params, d[1], d[0]))
            rows = cursor.fetchall()
        return {
            (organisation, gender): FlowCounts(*(int(n or 0) for n in counts))
            for organisation, gender, *counts in rows
        }

    return _memoised(scope, "flow_counts", compute)


def _add_up(counts) -> FlowCounts:
    total = FlowCounts()
    for c in counts:
        total.active += c.active
        total.new += c.new
        total.closed += c.closed
        total.work_people += c.work_people
        total.work_periods += c.work_periods
    return total


def flow(scope: Scope) -> Flow:
    counts = _add_up(_flow_counts(scope).values())
    # The closed periods' outcomes, and the middle one or two of the days to work or
    # studies (in order), in one query.
    people_sql, params = _people_sql(scope)
    work = ", ".join(["%s"] * len(WORK_OR_STUDIES))
    sql = f"""
        WITH closed AS (
            SELECT pe.outcome, {days_between("pe.closed_on", "pe.started_on")} AS days
            FROM participants_period pe
            WHERE pe.closed_on BETWEEN %s AND %s AND pe.participant_id IN ({people_sql})
        ),
        to_work AS (
            SELECT days, ROW_NUMBER() OVER (ORDER BY days) AS n, COUNT(*) OVER () AS total
            FROM closed WHERE outcome IN ({work})
        )
        SELECT outcome, COUNT(*) FROM closed GROUP BY outcome
        UNION ALL
        SELECT NULL, days FROM to_work WHERE n BETWEEN (total + 1) / 2 AND total / 2 + 1
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, (scope.date_from, scope.date_to, *params, *WORK_OR_STUDIES))
        rows = cursor.fetchall()
    outcomes = {outcome: n for outcome, n in rows if outcome is not None}
    middle = [days for outcome, days in rows if outcome is None]
    return Flow(
        active=counts.active,
        new=counts.new,
        closed=counts.closed,
        outcomes=outcomes,
        work_or_studies=counts.work_or_studies,
        median_days_to_work=sum(middle) / len(middle) if middle else None,
    )


def new_per_quarter(scope: Scope) -> list[tuple[datetime.date, int]]:
    """Periods started per quarter within the date range, empty quarters included."""
    from django.db.models.functions import TruncQuarter

    rows = (
        # A period started in the range overlaps it: no separate test of the scope.
        Period.objects.filter(
            participant__in=filtered_people(scope).values("id"),
            started_on__range=(scope.date_from, scope.date_to),
        )
        .annotate(quarter=TruncQuarter("started_on"))
        .values_list("quarter")
        .annotate(n=Count("id"))
        .values_list("quarter", "n")
        .order_by("quarter")
    )
    found = {(q.year, (q.month - 1) // 3): n for q, n in rows}
    result = []
    year, quarter = scope.date_from.year, (scope.date_from.month - 1) // 3
    while (year, quarter) <= (scope.date_to.year, (scope.date_to.month - 1) // 3):
        result.append((datetime.date(year, quarter * 3 + 1, 1), found.get((year, quarter), 0)))
        quarter += 1
        if quarter == 4:
            year, quarter = year + 1, 0
    return result


def by_gender(scope: Scope) -> dict[str, dict[str, int]]:
    """Active participants and those closed to work or studies, per gender."""
    counts = _flow_counts(scope)
    result = {}
    for gender in sorted({g for _, g in counts}):
        c = _add_up(v for (_, g), v in counts.items() if g == gender)
        result[gender] = {"active": c.active, "closed": c.closed, "work": c.work_people}
    return result


@dataclass
class Cadence:
    assessments: int
    follow_ups: int
    within_interval: int
    # The weeks between assessments the figure used (None: each organisation's own,
    # and they differ) and the days of grace after them (core/method.py).
    interval_weeks: int | None = None
    grace_days: int = 0


@dataclass
class _StepTotals:
    assessments: int
    follow_ups: int
    within_interval: int
    belief_mean: float | None
    belief_people: int
    belief_gap_total: int
    belief_gap_answers: int
    effects: dict  # combination -> Effect (all indicators together)


def interval_weeks_by_organisation(scope: Scope) -> dict[int, int]:
    """The weeks between assessments of each organisation in scope: its own setting,
    else the installation's (core/method.py), the same as the coach's due list."""

    def compute():
        return {
            o.pk: method.assessment_interval_weeks(o)
            for o in Organisation.objects.filter(pk__in=scope.organisation_ids).only(
                "pk", "assessment_interval_weeks"
            )
        }

    return _memoised(scope, "interval_weeks", compute)


def _cadence_limits(scope: Scope, interval_weeks: int | None) -> tuple[tuple[int, int], ...]:
    """Per organisation, the most days after the previous assessment at which a
    follow-up still counts as on time: the interval plus the grace (0 by default)."""
    grace = method.cadence_grace_days()
    if interval_weeks is not None:
        return tuple((o, interval_weeks * 7 + grace) for o in sorted(scope.organisation_ids))
    weeks = interval_weeks_by_organisation(scope)
    return tuple((o, weeks[o] * 7 + grace) for o in sorted(weeks))


def _step_totals(scope: Scope, *, limits: tuple | None = None) -> _StepTotals:
    """One pass over the assessment steps (figures/models.py) in the period: the
    cadence (follow-ups within the days of `limits`, per organisation), the coach's
    belief and its gap to the participant's own rating, and the change between
    consecutive assessments by the combination of activities between. Without `limits`
    (a figure that does not need them), any pass already made for this scope will do."""
    if limits is None:
        done = [v for k, v in scope._memo.items() if isinstance(k, tuple) and k[0] == "steps"]
        if done:
            return done[0]
        # The cadence is not wanted: the installation's interval will do, without
        # looking up the organisations' own.
        limits = _cadence_limits(scope, method.assessment_interval_weeks())

    def compute():
        people_sql, params = participants(scope).order_by().values("id").query.sql_with_params()
        # The changes are the chosen card's only; the cadence and the belief take any.
        card_sql, card_params = _card_condition(scope)
        days = sorted({d for _, d in limits})
        if len(days) <= 1:
            # One limit for everyone (one organisation, or all alike).
            organisation_join, limit_sql, limit_params = "", "%s", days or [0]
        else:
            organisation_join = (
                " JOIN participants_participant pp ON pp.id = figures_assessmentstep.participant_id"
            )
            limit_sql = (
                "CASE pp.organisation_id " + " ".join("WHEN %s THEN %s" for _ in limits) + " END"
            )
            limit_params = [v for pair in limits for v in pair]
        sql = f"""
            WITH s AS (
                SELECT figures_assessmentstep.participant_id, assessment_id, days_since_previous,
                       previous_id, job, other, changes, change_sum, change_squares, coach_belief,
                       belief_answers, belief_sum, {limit_sql} AS limit_days
                FROM figures_assessmentstep{organisation_join}
                WHERE assessed_on BETWEEN %s AND %s
                  AND figures_assessmentstep.participant_id IN ({people_sql})
            )
            SELECT NULL, NULL, COUNT(*), COUNT(days_since_previous),
                   SUM(CASE WHEN days_since_previous <= limit_days THEN 1 ELSE 0 END),
                   SUM(coach_belief), COUNT(coach_belief),
                   COUNT(DISTINCT CASE WHEN coach_belief IS NOT NULL THEN participant_id END),
                   SUM(CASE WHEN coach_belief IS NOT NULL
                            THEN coach_belief * belief_answers - belief_sum END),
                   SUM(CASE WHEN coach_belief IS NOT NULL THEN belief_answers END)
            FROM s
            UNION ALL
            SELECT job, other, SUM(n), SUM(CASE WHEN n > 0 THEN 1 ELSE 0 END), SUM(t), SUM(sq),
                   SUM(t * t), SUM(t * n), SUM(n * n), NULL
            FROM (
                SELECT participant_id, job, other, SUM(changes) AS n, SUM(change_sum) AS t,
                       SUM(change_squares) AS sq
                FROM s WHERE previous_id IS NOT NULL{card_sql}
                GROUP BY participant_id, job, other
            ) per_person
            GROUP BY job, other
        """  # noqa: S608 - interpolated SQL is our own; values are parameters
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(
                sql, (*limit_params, scope.date_from, scope.date_to, *params, *card_params)
            )
            rows = cursor.fetchall()
        effects = {}
        # The first part's row has no combination (a NULL job): that is the head.
        head = next(row for row in rows if row[0] is None)
        for job, other, *sums, _ in (row for row in rows if row is not head):
            combination = _combination(bool(job), bool(other))
            effects[combination] = Effect(combination, "", *(int(v or 0) for v in sums))
        _, _, assessments, follow_ups, within, belief, rated, believers, gap_total, gap_answers = (
            head
        )
        return _StepTotals(
            assessments=int(assessments or 0),
            follow_ups=int(follow_ups or 0),
            within_interval=int(within or 0),
            belief_mean=int(belief) / int(rated) if rated else None,
            belief_people=int(believers or 0),
            belief_gap_total=int(gap_total or 0),
            belief_gap_answers=int(gap_answers or 0),
            effects=effects,
        )

    return _memoised(scope, ("steps", limits), compute)


def cadence(scope: Scope, *, interval_weeks: int | None = None) -> Cadence:
    """Assessments in the period, and how many follow-ups came within the interval of
    the participant's previous assessment (on any card): at most `interval_weeks` weeks
    after it, or by default each organisation's interval, as the coach's due list counts
    it (core/method.py), plus the grace days of the setting `CADENCE_GRACE_DAYS` (0
    unless set)."""
    limits = _cadence_limits(scope, interval_weeks)
    totals = _step_totals(scope, limits=limits)
    if interval_weeks is None:
        weeks = set(interval_weeks_by_organisation(scope).values())
        interval_weeks = weeks.pop() if len(weeks) == 1 else None
    return Cadence(
        assessments=totals.assessments,
        follow_ups=totals.follow_ups,
        within_interval=totals.within_interval,
        interval_weeks=interval_weeks,
        grace_days=method.cadence_grace_days(),
    )


@dataclass
class IndicatorChange:
    code: str
    name: str
    people: int
    mean_change: float | None
    improved: int
    first_levels: dict[int, int] = field(default_factory=dict)
    latest_levels: dict[int, int] = field(default_factory=dict)
    low_latest: int = 0
    low_with_activity: int = 0


def indicator_changes(scope: Scope) -> list[IndicatorChange]:
    """Per indicator: first and latest level of each participant with two or more
    answered occasions up to the end of the period. Each participant's latest level as
    of that day is the one summary row valid on it (figures/models.py)."""
    low = method.low_score_threshold()
    rows = (
        IndicatorLevel.objects.filter(
            participant__in=participants(scope).values("id"),
            assessed_on__lte=scope.date_to,
            valid_to__gt=scope.date_to,
        )
        .values_list("code", "first_level", "level")
        .annotate(
            # Counting a column of the index keeps it an index-only scan.
            people=Count("participant"),
            with_activity=Count("participant", filter=Q(level__lt=low, linked=True)),
        )
        .order_by()
    )
    names = {}
    for code, name in Indicator.objects.values_list("code", "name").order_by("-version_id"):
        names[code] = localised(name)
    result: dict[str, IndicatorChange] = {}
    sums: dict[str, int] = {}
    for code, first, last, people, with_activity in rows:
        item = result.setdefault(
            code,
            IndicatorChange(
                code=code, name=names.get(code, code), people=0, mean_change=None, improved=0
            ),
        )
        item.people += people
        sums[code] = sums.get(code, 0) + (last - first) * people
        if last - first >= 1:
            item.improved += people
        item.first_levels[first] = item.first_levels.get(first, 0) + people
        item.latest_levels[last] = item.latest_levels.get(last, 0) + people
        if last < low:
            item.low_latest += people
            item.low_with_activity += with_activity
    for code, item in result.items():
        item.mean_change = round(sums[code] / item.people, 2) if item.people else None
    order = list(names)
    return sorted(result.values(), key=lambda i: order.index(i.code) if i.code in order else 99)


@dataclass
class SuccessFactors:
    belief_mean: float | None
    belief_people: int
    belief_gap: float | None
    people: int
    no_coach_change: int
    coach_changes: int
    changes_with_handover: int
    with_job_focus: int
    with_parallel: int


def success_factors(scope: Scope, *, compare_with: str = BELIEF_CODE) -> SuccessFactors:
    people = participants(scope)
    ids = people.values("id")
    # The coach's belief and the participant's own rating on the belief indicator, per
    # assessment, are in the assessment steps (figures/models.py).
    belief = _step_totals(scope)
    if compare_with == BELIEF_CODE:
        gap = (
            belief.belief_gap_total / belief.belief_gap_answers
            if belief.belief_gap_answers
            else None
        )
    else:
        gap = Assessment.objects.filter(
            participant__in=ids,
            deleted_at__isnull=True,
            assessed_on__range=(scope.date_from, scope.date_to),
            coach_belief__isnull=False,
            answers__question__indicator__code=compare_with,
            answers__declined=False,
        ).aggregate(gap=Avg(F("coach_belief") - F("answers__level")))["gap"]
    changes = (
        CoachAssignment.objects.filter(
            participant__in=ids, started_on__range=(scope.date_from, scope.date_to)
        )
        .exclude(reason="")
        .aggregate(n=Count("pk"), with_handover=Count("pk", filter=~Q(handover_note="")))
    )
    # Factor 2, without a coach change: no change (a new coach with a reason) started in
    # the period, the same rule as the changes with a handover above.
    # Factors 3 and 5: an activity counts when it ran on a day inside both the period
    # and one of the participant's enrolment periods. A span of merged activities
    # covers exactly the days they ran, and three date ranges share a day exactly when
    # each two of them overlap.
    ids_sql, params = people.order_by().values("id").query.sql_with_params()
    sql = f"""
        SELECT COUNT(*),
               SUM(CASE WHEN s.id IN (
                   SELECT c.participant_id FROM participants_coachassignment c
                   WHERE c.reason <> '' AND c.started_on BETWEEN %s AND %s
               ) THEN 0 ELSE 1 END),
               SUM(COALESCE(a.job, 0)),
               SUM(COALESCE(a.job * a.other, 0))
        FROM ({ids_sql}) s
        LEFT JOIN (
            SELECT sp.participant_id,
                   MAX(CASE WHEN sp.kind_class = 'job' THEN 1 ELSE 0 END) AS job,
                   MAX(CASE WHEN sp.kind_class = 'other' THEN 1 ELSE 0 END) AS other
            FROM figures_activityspan sp
            WHERE sp.kind_class IN ('job', 'other') AND sp.starts_on <= %s AND sp.ends_on >= %s
              AND sp.participant_id IN ({ids_sql})
              AND EXISTS (
                  SELECT 1 FROM participants_period pe
                  WHERE pe.participant_id = sp.participant_id
                    AND pe.started_on <= %s AND (pe.closed_on IS NULL OR pe.closed_on >= %s)
                    AND pe.started_on <= sp.ends_on
                    AND (pe.closed_on IS NULL OR pe.closed_on >= sp.starts_on)
              )
            GROUP BY sp.participant_id
        ) a ON a.participant_id = s.id
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    d = scope.date_from, scope.date_to
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, (*d, *params, d[1], d[0], *params, d[1], d[0]))
        total, no_change, job, parallel = (int(n or 0) for n in cursor.fetchone())
    return SuccessFactors(
        belief_mean=round(belief.belief_mean, 2) if belief.belief_mean is not None else None,
        belief_people=belief.belief_people,
        belief_gap=round(gap, 2) if gap is not None else None,
        people=total,
        no_coach_change=no_change,
        coach_changes=changes["n"],
        changes_with_handover=changes["with_handover"],
        with_job_focus=job,
        with_parallel=parallel,
    )


def organisation_overview(scope: Scope) -> list[dict]:
    """For the county analyst: the flow per organisation, side by side (filtered on
    gender, age band and card, not on units, coaches or target groups)."""
    own = Scope(
        organisation_ids=scope.organisation_ids,
        date_from=scope.date_from,
        date_to=scope.date_to,
        gender=scope.gender,
        age_band=scope.age_band,
        instrument_code=scope.instrument_code,
    )
    same = (scope.unit_ids, scope.coach_id, scope.target_group_id) == (None, None, None)
    counts = _flow_counts(scope if same else own)
    rows = []
    for organisation in Organisation.objects.filter(pk__in=scope.organisation_ids).order_by("name"):
        flow_ = _add_up(v for (o, _), v in counts.items() if o == organisation.pk)
        rows.append({"organisation": organisation, "flow": flow_})
    return rows


# What works: the change between consecutive assessments, by the interventions in between.

COMBINATIONS = ("none", "job_only", "other_only", "job_and_other")


@dataclass
class Effect:
    """The changes of one combination of interventions (and one indicator, or all).

    A pair is one question answered on two consecutive assessments; a person gives
    many pairs, which are not independent of each other. So the sums per person (the
    cluster) are kept too: with t_i the sum of person i's changes over their n_i pairs,
    `person_total_squares` is Σ t_i², `person_cross` Σ t_i·n_i and
    `person_pairs_squares` Σ n_i²."""

    combination: str
    code: str  # an indicator code, or "" for all indicators together
    pairs: int
    people: int
    total: int
    total_squares: int
    person_total_squares: int = 0
    person_cross: int = 0
    person_pairs_squares: int = 0

    @property
    def mean(self) -> float | None:
        return self.total / self.pairs if self.pairs else None

    @property
    def ci95(self) -> tuple[float, float] | None:
        """The 95 % confidence interval of the mean change, with standard errors robust
        to clustering by person (CR1, the sandwich estimator of a mean):
        SE² = G/(G−1) · Σ (t_i − m·n_i)² / N², with G people and N pairs, and the
        t distribution's quantile with G−1 degrees of freedom. None under two people."""
        if self.people < 2 or not self.pairs:
            return None
        return cluster_robust_ci(
            pairs=self.pairs,
            people=self.people,
            total=self.total,
            person_total_squares=self.person_total_squares,
            person_cross=self.person_cross,
            person_pairs_squares=self.person_pairs_squares,
        )


def cluster_robust_ci(
    *,
    pairs: int,
    people: int,
    total: float,
    person_total_squares: float,
    person_cross: float,
    person_pairs_squares: float,
    level: float = 0.95,
) -> tuple[float, float]:
    """A mean's confidence interval from per-cluster sums (see `Effect.ci95`)."""
    from scipy.stats import t as student_t

    mean = total / pairs
    # Σ (t_i − m·n_i)² expanded, so the database only sums per person.
    residuals = person_total_squares - 2 * mean * person_cross + mean * mean * person_pairs_squares
    variance = people / (people - 1) * max(residuals, 0.0) / (pairs * pairs)
    margin = float(student_t.ppf(0.5 + level / 2, people - 1)) * variance**0.5
    return (round(mean - margin, 2), round(mean + margin, 2))


_EFFECT_SUMS = (
    "pairs",
    "people",
    "total",
    "total_squares",
    "person_total_squares",
    "person_cross",
    "person_pairs_squares",
)


def _combination(job: bool, other: bool) -> str:
    if job and other:
        return "job_and_other"
    if job:
        return "job_only"
    return "other_only" if other else "none"


def what_works(scope: Scope, *, per_indicator: bool = True) -> list[Effect]:
    """For each pair of consecutive assessments (same participant and card; the chosen
    card's only, when the scope has one) ending in the period: the change per question
    answered on both, grouped by the kinds of activity that ran in between. Sums and sums
    of squares come from the database.

    The overall rows (code "") come from the assessment steps (figures/models.py), one
    row per pair; their `people` is everyone with a change in that combination. The
    rows per indicator (`per_indicator`) come from the indicator changes of the steps
    in the period, summed per person first."""
    found = _step_totals(scope).effects
    overall = [found.get(c) or Effect(c, "", 0, 0, 0, 0) for c in COMBINATIONS]
    if not per_indicator:
        return overall
    people_sql, params = participants(scope).order_by().values("id").query.sql_with_params()
    card_sql, card_params = _card_condition(scope)
    sql = f"""
        SELECT code, job, other, SUM(n), COUNT(*), SUM(t), SUM(sq), SUM(t * t), SUM(t * n),
               SUM(n * n)
        FROM (
            SELECT code, participant_id, job, other, SUM(changes) AS n,
                   SUM(change_sum) AS t, SUM(change_squares) AS sq
            FROM figures_indicatorchange
            WHERE assessed_on BETWEEN %s AND %s AND participant_id IN ({people_sql}){card_sql}
            GROUP BY code, participant_id, job, other
        ) per_person
        GROUP BY code, job, other
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, (scope.date_from, scope.date_to, *params, *card_params))
        rows = cursor.fetchall()
    per_code: dict[tuple[str, str], Effect] = {}
    for code, job, other, *sums in rows:
        combination = _combination(bool(job), bool(other))
        effect = per_code.setdefault((combination, code), Effect(combination, code, 0, 0, 0, 0))
        for name, v in zip(_EFFECT_SUMS, sums, strict=True):
            setattr(effect, name, getattr(effect, name) + int(v or 0))
    return overall + sorted(per_code.values(), key=lambda e: (e.code, e.combination))


# Continuous interventions: the longest break without any running activity.


@dataclass
class Continuity:
    people: int
    with_long_gap: int
    median_longest_gap: float | None


def _windows_sql(people_sql: str) -> str:
    """Per participant in scope, the enrolled window within the period (ws to we). The
    overlapping periods themselves make the scope: no separate test of it is needed."""
    return f"""
        SELECT pe.participant_id AS pid,
               MAX(CASE WHEN pe.started_on > %s THEN pe.started_on ELSE %s END) AS ws,
               MIN(CASE WHEN pe.closed_on IS NULL OR pe.closed_on > %s THEN %s
                        ELSE pe.closed_on END) AS we
        FROM participants_period pe
        WHERE pe.participant_id IN ({people_sql})
          AND pe.started_on <= %s AND (pe.closed_on IS NULL OR pe.closed_on >= %s)
        GROUP BY pe.participant_id
    """  # noqa: S608 - interpolated SQL is our own; values are parameters


def _windows_params(scope: Scope, params: tuple) -> tuple:
    d = scope.date_from, scope.date_to
    return (d[0], d[0], d[1], d[1], *params, d[1], d[0])


@dataclass
class ParallelTime:
    people: int
    enrolled_days: int
    parallel_days: int


def activity_time(scope: Scope, *, gap_days: int = 14) -> tuple[Continuity, ParallelTime]:
    """Continuous and parallel interventions in one pass over the activity spans
    (figures/models.py) within each participant's enrolled window in the period.

    Breaks: per participant, the longest time without a running activity (`any` spans);
    a break is the time before a span not covered by the span before it, or the time
    after the last one. How many had one over `gap_days`, and the median (the middle
    one or two). Parallel time: days with a job-focused and another kind running at once
    (`both` spans: activities of each class merged first, so overlaps are not counted
    twice), against all enrolled days."""
    people_sql, params = _people_sql(scope)
    days = days_between
    clipped_days = days(earlier("sp.ends_on", "w.we"), later("sp.starts_on", "w.ws"))
    sql = f"""
        WITH windows AS ({_windows_sql(people_sql)}),
        person AS (
            SELECT w.ws, w.we,
                   MAX(CASE WHEN sp.kind_class = 'any' THEN
                       CASE WHEN sp.previous_ends_on IS NULL OR sp.previous_ends_on < w.ws
                            THEN {days(later("sp.starts_on", "w.ws"), "w.ws")}
                            ELSE {days("sp.starts_on", "sp.previous_ends_on")} - 1 END
                   END) AS gap,
                   MAX(CASE WHEN sp.kind_class = 'any'
                            THEN {earlier("sp.ends_on", "w.we")} END) AS last_end,
                   SUM(CASE WHEN sp.kind_class = 'both' THEN {clipped_days} + 1 ELSE 0 END)
                       AS both_days
            FROM windows w
            LEFT JOIN figures_activityspan sp
              ON sp.participant_id = w.pid AND sp.kind_class IN ('any', 'both')
             AND sp.starts_on <= w.we AND sp.ends_on >= w.ws
             AND sp.starts_on <= %s AND sp.ends_on >= %s
            GROUP BY w.pid, w.ws, w.we
        ),
        longest AS (
            SELECT CASE WHEN last_end IS NULL THEN {days("we", "ws")} + 1
                        ELSE {later("gap", days("we", "last_end"))} END AS gap,
                   {days("we", "ws")} + 1 AS enrolled, both_days
            FROM person
        ),
        ranked AS (
            SELECT gap, ROW_NUMBER() OVER (ORDER BY gap) AS n, COUNT(*) OVER () AS people
            FROM longest
        )
        SELECT COUNT(*), SUM(CASE WHEN gap > %s THEN 1 ELSE 0 END),
               (SELECT AVG(gap) FROM ranked
                WHERE n BETWEEN (people + 1) / 2 AND people / 2 + 1),
               SUM(enrolled), SUM(both_days)
        FROM longest
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(
            sql, (*_windows_params(scope, params), scope.date_to, scope.date_from, gap_days)
        )
        people, long_gaps, median, enrolled, parallel = cursor.fetchone()
    return (
        Continuity(
            people=people or 0,
            with_long_gap=long_gaps or 0,
            median_longest_gap=float(median) if median is not None else None,
        ),
        ParallelTime(
            people=people or 0, enrolled_days=int(enrolled or 0), parallel_days=int(parallel or 0)
        ),
    )


def continuity(scope: Scope, *, gap_days: int = 14) -> Continuity:
    return activity_time(scope, gap_days=gap_days)[0]


def parallel_time(scope: Scope) -> ParallelTime:
    return activity_time(scope)[1]


# --- What the pages' forms and headings need ---------------------------------------------


def manager_units(*, unit_ids) -> QuerySet:
    """The units a manager's figures may be filtered on (theirs), by name."""
    return Unit.objects.filter(id__in=unit_ids).order_by("name")


def organisation_ids_all() -> list[int]:
    """The county page's organisations: every organisation of the installation."""
    return list(Organisation.objects.values_list("id", flat=True))


def organisations(*, ids) -> QuerySet:
    return Organisation.objects.filter(id__in=ids).order_by("name")


def target_groups(*, organisation_id) -> list[tuple[int, str]]:
    """(id, name) of the organisation's target groups, for comparing groups."""
    return list(
        TargetGroup.objects.filter(organisation_id=organisation_id).values_list("pk", "name")
    )
