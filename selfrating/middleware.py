from django.shortcuts import redirect

ALLOWED = ("/sjalvskattning/", "/surfplatta/lamna/", "/static/", "/sprak/")


class KioskMiddleware:
    """While the coach's device is handed over, only the card can be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        in_kiosk = session is not None and session.get("selfrating_kiosk")
        if in_kiosk and not request.path.startswith(ALLOWED):
            return redirect("selfrating:start")
        return self.get_response(request)
