"""MFA_REQUIRED: a password sign-in without a second factor goes to enrolment first."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import session_signed_in_by_sso, user_has_second_factor


class MfaRequiredMiddleware:
    """Until a user who signed in with a password has TOTP or a security key, every page
    but the enrolment pages, signing out, the language switch and static files sends
    them to "Tvåfaktorinloggning". Single sign-on is exempt: the identity provider does
    the strong authentication (docs/security/sign-in.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_REQUIRED and self._must_enrol(request):
            return redirect("mfa_index")
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if self._allowed(request.path_info):
            return False
        if session_signed_in_by_sso(request, user):
            return False
        return not user_has_second_factor(user)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            reverse("mfa_index"),
            reverse("account_reauthenticate"),
            reverse("account_logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)
