"""Metrics for a monitoring system to scrape (Prometheus' text format), issue 16 §2.

- ``stegvis_request_seconds``: time to answer a request, per view (its URL name) and
  method;
- ``stegvis_request_database_seconds``: time spent in database queries per request, per
  view;
- ``stegvis_failed_sign_ins_total``: failed sign-in attempts (passwords and codes);
- the background worker's queue: to be added with the worker (one more metric here).

Served at ``/metrics`` by ``core.health.HealthMiddleware`` (no session, no log line) to
a scraper on the same machine that talks to gunicorn directly (the peer is 127.0.0.1 or
::1 and no proxy header is present; through nginx, which always sets X-Real-IP, it is a
404), or to any that sends ``Authorization: Bearer <METRICS_TOKEN>``.

With several gunicorn workers the figures are summed over them: prometheus_client's
multiprocess mode, with the directory in PROMETHEUS_MULTIPROC_DIR that
config/gunicorn.conf.py makes. No label holds personal data: views are URL names, never
paths with ids.
"""

import os
import secrets
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

METRICS_PATH = "/metrics"
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUEST_SECONDS = Histogram(
    "stegvis_request_seconds", "Time to answer a request.", ["view", "method"], buckets=BUCKETS
)
DATABASE_SECONDS = Histogram(
    "stegvis_request_database_seconds",
    "Time in database queries during a request.",
    ["view"],
    buckets=BUCKETS,
)
FAILED_SIGN_INS = Counter("stegvis_failed_sign_ins", "Failed sign-in attempts.")

LOOPBACK = {"127.0.0.1", "::1"}
PROXY_HEADERS = ("HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED")


@receiver(user_login_failed)
def _count_failed_sign_in(sender, **kwargs):
    FAILED_SIGN_INS.inc()


def _allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        sent = request.META.get("HTTP_AUTHORIZATION", "")
        if secrets.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return True
    direct = not any(request.META.get(header) for header in PROXY_HEADERS)
    return direct and request.META.get("REMOTE_ADDR") in LOOPBACK


def metrics(request) -> HttpResponse:
    if not _allowed(request):
        return HttpResponseNotFound()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    response = HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


class MetricsMiddleware:
    """Times each request and its database queries, labelled with the view's URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        database = [0.0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                database[0] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unresolved"
        REQUEST_SECONDS.labels(view=view, method=request.method).observe(
            time.perf_counter() - started
        )
        DATABASE_SECONDS.labels(view=view).observe(database[0])
        return response
