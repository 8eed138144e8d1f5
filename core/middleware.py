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
