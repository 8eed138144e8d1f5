"""Management figures, computed in the database. No names, no rows of people leave
this module: only counts, means and shares, which the views suppress under the
threshold."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet

from activities.models import ParticipantActivity
from assessments.models import Assessment
from instruments.models import Indicator, localised
from participants.models import WORK_OR_STUDIES, CoachAssignment, Participant, Period

AGE_BANDS = {"16-24": (16, 24), "25-29": (25, 29), "30-49": (30, 49), "50-": (50, 120)}


@dataclass
class Scope:
    organisation_ids: list[int]
    date_from: datetime.date
    date_to: datetime.date
    unit_ids: list[int] | None = None
    coach_id: int | None = None
    instrument_code: str = ""
    gender: str = ""
    age_band: str = ""
    target_group_id: int | None = None


def participants(scope: Scope) -> QuerySet[Participant]:
    """Participants in scope with a period overlapping the date range."""
    overlapping = Period.objects.filter(
        participant=OuterRef("pk"), started_on__lte=scope.date_to
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=scope.date_from))
    qs = Participant.objects.filter(organisation_id__in=scope.organisation_ids).filter(
        Exists(overlapping)
    )
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


def _ids_sql(scope: Scope) -> tuple[str, tuple]:
    sql, params = participants(scope).order_by().values("id").query.sql_with_params()
    return sql, tuple(params)


@dataclass
class Flow:
    active: int
    new: int
    closed: int
    outcomes: dict[str, int]
    work_or_studies: int
    median_days_to_work: float | None


def _median(values_qs, field_name: str) -> float | None:
    """The median, picked by the database (ordered, then the middle row or two)."""
    n = values_qs.count()
    if n == 0:
        return None
    ordered = values_qs.order_by(field_name).values_list(field_name, flat=True)
    middle = [
        v.days if isinstance(v, datetime.timedelta) else v
        for v in ordered[(n - 1) // 2 : n // 2 + 1]
    ]
    return sum(middle) / len(middle)


def flow(scope: Scope) -> Flow:
    people = participants(scope)
    periods = Period.objects.filter(participant__in=people.values("id"))
    new = periods.filter(started_on__range=(scope.date_from, scope.date_to))
    closed = periods.filter(closed_on__range=(scope.date_from, scope.date_to))
    outcomes = dict(
        closed.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    to_work = closed.filter(outcome__in=WORK_OR_STUDIES).annotate(
        days=F("closed_on") - F("started_on")
    )
    median = _median(to_work, "days")
    return Flow(
        active=people.count(),
        new=new.values("participant").distinct().count(),
        closed=closed.values("participant").distinct().count(),
        outcomes=outcomes,
        work_or_studies=sum(outcomes.get(o, 0) for o in WORK_OR_STUDIES),
        median_days_to_work=median,
    )


def new_per_quarter(scope: Scope) -> list[tuple[datetime.date, int]]:
    """Periods started per quarter within the date range, empty quarters included."""
    from django.db.models.functions import TruncQuarter

    rows = (
        Period.objects.filter(
            participant__in=participants(scope).values("id"),
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
    people = participants(scope)
    active = dict(people.values_list("gender").annotate(n=Count("id")).values_list("gender", "n"))
    closed = (
        Period.objects.filter(
            participant__in=people.values("id"),
            closed_on__range=(scope.date_from, scope.date_to),
        )
        .values_list("participant__gender")
        .annotate(
            n=Count("participant", distinct=True),
            work=Count("participant", distinct=True, filter=Q(outcome__in=WORK_OR_STUDIES)),
        )
    )
    result = {g: {"active": n, "closed": 0, "work": 0} for g, n in active.items()}
    for gender, n, work in closed.values_list("participant__gender", "n", "work"):
        result.setdefault(gender, {"active": 0, "closed": 0, "work": 0})
        result[gender]["closed"] = n
        result[gender]["work"] = work
    return result


@dataclass
class Cadence:
    assessments: int
    follow_ups: int
    within_interval: int


def cadence(scope: Scope, *, interval_weeks: int) -> Cadence:
    """Assessments in the period, and how many follow-ups came within the interval of
    the participant's previous one (with a week's grace)."""
    ids_sql, params = _ids_sql(scope)
    sql = f"""
        WITH ordered AS (
            SELECT a.assessed_on,
                   LAG(a.assessed_on) OVER (
                       PARTITION BY a.participant_id ORDER BY a.assessed_on, a.id
                   ) AS previous
            FROM assessments_assessment a
            WHERE a.deleted_at IS NULL AND a.participant_id IN ({ids_sql})
        )
        SELECT COUNT(*),
               COUNT(previous),
               SUM(CASE WHEN previous IS NOT NULL AND assessed_on <= {_add_days("previous")}
                   THEN 1 ELSE 0 END)
        FROM ordered
        WHERE assessed_on BETWEEN %s AND %s
    """  # noqa: S608 - the only interpolations are SQL we built, values are parameters
    limit = (interval_weeks + 1) * 7
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, limit, scope.date_from, scope.date_to))
        total, follow_ups, within = cursor.fetchone()
    return Cadence(assessments=total or 0, follow_ups=follow_ups or 0, within_interval=within or 0)


def _add_days(column: str) -> str:
    """`column` plus a number of days (a parameter), in this database's dialect."""
    if connection.vendor == "postgresql":
        return f"({column} + %s * INTERVAL '1 day')::date"
    return f"date({column}, '+' || %s || ' days')"


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
    answered occasions up to the end of the period."""
    ids_sql, params = _ids_sql(scope)
    # One window pass (same partition and order for every window function), then one row
    # per participant and indicator; the activity test runs only for low latest levels.
    sql = f"""
        WITH answered AS MATERIALIZED (
            SELECT a.participant_id AS pid, i.code AS code,
                   FIRST_VALUE(ans.level) OVER w AS first_level,
                   LAST_VALUE(ans.level) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                                                AND UNBOUNDED FOLLOWING) AS last_level,
                   ROW_NUMBER() OVER w AS rank,
                   COUNT(*) OVER (PARTITION BY a.participant_id, i.code) AS occasions
            FROM assessments_answer ans
            JOIN assessments_assessment a ON a.id = ans.assessment_id
            JOIN instruments_question q ON q.id = ans.question_id
            JOIN instruments_indicator i ON i.id = q.indicator_id
            WHERE a.deleted_at IS NULL AND ans.declined = %s AND q.kind = 'scale'
              AND a.assessed_on <= %s AND a.participant_id IN ({ids_sql})
            WINDOW w AS (PARTITION BY a.participant_id, i.code ORDER BY a.assessed_on, a.id)
        ),
        pairs AS MATERIALIZED (
            SELECT pid, code, first_level, last_level FROM answered
            WHERE rank = 1 AND occasions >= 2
        )
        SELECT code, first_level, last_level, COUNT(*) AS people,
               SUM(CASE WHEN last_level < 3 AND EXISTS (
                   SELECT 1 FROM activities_participantactivity act
                   WHERE act.participant_id = pairs.pid
                     AND CAST(act.indicator_codes AS TEXT) LIKE '%%"' || pairs.code || '"%%'
               ) THEN 1 ELSE 0 END) AS with_activity
        FROM pairs
        GROUP BY code, first_level, last_level
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, (False, scope.date_to, *params))
        rows = cursor.fetchall()
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
        if last < 3:
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


