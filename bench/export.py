"""The county's row-level data set made in the background (issue 13 §3): a county-scale
data set in PostgreSQL (`generate_county`), the county analyst asks for the data set,
the database worker (`db_worker`, the production code path) writes it while "Mina
exporter" shows its progress. Run by `make bench` inside a throwaway PostgreSQL cluster;
prints the request's time, the worker's time, the rows and the progress seen."""

import os
import threading
import time

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "50000"))


def main() -> None:
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Role
    from accounts.tests.factories import make_user
    from downloads.models import Export
    from downloads.services import export_path

    assert connection.vendor == "postgresql", "make bench runs this on PostgreSQL"
    if not os.environ.get("BENCH_REUSE"):
        started = time.perf_counter()
        call_command("generate_county", participants=PARTICIPANTS, verbosity=1)
        print(f"generated in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    analyst = make_user(Role.COUNTY_ANALYST)
    client = Client()
    client.force_login(analyst)
    today = timezone.localdate()
    query = {
        "date_from": (today - datetime.timedelta(days=365)).isoformat(),
        "date_to": today.isoformat(),
        "format": "dataset",
    }
    client.get(reverse("downloads:list"))  # warm up: the first request loads the URLs
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database):
        started = time.perf_counter()
        response = client.get(reverse("figures:county"), query)
        asked = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        export = Export.objects.get(user=analyst)
        assert export.status == Export.Status.QUEUED
        print(f"request (queues the export and answers): {asked * 1000:.0f} ms")

        # What "Mina exporter" shows while the worker runs, read every 5 s.
        seen, done = [], threading.Event()

        def watch():
            watcher = Client()
            watcher.force_login(analyst)
            while not done.wait(5):
                row = Export.objects.values("status", "rows_done", "rows_total").get(pk=export.pk)
                page = watcher.get(reverse("downloads:list"))
                assert page.status_code == 200
                seen.append((round(time.perf_counter() - started), row))
            connection.close()

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.perf_counter()
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        finally:
            done.set()
            watcher.join()
        worked = time.perf_counter() - started
    export.refresh_from_db()
    assert export.status == Export.Status.READY, export.status
    size = export_path(export).stat().st_size
    print(
        f"county data set, {PARTICIPANTS} participants, last 12 months: {export.rows_done} rows "
        f"({size / 1e6:.0f} MB XLSX) written by the worker in {worked:.0f} s"
    )
    for second, row in seen:
        print(f"  after {second:>4} s: {row['status']}, {row['rows_done']} of {row['rows_total']}")


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
