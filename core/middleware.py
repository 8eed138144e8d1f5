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
