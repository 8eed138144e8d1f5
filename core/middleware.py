from django.conf import settings
from django.utils.cache import add_never_cache_headers


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
