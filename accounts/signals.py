"""Receivers that tie sign-in events to the session policy and the security log."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from audit.models import SecurityEvent
from audit.services import security_event_record
from core.middleware import SESSION_REFRESHED_AT

from . import lockout
from .models import User

# When this session's user signed in (seconds since the epoch), for the absolute
# lifetime and for "sign out everywhere".
SIGNED_IN_AT = "stegvis_signed_in_at"


@receiver(user_logged_in, dispatch_uid="accounts_stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()
        # The session is saved with its expiry now: the idle timeout's next refresh
        # is due in a minute (core.middleware.SessionRefreshMiddleware).
        request.session[SESSION_REFRESHED_AT] = int(time.time())


@receiver(user_locked_out, dispatch_uid="accounts_record_lock")
def record_lock(sender, request, username, ip_address, **kwargs):
    """Axes sends this for a new lock and again for every attempt refused during one;
    only the first is a lock (axes counts the failures only then)."""
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    scope, failures = getattr(
        request, "_stegvis_lock", (lockout.ACCOUNT, request.axes_failures_since_start)
    )
    user = (
        User.objects.filter(username__iexact=username).first()
        if username and scope == lockout.ACCOUNT
        else None
    )
    security_event_record(
        kind=SecurityEvent.Kind.LOCKED,
        user=user,
        username=username or "",
        detail=f"{scope}: {failures} failures",
    )