def success_factors(scope: Scope, *, compare_with: str = "belief_in_work") -> SuccessFactors:
    people = participants(scope)
    ids = people.values("id")
    in_period = Assessment.objects.filter(
        participant__in=ids,
        deleted_at__isnull=True,
        assessed_on__range=(scope.date_from, scope.date_to),
        coach_belief__isnull=False,
    )
    belief = in_period.aggregate(
        mean=Avg("coach_belief"), people=Count("participant", distinct=True)
    )
    own = in_period.filter(
        answers__question__indicator__code=compare_with, answers__declined=False
    ).aggregate(gap=Avg(F("coach_belief") - F("answers__level")))
    changes = CoachAssignment.objects.filter(
        participant__in=ids, started_on__range=(scope.date_from, scope.date_to)
    ).exclude(reason="")
    overlapping = ParticipantActivity.objects.filter(
        participant=OuterRef("pk"),
        status__in=["ongoing", "finished", "cancelled"],
        start_date__lte=scope.date_to,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=scope.date_from))
    job = overlapping.filter(kind="job_focused")
    other = overlapping.exclude(kind="job_focused")
    changed = CoachAssignment.objects.filter(participant=OuterRef("pk")).exclude(reason="")
    totals = people.aggregate(
        people=Count("id"),
        no_change=Count("id", filter=~Exists(changed)),
        job=Count("id", filter=Exists(job)),
        parallel=Count("id", filter=Exists(job) & Exists(other)),
    )
    return SuccessFactors(
        belief_mean=round(belief["mean"], 2) if belief["mean"] is not None else None,
        belief_people=belief["people"],
        belief_gap=round(own["gap"], 2) if own["gap"] is not None else None,
        people=totals["people"],
        no_coach_change=totals["no_change"],
        coach_changes=changes.count(),
        changes_with_handover=changes.exclude(handover_note="").count(),
        with_job_focus=totals["job"],
        with_parallel=totals["parallel"],
    )


