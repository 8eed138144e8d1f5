"""Ends sessions that the idle timeout alone would keep: too old, cut off by "sign out
everywhere" (or a deactivation), or belonging to a user who may no longer sign in."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import SecurityEvent
from audit.services import security_event_record

from .signals import SIGNED_IN_AT


def _duration(seconds: int) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d timme", "%(count)d timmar", hours) % {"count": hours}
    minutes = max(seconds // 60, 1)
    return ngettext("%(count)d minut", "%(count)d minuter", minutes) % {"count": minutes}


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            # The session names a user that the authentication backends no longer
            # accept (deactivated or removed): end it now, not at the idle timeout.
            logout(request)
            return self.get_response(request)
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is None:
            # A session from before this policy, or one made without signing in.
            return self._end(request, _("Logga in igen."))
        if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME:
            security_event_record(kind=SecurityEvent.Kind.SESSION_EXPIRED, user=user)
            return self._end(
                request,
                _(
                    "Du har varit inloggad i %(duration)s, den längsta tid en inloggning "
                    "gäller, och har loggats ut. Logga in igen."
                )
                % {"duration": _duration(settings.SESSION_ABSOLUTE_LIFETIME)},
            )
        cut_off = user.sessions_valid_after
        if cut_off is not None and signed_in_at < cut_off.timestamp():
            return self._end(request, _("Du har loggats ut på alla enheter. Logga in igen."))
        return self.get_response(request)

    @staticmethod
    def _end(request, message: str):
        next_url = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        messages.info(request, message)
        target = resolve_url(settings.LOGIN_URL)
        if next_url:
            target = f"{target}?{urlencode({'next': next_url})}"
        return redirect(target)
