"""The county statistics page against the same aggregates as hand-written SQL, on a
county-scale data set in PostgreSQL (issue 6). Run by `make bench` inside a throwaway
PostgreSQL cluster; prints both times and their ratio from one run."""

import dataclasses
import os
import statistics
import time

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "50000"))

# The same aggregates as the page, hand-written for PostgreSQL in the fewest statements:
# each figure group in one statement (GROUPING SETS, FILTER, percentile_cont), reading
# the same tables as the page, summary tables included (they are part of the schema, ADR
# 9). The scope is every participant with a period overlapping the date range: the
# county page covers every organisation and has no other filter.
SCOPE = """
SELECT p.id FROM participants_participant p
WHERE EXISTS (SELECT 1 FROM participants_period x WHERE x.participant_id = p.id
              AND x.started_on <= %(to)s AND (x.closed_on IS NULL OR x.closed_on >= %(from)s))
"""
WORK = "('work_unsubsidised', 'work_subsidised', 'studies')"
# Per organisation, per gender and in all: active, new and closed people, people and
# periods closed to work or studies.
FLOWS_SQL = f"""
WITH person AS (
    SELECT pe.participant_id, p.organisation_id, p.gender,
           bool_or(pe.started_on BETWEEN %(from)s AND %(to)s) AS new,
           bool_or(pe.closed_on BETWEEN %(from)s AND %(to)s) AS closed,
           count(*) FILTER (WHERE pe.closed_on BETWEEN %(from)s AND %(to)s
                            AND pe.outcome IN {WORK}) AS work
    FROM participants_period pe JOIN participants_participant p ON p.id = pe.participant_id
    WHERE pe.started_on <= %(to)s AND (pe.closed_on IS NULL OR pe.closed_on >= %(from)s)
    GROUP BY pe.participant_id, p.organisation_id, p.gender
)
SELECT organisation_id, gender, count(*), count(*) FILTER (WHERE new),
       count(*) FILTER (WHERE closed), count(*) FILTER (WHERE work > 0), sum(work)
FROM person GROUP BY GROUPING SETS ((organisation_id), (gender), ())
"""  # noqa: S608 - only our own SQL is interpolated
OUTCOMES_SQL = f"""
SELECT outcome, outcome IN {WORK}, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - started_on)
FROM participants_period
WHERE closed_on BETWEEN %(from)s AND %(to)s
GROUP BY GROUPING SETS ((outcome), (outcome IN {WORK}))
"""  # noqa: S608 - only our own SQL is interpolated
QUARTERS_SQL = """
SELECT date_trunc('quarter', started_on), count(*) FROM participants_period
WHERE started_on BETWEEN %(from)s AND %(to)s GROUP BY 1 ORDER BY 1
"""
# Cadence, the coach's belief and "what works", from the assessment steps.
STEPS_SQL = f"""
SELECT job, other, count(*), count(days_since_previous),
       count(*) FILTER (WHERE days_since_previous <= 98),
       avg(coach_belief), count(DISTINCT participant_id) FILTER (WHERE coach_belief IS NOT NULL),
       sum(coach_belief * belief_answers - belief_sum) FILTER (WHERE coach_belief IS NOT NULL),
       sum(belief_answers) FILTER (WHERE coach_belief IS NOT NULL),
       sum(changes) FILTER (WHERE previous_id IS NOT NULL),
       count(DISTINCT participant_id) FILTER (WHERE previous_id IS NOT NULL AND changes > 0),
       sum(change_sum) FILTER (WHERE previous_id IS NOT NULL),
       sum(change_squares) FILTER (WHERE previous_id IS NOT NULL)
FROM figures_assessmentstep
WHERE assessed_on BETWEEN %(from)s AND %(to)s AND participant_id IN ({SCOPE})
GROUP BY GROUPING SETS ((), (job, other))
"""  # noqa: S608 - only our own SQL is interpolated
INDICATORS_SQL = f"""
SELECT code, first_level, level, count(*), count(*) FILTER (WHERE level < 3 AND linked)
FROM figures_indicatorlevel
WHERE assessed_on <= %(to)s AND valid_to > %(to)s AND participant_id IN ({SCOPE})
GROUP BY code, first_level, level
"""  # noqa: S608 - only our own SQL is interpolated
FACTORS_SQL = f"""
WITH kinds AS (
    SELECT participant_id,
           bool_or(kind_class = 'job') AS job, bool_or(kind_class = 'other') AS other
    FROM figures_activityspan
    WHERE kind_class IN ('job', 'other') AND starts_on <= %(to)s AND ends_on >= %(from)s
    GROUP BY participant_id
), changed AS (
    SELECT DISTINCT participant_id FROM participants_coachassignment WHERE reason <> ''
)
SELECT count(*), count(*) FILTER (WHERE c.participant_id IS NULL),
       count(*) FILTER (WHERE k.job), count(*) FILTER (WHERE k.job AND k.other),
       (SELECT count(*) FROM participants_coachassignment a
        WHERE a.started_on BETWEEN %(from)s AND %(to)s AND a.reason <> ''
          AND a.participant_id IN ({SCOPE})),
       (SELECT count(*) FROM participants_coachassignment a
        WHERE a.started_on BETWEEN %(from)s AND %(to)s AND a.reason <> ''
          AND a.handover_note <> '' AND a.participant_id IN ({SCOPE}))
FROM ({SCOPE}) s
LEFT JOIN kinds k ON k.participant_id = s.id
LEFT JOIN changed c ON c.participant_id = s.id
"""  # noqa: S608 - only our own SQL is interpolated
# Breaks and parallel time: the enrolled window per person, the spans within it.
ACTIVITY_TIME_SQL = """
WITH windows AS (
    SELECT participant_id AS pid, max(greatest(started_on, %(from)s::date)) AS ws,
           min(least(coalesce(closed_on, %(to)s::date), %(to)s::date)) AS we
    FROM participants_period
    WHERE started_on <= %(to)s AND (closed_on IS NULL OR closed_on >= %(from)s)
    GROUP BY participant_id
), person AS (
    SELECT w.we - w.ws + 1 AS enrolled,
           max(CASE WHEN sp.previous_ends_on IS NULL OR sp.previous_ends_on < w.ws
                    THEN greatest(sp.starts_on, w.ws) - w.ws
                    ELSE sp.starts_on - sp.previous_ends_on - 1 END)
               FILTER (WHERE sp.kind_class = 'any') AS gap,
           w.we - max(least(sp.ends_on, w.we)) FILTER (WHERE sp.kind_class = 'any') AS tail,
           coalesce(sum(least(sp.ends_on, w.we) - greatest(sp.starts_on, w.ws) + 1)
                    FILTER (WHERE sp.kind_class = 'both'), 0) AS both_days
    FROM windows w
    LEFT JOIN figures_activityspan sp
      ON sp.participant_id = w.pid AND sp.kind_class IN ('any', 'both')
     AND sp.starts_on <= w.we AND sp.ends_on >= w.ws
     AND sp.starts_on <= %(to)s AND sp.ends_on >= %(from)s
    GROUP BY w.pid, w.ws, w.we
), longest AS (
    SELECT coalesce(greatest(gap, tail), enrolled) AS gap, enrolled, both_days FROM person
)
SELECT count(*), count(*) FILTER (WHERE gap > 14),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY gap), sum(enrolled), sum(both_days)
FROM longest
"""
STATEMENTS = {
    "flows": FLOWS_SQL,
    "outcomes": OUTCOMES_SQL,
    "quarters": QUARTERS_SQL,
    "steps": STEPS_SQL,
    "indicators": INDICATORS_SQL,
    "factors": FACTORS_SQL,
    "activity time": ACTIVITY_TIME_SQL,
}


