"""Background exports: queued, run by the worker's code path, followed on "Mina
exporter", downloaded only by the user who asked, logged, removed after a while."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from audit.models import AccessEvent
from downloads import services
from downloads.models import Export
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
PARAMS = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


@pytest.fixture
def unit():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    for n in range(6):
        person = make_participant(coach=coach, started_on=D(2026, 2, 1), gender="man")
        if n < 2:
            make_assessment(coach=coach, participant=person, on=D(2026, 3, 1))
    return unit


def _ask(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("figures:manager"), {**PARAMS, **params, "format": "dataset"})
    assert response.status_code == 302
    return Export.objects.get(user=user)


def test_the_data_set_runs_in_the_background_and_is_downloaded_once_ready(client, unit):
    manager = make_user(Role.MANAGER, unit)
    export = _ask(client, manager, gender="man")
    # The immediate backend of the tests ran the task when it was queued.
    assert export.status == Export.Status.READY
    assert export.rows_total == 6 + 2 * 6  # periods, and the answers of two assessments
    assert export.rows_done == export.rows_total
    assert export.title == "Dataset på radnivå, 2026-01-01 – 2026-12-31; Kön: Man"
    page = client.get(reverse("downloads:list")).content.decode()
    assert "Klar" in page
    assert "18 av 18 rader" in page
    assert not AccessEvent.objects.filter(action="export").exists()  # nothing left yet
    response = client.get(reverse("downloads:download", args=[export.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["deltagare"].max_row == 1 + 6
    event = AccessEvent.objects.get(action="export")
    assert event.actor == manager
    assert event.organisation_id == unit.organisation_id
    assert event.what == "dataset hämtad: " + export.title


def test_nobody_else_downloads_an_export(client, unit):
    export = _ask(client, make_user(Role.MANAGER, unit))
    url = reverse("downloads:download", args=[export.pk])
    for other in (make_user(Role.MANAGER, unit), make_user(Role.MANAGER, UnitFactory())):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert export.title not in client.get(reverse("downloads:list")).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    assert not AccessEvent.objects.filter(action="export").exists()


def test_an_export_not_ready_has_no_download(client, unit):
    manager = make_user(Role.MANAGER, unit)
    export = Export.objects.create(user=manager, kind="dataset", title="x", params={})
    client.force_login(manager)
    assert client.get(reverse("downloads:download", args=[export.pk])).status_code == 404
    page = client.get(reverse("downloads:list")).content.decode()
    assert "I kö" in page
    assert "Uppdatera förloppet" in page


def test_the_database_worker_runs_the_export(client, unit, monkeypatch):
    """The production path: the task is stored in the database and `db_worker` runs it."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes connections between tasks; the test's transaction must stay.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    manager = make_user(Role.MANAGER, unit)
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database):  # django-tasks reloads its backends
        export = _ask(client, manager)
        assert export.status == Export.Status.QUEUED
        assert DBTaskResult.objects.count() == 1
        page = client.get(reverse("downloads:list")).content.decode()
        assert "I kö" in page
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    export.refresh_from_db()
    assert export.status == Export.Status.READY
    assert export.rows_done == export.rows_total == 18
    assert services.export_path(export).exists()


def test_old_exports_and_their_files_are_removed(client, unit, settings):
    settings.EXPORT_RETENTION_HOURS = 24
    export = _ask(client, make_user(Role.MANAGER, unit))
    path = services.export_path(export)
    assert path.exists()
    services.exports_prune(now=timezone.now() + datetime.timedelta(hours=23))
    assert Export.objects.filter(pk=export.pk).exists()
    services.exports_prune(now=timezone.now() + datetime.timedelta(hours=25))
    assert not Export.objects.filter(pk=export.pk).exists()
    assert not Path(path).exists()


def test_a_failed_export_says_so_and_leaves_no_file(client, unit, monkeypatch):
    from downloads.registry import WRITERS

    def broken(params, path, *, progress):
        Path(path).write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        WRITERS,
        "dataset",
        WRITERS["dataset"].__class__(
            total=WRITERS["dataset"].total, write=broken, extension="xlsx", content_type="x"
        ),
    )
    manager = make_user(Role.MANAGER, unit)
    client.force_login(manager)
    # The task fails in the worker (here the immediate backend), not in the request.
    response = client.get(reverse("figures:manager"), {**PARAMS, "format": "dataset"})
    assert response.status_code == 302
    export = Export.objects.get(user=manager)
    assert export.status == Export.Status.FAILED
    assert not services.export_path(export).exists()
    assert not services.export_path(export).with_suffix(".part").exists()
    assert "Misslyckades" in client.get(reverse("downloads:list")).content.decode()
