"""/healthz and /readyz (core/health.py): JSON, no sign-in, no cookie, no log line."""

import json
import logging

import pytest
from django.test import override_settings

from core import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migration_state(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_healthz_answers_without_sign_in_cookie_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {
            "database": True,
            "migrations": True,
            "cache_reachable": True,
            "task_queue": True,
        },
    }
    assert not response.cookies


def _broken():
    raise RuntimeError("the worker has not been seen for 5 minutes")


def test_a_failing_check_makes_readyz_unavailable_without_telling_why(client, caplog, settings):
    settings.READINESS_CHECKS = [*settings.READINESS_CHECKS, "core.tests.test_health._broken"]
    with caplog.at_level(logging.ERROR, logger="stegvis.health"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["checks"]["_broken"] is False
    assert body["checks"]["database"] is True
    assert "worker" not in response.content.decode()  # the reason goes to the log only
    assert "worker has not been seen" in caplog.text


def test_unapplied_migrations_make_readyz_unavailable(client, monkeypatch):
    class Executor:
        def __init__(self, connection):
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [("participants", "9999_pending")]

    monkeypatch.setattr(health, "MigrationExecutor", Executor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["migrations"] is False


def test_an_unreachable_cache_makes_readyz_unavailable(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }  # stores nothing: what was written is not read back
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache_reachable"] is False


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["stegvis.kommun.example"])
def test_health_answers_before_the_https_redirect_and_the_host_check(client):
    # A load balancer's probe over plain HTTP to 127.0.0.1, with its own Host header.
    assert client.get("/healthz", HTTP_HOST="10.0.0.5:8001").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.5:8001").status_code == 200
    assert client.get("/logga-in/", HTTP_HOST="stegvis.kommun.example").status_code == 301


def test_health_requests_are_not_logged_nor_rate_limited(client, caplog):
    with caplog.at_level(logging.INFO, logger="stegvis.request"):
        for _ in range(200):
            assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        client.get("/logga-in/")
    logged = [r for r in caplog.records if r.name == "stegvis.request"]
    assert [r.path for r in logged] == ["/logga-in/"]


def test_a_task_waiting_without_a_worker_makes_readyz_unavailable(client, settings):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="downloads.tasks.export_run",
        backend_name="default",
        run_after=timezone.now(),
    )
    assert client.get("/readyz").status_code == 200  # just queued: the worker has time
    DBTaskResult.objects.filter(pk=task.pk).update(
        run_after=timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS + 5)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["task_queue"] is False
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")
    assert client.get("/readyz").status_code == 200
