"""Health endpoints for the load balancer and the monitoring (issue 16 §2).

- ``/healthz``: the process answers. Nothing is checked but that Python runs.
- ``/readyz``: the installation can serve: each function named in
  ``settings.READINESS_CHECKS`` is called; 200 when all pass, 503 otherwise.

Both answer from ``HealthMiddleware``, which stands first in MIDDLEWARE: before the
HTTPS redirect, the host check, sessions, sign-in, rate limits and the request log. So a
probe over plain HTTP to 127.0.0.1 works, sets no cookie, is never rate-limited and
writes no log line. The body is JSON with no personal data: the names of the checks
and whether each passed.

A check is a function without arguments that returns ``None`` when all is well and
raises (any exception) when not. Adding one is one function and one line in
``READINESS_CHECKS``.
"""

import datetime
import json
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.metrics import METRICS_PATH, metrics

logger = logging.getLogger("stegvis.health")

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"

_migrations_applied = False


def database() -> None:
    """The database answers a query."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def migrations() -> None:
    """Every migration in the code is applied (remembered once true: the code does
    not change under a running process)."""
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")
    _migrations_applied = True


def cache_reachable() -> None:
    """The shared cache (rate limits, used two-factor codes) stores and returns a value."""
    key = f"stegvis:readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


def task_queue() -> None:
    """The background worker takes what is queued: no task has been ready to run for
    longer than WORKER_STALE_SECONDS without a worker claiming it (the worker is not
    running, or cannot keep up). A quiet queue is ready: there is nothing to wait for."""
    # Imported here: this module is loaded with the middleware, models with the apps.
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lt=limit)
    if waiting.exists():
        raise RuntimeError(f"tasks waiting for over {settings.WORKER_STALE_SECONDS} s")


def run_checks() -> dict[str, bool]:
    results = {}
    for path in settings.READINESS_CHECKS:
        check = import_string(path)
        name = path.rsplit(".", 1)[-1]
        try:
            check()
        except Exception:
            # The reason goes to the log (for the operator), not to the probe's answer.
            logger.exception("readiness check failed", extra={"check": name})
            results[name] = False
        else:
            results[name] = True
    return results


def _json(payload: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz() -> HttpResponse:
    return _json({"status": "ok"}, 200)


def readyz() -> HttpResponse:
    checks = run_checks()
    ready = all(checks.values())
    return _json(
        {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503
    )


class HealthMiddleware:
    """Answers /healthz, /readyz and /metrics (core/metrics.py) before any other
    middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return healthz()
        if path == READY_PATH and request.method in ("GET", "HEAD"):
            return readyz()
        if path == METRICS_PATH and request.method == "GET":
            return metrics(request)
        return self.get_response(request)