def check(results, scope, selectors) -> None:
    """The hand-written statements' figures against the page's selectors."""
    flow = selectors.flow(scope)
    total = next(r for r in results["flows"] if r[0] is None and r[1] is None)
    assert total[2:5] == (flow.active, flow.new, flow.closed), (total, flow)
    assert total[5] == flow.work_or_studies  # people, like the closed
    outcomes = {r[0]: r[2] for r in results["outcomes"] if r[0] is not None}
    assert outcomes == flow.outcomes
    median = next((r[3] for r in results["outcomes"] if r[0] is None and r[1]), None)
    assert flow.median_days_to_work == median
    cadence = selectors.cadence(scope, interval_weeks=13)
    steps = next(r for r in results["steps"] if r[0] is None)
    assert steps[2:5] == (cadence.assessments, cadence.follow_ups, cadence.within_interval)
    factors = selectors.success_factors(scope)
    assert steps[6] == factors.belief_people
    assert round(steps[7] / steps[8], 2) == factors.belief_gap
    people, no_change, job, parallel, changes, handover = results["factors"][0]
    assert (people, no_change, job, parallel) == (
        factors.people,
        factors.no_coach_change,
        factors.with_job_focus,
        factors.with_parallel,
    )
    assert (changes, handover) == (factors.coach_changes, factors.changes_with_handover)
    effects = {e.combination: e for e in selectors.what_works(scope, per_indicator=False)}
    for job_, other, *counts in results["steps"]:
        if job_ is None:
            continue
        effect = effects[selectors._combination(job_, other)]
        assert (counts[7], counts[8], counts[9], counts[10]) == (
            effect.pairs,
            effect.people,
            effect.total,
            effect.total_squares,
        )
    changes_ = selectors.indicator_changes(scope)
    assert sum(r[3] for r in results["indicators"]) == sum(c.people for c in changes_)
    assert sum(r[4] for r in results["indicators"]) == sum(c.low_with_activity for c in changes_)
    gaps, time_ = selectors.continuity(scope), selectors.parallel_time(scope)
    n, long_gaps, median_gap, enrolled, both = results["activity time"][0]
    assert (n, long_gaps, median_gap) == (gaps.people, gaps.with_long_gap, gaps.median_longest_gap)
    assert (enrolled, both) == (time_.enrolled_days, time_.parallel_days)


