import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers

# In the session: when its expiry was last pushed forward (SessionRefreshMiddleware).
SESSION_REFRESHED_AT = "_refreshed_at"


class SwedishByDefaultMiddleware:
    """The interface is Swedish unless the user picks another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; staff
    in a Swedish municipality often run English browsers, so the header is ignored and
    only the language cookie set by the switch counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE) counts from the last request, without a
    write of the session on every request: the session is saved with a new expiry when
    SESSION_REFRESH_SECONDS have passed since it last was (or when a view changed it).
    A session may so end up to that many seconds before the idle timeout after the last
    request, never after it. Sessions with nothing in them (a visitor not signed in and
    without a link) are left alone, as Django does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            refreshed_at = session.get(SESSION_REFRESHED_AT, 0)
            if session.modified or now - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_AT] = now
        return response


class RuleErrorMiddleware:
    """A broken rule that the view did not catch is shown as a page with its message
    (409), not as a server error. Most forms catch RuleError and keep the input; this
    covers buttons and links that never expected a refusal, such as any write on a
    record whose processing is restricted (docs/adr/0016)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from core.exceptions import RuleError

        if not isinstance(exception, RuleError):
            return None
        return render(request, "core/refused.html", {"message": str(exception)}, status=409)


class NoStoreMiddleware:
    """Pages are never kept by the browser or a proxy: ``Cache-Control: no-store``.

    Nearly every page shows personal data (participants, the mapping, the access log,
    exports, PDFs) and the rest are sign-in, error and self-rating pages that should not
    be kept either, so the rule is every response but static files. A shared computer
    in a municipal office must not show the previous user's pages from its cache or
    through the back button.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response