def organisation_overview(scope: Scope) -> list[dict]:
    """For the county analyst: the flow per organisation, side by side."""
    from accounts.models import Organisation

    rows = []
    for organisation in Organisation.objects.filter(pk__in=scope.organisation_ids).order_by("name"):
        own = Scope(
            organisation_ids=[organisation.pk],
            date_from=scope.date_from,
            date_to=scope.date_to,
            gender=scope.gender,
            age_band=scope.age_band,
            instrument_code=scope.instrument_code,
        )
        rows.append({"organisation": organisation, "flow": flow(own)})
    return rows


# What works: the change between consecutive assessments, by the interventions in between.

COMBINATIONS = ("none", "job_only", "other_only", "job_and_other")


@dataclass
class Effect:
    combination: str
    code: str  # an indicator code, or "" for all indicators together
    pairs: int
    people: int
    total: int
    total_squares: int

    @property
    def mean(self) -> float | None:
        return self.total / self.pairs if self.pairs else None

    @property
    def ci95(self) -> tuple[float, float] | None:
        """Normal approximation: mean ± 1.96 · s / √n."""
        if self.pairs < 2:
            return None
        mean = self.total / self.pairs
        variance = (self.total_squares - self.pairs * mean * mean) / (self.pairs - 1)
        margin = 1.96 * (max(variance, 0.0) / self.pairs) ** 0.5
        return (round(mean - margin, 2), round(mean + margin, 2))


def _combination(job: bool, other: bool) -> str:
    if job and other:
        return "job_and_other"
    if job:
        return "job_only"
    return "other_only" if other else "none"