def main() -> None:
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Organisation, Role
    from accounts.tests.factories import make_user
    from figures import selectors

    assert connection.vendor == "postgresql", "make bench runs this on PostgreSQL"
    started = time.perf_counter()
    call_command("generate_county", participants=PARTICIPANTS, verbosity=1)
    print(f"generated in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    analyst = make_user(Role.COUNTY_ANALYST)
    client = Client()
    client.force_login(analyst)
    today = timezone.localdate()
    period = {"from": today - datetime.timedelta(days=365), "to": today}
    url = reverse("figures:county")
    query = {"date_from": period["from"].isoformat(), "date_to": period["to"].isoformat()}

    def page():
        response = client.get(url, query)
        assert response.status_code == 200

    scope = selectors.Scope(
        organisation_ids=list(Organisation.objects.values_list("id", flat=True)),
        date_from=period["from"],
        date_to=period["to"],
    )

    def hand_written():
        results = {}
        with connection.cursor() as cursor:
            for name, sql in STATEMENTS.items():
                cursor.execute(sql, period)
                results[name] = cursor.fetchall()
        return results

    # Both sides must give the same figures, or the comparison means nothing.
    check(hand_written(), scope, selectors)
    print("the hand-written SQL gives the page's figures (checked)")

    def timed(function, repeat=3):
        function()  # warm up
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    page_time, sql_time = timed(page), timed(hand_written)
    print(
        f"county statistics page, {PARTICIPANTS} participants: {page_time * 1000:.0f} ms "
        f"(target < 1000 ms)"
    )
    print(f"the same aggregates as hand-written SQL: {sql_time * 1000:.0f} ms")
    print(f"ratio page/SQL: {page_time / sql_time:.2f} (target <= 1.5)")

    # Where the time goes: each selector on a fresh scope (its own pass), and each
    # hand-written statement, the median of 3.
    parts = {
        "flows (total, by gender, per organisation)": lambda s: (
            selectors.flow(s),
            selectors.by_gender(s),
            selectors.organisation_overview(s),
        ),
        "cadence, belief and what works (steps)": lambda s: selectors.cadence(s, interval_weeks=13),
        "per-indicator change": selectors.indicator_changes,
        "success factors (with its own pass over the steps)": selectors.success_factors,
        "breaks and parallel time": selectors.activity_time,
        "new per quarter": selectors.new_per_quarter,
    }
    for label, function in parts.items():
        elapsed = timed(lambda f=function: f(dataclasses.replace(scope)))
        print(f"  page part: {label}: {elapsed * 1000:.0f} ms")
    with connection.cursor() as cursor:
        for name, sql in STATEMENTS.items():

            def run(sql=sql):
                cursor.execute(sql, period)
                cursor.fetchall()

            print(f"  SQL statement: {name}: {timed(run) * 1000:.0f} ms")


if __name__ == "__main__":
    import django
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    django.setup()
    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        main()
    finally:
        runner.teardown_databases(old)
