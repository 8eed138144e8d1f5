"""Makes the client address of the current request available to the access log."""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
# The integration calling through the API ("name (#id)"), set by its authentication.
_integration: ContextVar[str] = ContextVar("integration", default="")


def current_client_ip() -> str | None:
    return _client_ip.get()


def current_integration() -> str:
    return _integration.get()


def integration_set(label: str) -> None:
    """Name the integration behind the current request in the access log rows it causes.
    Reset with the request by RequestContextMiddleware."""
    _integration.set(label[:120])


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # REMOTE_ADDR is the client: behind nginx, core.requestlog.ClientAddressMiddleware
        # has set it from X-Real-IP.
        token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        integration = _integration.set("")
        try:
            return self.get_response(request)
        finally:
            _integration.reset(integration)
            _client_ip.reset(token)