def what_works(scope: Scope) -> list[Effect]:
    """For each pair of consecutive assessments (same participant and card) ending in
    the period: the change per indicator, grouped by the kinds of activity that ran in
    between. Sums and sums of squares come from the database."""
    ids_sql, params = _ids_sql(scope)
    ran = "('ongoing', 'finished', 'cancelled')"
    activity = f"""EXISTS (SELECT 1 FROM activities_participantactivity x
        WHERE x.participant_id = p.pid AND x.status IN {ran}
          AND x.start_date <= p.day AND (x.end_date IS NULL OR x.end_date >= p.previous_day)
          AND x.kind {{op}} 'job_focused')"""  # noqa: S608 - no values interpolated
    sql = f"""
        WITH ordered AS (
            SELECT a.id, a.participant_id AS pid, a.assessed_on AS day,
                   LAG(a.id) OVER w AS previous_id, LAG(a.assessed_on) OVER w AS previous_day
            FROM assessments_assessment a
            JOIN instruments_instrumentversion v ON v.id = a.version_id
            WHERE a.deleted_at IS NULL AND a.participant_id IN ({ids_sql})
            WINDOW w AS (PARTITION BY a.participant_id, v.instrument_id
                         ORDER BY a.assessed_on, a.id)
        ),
        pairs AS MATERIALIZED (
            SELECT p.id, p.pid, p.previous_id,
                   CASE WHEN {activity.format(op="=")} THEN 1 ELSE 0 END AS job,
                   CASE WHEN {activity.format(op="<>")} THEN 1 ELSE 0 END AS other
            FROM ordered p
            WHERE p.previous_id IS NOT NULL AND p.day BETWEEN %s AND %s
        )
        SELECT i.code, pairs.job, pairs.other, COUNT(*), COUNT(DISTINCT pairs.pid),
               SUM(cur.level - prev.level), SUM((cur.level - prev.level) * (cur.level - prev.level))
        FROM pairs
        JOIN assessments_answer cur ON cur.assessment_id = pairs.id
        JOIN instruments_question qc ON qc.id = cur.question_id
        JOIN instruments_indicator i ON i.id = qc.indicator_id
        JOIN assessments_answer prev ON prev.assessment_id = pairs.previous_id
        JOIN instruments_question qp ON qp.id = prev.question_id AND qp.code = qc.code
        WHERE cur.declined = %s AND prev.declined = %s AND qc.kind = 'scale'
        GROUP BY i.code, pairs.job, pairs.other
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, scope.date_from, scope.date_to, False, False))
        rows = cursor.fetchall()
    per_indicator: dict[tuple[str, str], Effect] = {}
    people_overall: dict[str, int] = {}
    for code, job, other, pairs, people, total, squares in rows:
        combination = _combination(bool(job), bool(other))
        key = (combination, code)
        effect = per_indicator.setdefault(key, Effect(combination, code, 0, 0, 0, 0))
        effect.pairs += pairs
        effect.people += people
        effect.total += total or 0
        effect.total_squares += squares or 0
        people_overall[combination] = max(people_overall.get(combination, 0), people)
    overall = []
    for combination in COMBINATIONS:
        parts = [e for (c, _), e in per_indicator.items() if c == combination]
        overall.append(
            Effect(
                combination,
                "",
                sum(e.pairs for e in parts),
                people_overall.get(combination, 0),
                sum(e.total for e in parts),
                sum(e.total_squares for e in parts),
            )
        )
    return overall + sorted(per_indicator.values(), key=lambda e: (e.code, e.combination))


# Continuous interventions: the longest break without any running activity.


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@dataclass
class Continuity:
    people: int
    with_long_gap: int
    median_longest_gap: float | None


def continuity(scope: Scope, *, gap_days: int = 14) -> Continuity:
    """Per participant, the longest break (in days) without a running activity while
    enrolled within the period; how many had one over `gap_days`, and the median."""
    ids_sql, params = _ids_sql(scope)
    d = scope.date_from, scope.date_to
    ran = "('ongoing', 'finished', 'cancelled')"
    sql = f"""
        WITH windows AS (
            SELECT pe.participant_id AS pid,
                   MAX(CASE WHEN pe.started_on > %s THEN pe.started_on ELSE %s END) AS ws,
                   MIN(CASE WHEN pe.closed_on IS NULL OR pe.closed_on > %s THEN %s
                            ELSE pe.closed_on END) AS we
            FROM participants_period pe
            WHERE pe.participant_id IN ({ids_sql})
              AND pe.started_on <= %s AND (pe.closed_on IS NULL OR pe.closed_on >= %s)
            GROUP BY pe.participant_id
        ),
        acts AS (
            SELECT w.pid, w.ws, w.we,
                   CASE WHEN a.start_date > w.ws THEN a.start_date ELSE w.ws END AS s,
                   CASE WHEN a.end_date IS NULL OR a.end_date > w.we THEN w.we
                        ELSE a.end_date END AS e
            FROM windows w
            JOIN activities_participantactivity a ON a.participant_id = w.pid
            WHERE a.status IN {ran} AND a.start_date <= w.we
              AND (a.end_date IS NULL OR a.end_date >= w.ws)
        ),
        bounds AS (
            SELECT pid, s, e, MAX(e) OVER (
                PARTITION BY pid ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS prev_end
            FROM acts
        ),
        gaps AS (
            SELECT pid, {_days_between("s", "prev_end")} - 1 AS gap
            FROM bounds WHERE prev_end IS NOT NULL AND s > prev_end
            UNION ALL
            SELECT pid, {_days_between("MIN(s)", "MIN(ws)")} AS gap FROM acts GROUP BY pid
            UNION ALL
            SELECT pid, {_days_between("MIN(we)", "MAX(e)")} AS gap FROM acts GROUP BY pid
            UNION ALL
            SELECT w.pid, {_days_between("w.we", "w.ws")} + 1 AS gap FROM windows w
            WHERE NOT EXISTS (SELECT 1 FROM acts x WHERE x.pid = w.pid)
        ),
        longest AS (SELECT pid, MAX(gap) AS gap FROM gaps GROUP BY pid)
        SELECT gap FROM longest ORDER BY gap
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, (d[0], d[0], d[1], d[1], *params, d[1], d[0]))
        # The ordered list of per-person longest gaps, as numbers only.
        gaps = [row[0] for row in cursor.fetchall()]
    if not gaps:
        return Continuity(people=0, with_long_gap=0, median_longest_gap=None)
    n = len(gaps)
    middle = gaps[(n - 1) // 2 : n // 2 + 1]
    return Continuity(
        people=n,
        with_long_gap=sum(1 for g in gaps if g > gap_days),
        median_longest_gap=sum(middle) / len(middle),
    )


@dataclass
class ParallelTime:
    people: int
    enrolled_days: int
    parallel_days: int


def parallel_time(scope: Scope) -> ParallelTime:
    """Days with a job-focused activity and another kind running at once, against all
    enrolled days within the period. Activities of the same class are merged first
    (gaps and islands), so overlapping ones are not counted twice."""
    ids_sql, params = _ids_sql(scope)
    d = scope.date_from, scope.date_to
    ran = "('ongoing', 'finished', 'cancelled')"
    days = _days_between

    def later(a, b):
        return f"CASE WHEN {a} > {b} THEN {a} ELSE {b} END"

    def earlier(a, b):
        return f"CASE WHEN {a} < {b} THEN {a} ELSE {b} END"

    sql = f"""
        WITH windows AS (
            SELECT pe.participant_id AS pid,
                   MAX(CASE WHEN pe.started_on > %s THEN pe.started_on ELSE %s END) AS ws,
                   MIN(CASE WHEN pe.closed_on IS NULL OR pe.closed_on > %s THEN %s
                            ELSE pe.closed_on END) AS we
            FROM participants_period pe
            WHERE pe.participant_id IN ({ids_sql})
              AND pe.started_on <= %s AND (pe.closed_on IS NULL OR pe.closed_on >= %s)
            GROUP BY pe.participant_id
        ),
        acts AS (
            SELECT w.pid,
                   CASE WHEN a.kind = 'job_focused' THEN 'job' ELSE 'other' END AS cls,
                   {later("a.start_date", "w.ws")} AS s,
                   CASE WHEN a.end_date IS NULL OR a.end_date > w.we THEN w.we
                        ELSE a.end_date END AS e
            FROM windows w
            JOIN activities_participantactivity a ON a.participant_id = w.pid
            WHERE a.status IN {ran} AND a.start_date <= w.we
              AND (a.end_date IS NULL OR a.end_date >= w.ws)
        ),
        ordered AS (
            SELECT pid, cls, s, e, MAX(e) OVER (
                PARTITION BY pid, cls ORDER BY s, e
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS prev_end
            FROM acts
        ),
        numbered AS (
            SELECT pid, cls, s, e, SUM(
                CASE WHEN prev_end IS NULL OR {days("s", "prev_end")} > 1 THEN 1 ELSE 0 END
            ) OVER (PARTITION BY pid, cls ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
            FROM ordered
        ),
        merged AS (
            SELECT pid, cls, MIN(s) AS s, MAX(e) AS e FROM numbered GROUP BY pid, cls, island
        ),
        overlap AS (
            SELECT SUM({days(earlier("j.e", "o.e"), later("j.s", "o.s"))} + 1) AS n
            FROM merged j JOIN merged o
              ON o.pid = j.pid AND j.cls = 'job' AND o.cls = 'other'
             AND j.s <= o.e AND o.s <= j.e
        )
        SELECT (SELECT COUNT(*) FROM windows),
               (SELECT SUM({days("we", "ws")} + 1) FROM windows),
               (SELECT n FROM overlap)
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, (d[0], d[0], d[1], d[1], *params, d[1], d[0]))
        people, enrolled, parallel = cursor.fetchone()
    return ParallelTime(
        people=people or 0, enrolled_days=int(enrolled or 0), parallel_days=int(parallel or 0)
    )
