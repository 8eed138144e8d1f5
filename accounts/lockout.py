"""Brute-force protection on top of django-axes (ADR 0012).

Axes counts failed sign-ins and refuses further attempts while a limit is reached. This
module adds what the project asks of it:

- two limits: one account (``AXES_FAILURE_LIMIT``, 5) and one address
  (``LOCKOUT_ADDRESS_FAILURE_LIMIT``, 20), each counted on its own;
- a cool-off that grows: ``LOCKOUT_BASE_PERIOD`` for the first lock, doubled for every
  further lock of the same account or address within ``LOCKOUT_MEMORY`` (an
  administrator's unlock starts the count again), never longer than
  ``LOCKOUT_MAX_PERIOD``;
- the lock written to the security log, and the user sent back to the sign-in page with
  a message that says nothing about whether the account exists;
- usernames compared without regard to case, whatever sign-in form posts them
  (``username`` from Django's form, ``login`` from django-allauth's).
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from audit.models import SecurityEvent

ACCOUNT = "account"
ADDRESS = "address"


def username_from(request, credentials=None) -> str | None:
    """The username of a sign-in attempt, folded to lower case (AXES_USERNAME_CALLABLE)."""
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("username") or data.get("login")
    value = (value or "").strip().lower()
    return value or None


def _ip_address(request) -> str | None:
    return getattr(request, "axes_ip_address", None) or (
        request.META.get("REMOTE_ADDR") if request is not None else None
    )


def _earlier_locks(*, scope: str, username: str | None = None, ip_address: str | None = None):
    """Locks of this account or address that still count for the growing cool-off."""
    now = timezone.now()
    events = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOCKED, at__gte=now - settings.LOCKOUT_MEMORY
    )
    if scope == ACCOUNT:
        if not username:
            return 0
        events = events.filter(username__iexact=username, detail__startswith=ACCOUNT)
        unlocked = (
            SecurityEvent.objects.filter(
                kind=SecurityEvent.Kind.UNLOCKED, username__iexact=username
            )
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        if unlocked is not None:
            events = events.filter(at__gt=unlocked)
    else:
        if not ip_address:
            return 0
        events = events.filter(ip_address=ip_address, detail__startswith=ADDRESS)
    return events.count()


def cool_off_for(*, username: str | None = None, ip_address: str | None = None) -> timedelta:
    """The base period doubled for each earlier lock (the current one included), capped."""
    locks = max(
        _earlier_locks(scope=ACCOUNT, username=username),
        _earlier_locks(scope=ADDRESS, ip_address=ip_address),
    )
    period = settings.LOCKOUT_BASE_PERIOD * (2 ** max(locks - 1, 0))
    return min(period, settings.LOCKOUT_MAX_PERIOD)


def cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: computed once per request, as axes asks for it several times."""
    if request is None:
        return settings.LOCKOUT_BASE_PERIOD
    cached = getattr(request, "_stegvis_cool_off", None)
    if cached is None:
        cached = cool_off_for(username=username_from(request), ip_address=_ip_address(request))
        request._stegvis_cool_off = cached
    return cached


def _failures(*, since: datetime, **lookup) -> int:
    return (
        AccessAttempt.objects.filter(attempt_time__gte=since, **lookup).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per account and another per address."""

    def _counts(self, request, credentials=None) -> tuple[int, int]:
        since = (request.axes_attempt_time or timezone.now()) - cool_off(request)
        username = get_client_username(request, credentials)
        ip_address = request.axes_ip_address
        per_account = _failures(since=since, username=username) if username else 0
        per_address = _failures(since=since, ip_address=ip_address) if ip_address else 0
        return per_account, per_address

    def get_failures(self, request, credentials=None) -> int:
        """The failures measured against AXES_FAILURE_LIMIT: the account's own, or the
        address's scaled so that reaching the address limit reaches the account limit."""
        per_account, per_address = self._counts(request, credentials)
        limit = get_failure_limit(request, credentials)
        scaled = per_address * limit // settings.LOCKOUT_ADDRESS_FAILURE_LIMIT
        request._stegvis_lock = (
            (ACCOUNT, per_account) if per_account >= limit else (ADDRESS, per_address)
        )
        return max(per_account, scaled)

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        """Forget failures older than the longest cool-off, and this account's failures
        older than its own cool-off (axes would drop everyone's after this request's)."""
        count, _ = AccessAttempt.objects.filter(
            attempt_time__lte=timezone.now() - settings.LOCKOUT_MAX_PERIOD
        ).delete()
        username = get_client_username(request, credentials) if request is not None else None
        if username:
            threshold = (request.axes_attempt_time or timezone.now()) - cool_off(request)
            more, _ = AccessAttempt.objects.filter(
                username=username, attempt_time__lte=threshold
            ).delete()
            count += more
        return count

    def user_logged_in(self, sender, request, user, **kwargs):
        """A successful sign-in forgets the account's earlier failures (not the address's,
        or an attacker could clear an address by signing in to an account of their own)."""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username().lower()).delete()


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: back to the sign-in page with a neutral message.

    The same message follows a lock of an account that does not exist, so it reveals
    nothing about which usernames are real."""
    messages.error(
        request,
        _(
            "Inloggningen är tillfälligt spärrad efter för många misslyckade försök. "
            "Försök igen senare, eller be din organisations administratör om hjälp."
        ),
    )
    target = resolve_url(settings.LOGIN_URL)
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"{target}?{urlencode({'next': next_url})}"
    return redirect(target)


def locked_until(*, username: str) -> datetime | None:
    """When the account's lock ends, or None when it is not locked (for the admin page)."""
    username = username.lower()
    period = cool_off_for(username=username)
    now = timezone.now()
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - period)
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if total < settings.AXES_FAILURE_LIMIT:
        return None
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    return last + period


def account_unlock(*, username: str) -> int:
    """Forget the account's recorded failures (an administrator's unlock)."""
    count, _ = AccessAttempt.objects.filter(username=username.lower()).delete()
    return count
