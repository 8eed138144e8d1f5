"""The county statistics page against the same aggregates as hand-written SQL, on a
county-scale data set in PostgreSQL (issue 6). Run by `make bench` inside a throwaway
PostgreSQL cluster; prints both times and their ratio from one run."""

import os
import statistics
import time

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "50000"))

# The hand-written SQL for the figures the page computes through the ORM; the page's own
# raw-SQL figures (cadence, indicator changes, what works) run as they are.
FLOW_SQL = """
WITH scope AS (
    SELECT p.id, p.organisation_id, p.gender FROM participants_participant p
    WHERE EXISTS (SELECT 1 FROM participants_period x WHERE x.participant_id = p.id
                  AND x.started_on <= %(to)s AND (x.closed_on IS NULL OR x.closed_on >= %(from)s))
)
SELECT s.organisation_id,
       COUNT(DISTINCT s.id),
       COUNT(DISTINCT CASE WHEN pe.started_on BETWEEN %(from)s AND %(to)s THEN s.id END),
       COUNT(DISTINCT CASE WHEN pe.closed_on BETWEEN %(from)s AND %(to)s THEN s.id END),
       COUNT(DISTINCT CASE WHEN pe.closed_on BETWEEN %(from)s AND %(to)s
             AND pe.outcome IN ('work_unsubsidised', 'work_subsidised', 'studies') THEN s.id END)
FROM scope s JOIN participants_period pe ON pe.participant_id = s.id
GROUP BY ROLLUP (s.organisation_id)
"""
OUTCOMES_SQL = """
SELECT outcome, COUNT(*) FROM participants_period
WHERE closed_on BETWEEN %(from)s AND %(to)s GROUP BY outcome
"""
MEDIAN_SQL = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - started_on)
FROM participants_period
WHERE closed_on BETWEEN %(from)s AND %(to)s
  AND outcome IN ('work_unsubsidised', 'work_subsidised', 'studies')
"""
GENDER_SQL = """
SELECT p.gender, COUNT(DISTINCT p.id) FROM participants_participant p
JOIN participants_period x ON x.participant_id = p.id
WHERE x.started_on <= %(to)s AND (x.closed_on IS NULL OR x.closed_on >= %(from)s)
GROUP BY p.gender
"""
FACTORS_SQL = """
WITH scope AS (
    SELECT p.id FROM participants_participant p
    WHERE EXISTS (SELECT 1 FROM participants_period x WHERE x.participant_id = p.id
                  AND x.started_on <= %(to)s AND (x.closed_on IS NULL OR x.closed_on >= %(from)s))
), flags AS (
    SELECT s.id,
      EXISTS (SELECT 1 FROM activities_participantactivity a WHERE a.participant_id = s.id
              AND a.kind = 'job_focused' AND a.status IN ('ongoing', 'finished', 'cancelled')
              AND a.start_date <= %(to)s
              AND (a.end_date IS NULL OR a.end_date >= %(from)s)) AS job,
      EXISTS (SELECT 1 FROM activities_participantactivity a WHERE a.participant_id = s.id
              AND a.kind <> 'job_focused' AND a.status IN ('ongoing', 'finished', 'cancelled')
              AND a.start_date <= %(to)s
              AND (a.end_date IS NULL OR a.end_date >= %(from)s)) AS other,
      EXISTS (SELECT 1 FROM participants_coachassignment c WHERE c.participant_id = s.id
              AND c.reason <> '') AS changed
    FROM scope s
)
SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT changed), COUNT(*) FILTER (WHERE job),
       COUNT(*) FILTER (WHERE job AND other)
FROM flags
"""
BELIEF_SQL = """
SELECT AVG(coach_belief), COUNT(DISTINCT participant_id) FROM assessments_assessment
WHERE deleted_at IS NULL AND assessed_on BETWEEN %(from)s AND %(to)s
  AND coach_belief IS NOT NULL
"""
QUARTERS_SQL = """
SELECT date_trunc('quarter', started_on), COUNT(*) FROM participants_period
WHERE started_on BETWEEN %(from)s AND %(to)s GROUP BY 1 ORDER BY 1
"""


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
        with connection.cursor() as cursor:
            for sql in (
                FLOW_SQL,
                OUTCOMES_SQL,
                MEDIAN_SQL,
                GENDER_SQL,
                FACTORS_SQL,
                BELIEF_SQL,
                QUARTERS_SQL,
            ):
                cursor.execute(sql, period)
                cursor.fetchall()
        # The page's own SQL for these three, run directly.
        selectors.cadence(scope, interval_weeks=13)
        selectors.indicator_changes(scope)
        selectors.what_works(scope)

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
