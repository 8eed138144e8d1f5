"""Reads about how the current session was signed in and the user's authenticators."""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

# A recovery code alone is no second factor: it only stands in for a lost one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def session_signed_in_by_sso(request, user) -> bool:
    """True when this session's sign-in came through the identity provider."""
    return any(
        record.get("method") == "socialaccount"
        for record in get_authentication_records(request, user)
    )


def session_sign_in_method(request, user) -> str:
    """How the session was signed in, for the security log: "sso", "password+totp", ..."""
    records = get_authentication_records(request, user)
    if any(record.get("method") == "socialaccount" for record in records):
        return "sso"
    parts = []
    for record in records:
        method = record.get("method")
        if method == "password" and "password" not in parts:
            parts.append("password")
        elif method == "mfa" and record.get("type") and not record.get("reauthenticated"):
            parts.append(str(record["type"]))
    return "+".join(parts)


def user_has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def session_signed_in_within(request, user, seconds: int) -> bool:
    """True when the user signed in (or confirmed who they are) less than `seconds` ago."""
    now = time.time()
    return any(
        now - float(record.get("at", 0)) < seconds
        for record in get_authentication_records(request, user)
        if record.get("method") in ("password", "mfa", "socialaccount")
    )
