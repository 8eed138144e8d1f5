"""One request id from nginx through Django's log lines, and one log line per request.

nginx gives every request an id (``$request_id``) and passes it as ``X-Request-ID``.
``RequestIdMiddleware`` takes it (or makes one when Django runs without nginx), keeps it
for the request's duration so that ``RequestIdFilter`` adds it to every log record
written meanwhile, returns it in the response's ``X-Request-ID`` header, and writes one
line for the request to the ``stegvis.request`` logger: method, path with invitation
tokens masked, status, duration and the user's number (never a name), and for the pages that may
read on a replica, the database they read (core/replica.py).

``ClientAddressMiddleware`` makes REMOTE_ADDR the client's address behind the proxy:
gunicorn only sees nginx (127.0.0.1), so without it every participant and every
sign-in would share one address in rate limits, lockouts and the access log.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver

from core.logmask import mask

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

logger = logging.getLogger("stegvis.request")


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = header if VALID_ID.match(header) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is finished (request_finished below), so that Django's
        # own lines written after the middleware (django.request's "Not Found", errors)
        # carry it too.
        _request_id.set(request_id)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": mask(request.path),
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                # "replica" or "default" for the pages that may read on a replica
                # (core/replica.py); absent elsewhere.
                **({"reads": request.reads_from} if hasattr(request, "reads_from") else {}),
            },
        )
        return response


@receiver(request_finished)
def _forget_request_id(sender, **kwargs):
    _request_id.set(None)


class ClientAddressMiddleware:
    """REMOTE_ADDR from ``settings.CLIENT_ADDRESS_HEADER`` (e.g. nginx's X-Real-IP) when
    the request comes from one of ``settings.TRUSTED_PROXIES``; unchanged otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = getattr(settings, "CLIENT_ADDRESS_HEADER", "")
        self.proxies = set(getattr(settings, "TRUSTED_PROXIES", ()))

    def __call__(self, request):
        if self.header and request.META.get("REMOTE_ADDR") in self.proxies:
            address = request.META.get(self.header, "").strip()
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
