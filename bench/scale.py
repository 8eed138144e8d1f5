"""Issue 16 §5: the figures page and the gallring run on a generated data set of
BENCH_PARTICIPANTS participants (default 500 000, the whole country), for
docs/scaling.md. Run inside a throwaway cluster:

    DJANGO_SETTINGS_MODULE=config.settings.test BENCH_PARTICIPANTS=500000 \\
        scripts/with-postgres .venv/bin/python -m bench.scale

Prints, from one run: the time to generate the data set (and its counts), the database's
size, the county statistics page (median of 3 after a warm-up, as bench/county.py), the
the gallring scan that finds the due cases, and the erasure of a sample of them
(BENCH_GALLRING_SAMPLE, default 200) with its time per case.
"""

import datetime
import os
import statistics
import time

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "500000"))
SAMPLE = int(os.environ.get("BENCH_GALLRING_SAMPLE", "200"))


def main() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Organisation, Role
    from accounts.tests.factories import make_user
    from retention import selectors
    from retention.models import ErasureRun
    from retention.services import _case_erase

    assert connection.vendor == "postgresql", "run under scripts/with-postgres"
    started = time.perf_counter()
    call_command("generate_county", participants=PARTICIPANTS, verbosity=1)
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cursor.fetchone()[0]}", flush=True)

    analyst = make_user(Role.COUNTY_ANALYST)
    client = Client()
    client.force_login(analyst)
    today = timezone.localdate()
    query = {
        "date_from": (today - datetime.timedelta(days=365)).isoformat(),
        "date_to": today.isoformat(),
    }
    url = reverse("figures:county")

    def page():
        response = client.get(url, query)
        assert response.status_code == 200

    page()  # warm up
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        page()
        samples.append(time.perf_counter() - start)
    print(
        f"county statistics page, {PARTICIPANTS} participants, last 12 months: "
        f"median {statistics.median(samples) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{s * 1000:.0f}' for s in samples)} ms)",
        flush=True,
    )

    # Every generated row was written today (created_at), and a case's last entry counts
    # those: as of five years and a day from now every closed case is due. A real
    # installation's nightly run finds the few cases whose five years just ended, so the
    # bench times the two parts separately: the scan that finds the due cases (over
    # every case, whatever the number due) and the erasure of a sample of cases, each in
    # its own transaction through the same service function as the command.
    later = today + datetime.timedelta(days=5 * 366 + 1)
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    start = time.perf_counter()
    due = [
        (pk, rule_cutoff)
        for organisation_id in ids
        for rule_cutoff in [selectors.years_before(later, 5)]
        for pk, _last in selectors.gallring_due(
            organisation_id=organisation_id, today=later, case_years=5
        )
    ]
    print(
        f"gallring scan as of {later}, {len(ids)} organisations: {len(due)} cases due "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    sample = due[:: max(1, len(due) // SAMPLE)][:SAMPLE]
    run = ErasureRun.objects.create(
        source=ErasureRun.Source.COMMAND, dry_run=False, today=later, case_ids=[]
    )
    start = time.perf_counter()
    erased = [
        _case_erase(participant_id=pk, run=run, actor=None, cutoff=cutoff, what="bench")
        for pk, cutoff in sample
    ]
    elapsed = time.perf_counter() - start
    done = [c for c in erased if c is not None]
    print(
        f"gallring erasure of {len(done)} of {len(sample)} sampled cases in {elapsed:.1f} s "
        f"({elapsed / max(1, len(sample)) * 1000:.0f} ms per case)",
        flush=True,
    )


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
