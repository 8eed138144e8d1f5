"""The security log of sign-ins: Django's auth signals and allauth's MFA signals.

No password, TOTP code, recovery code or token is ever written: only the username
typed, the kind of event and the kind of authenticator.
"""

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from audit.models import SecurityEvent
from audit.services import security_event_record

from .selectors import session_sign_in_method


@receiver(auth_signals.user_logged_in, dispatch_uid="signin_log_login")
def log_login(sender, request, user, **kwargs):
    detail = session_sign_in_method(request, user) if request is not None else ""
    security_event_record(kind=SecurityEvent.Kind.LOGIN, user=user, detail=detail)


@receiver(auth_signals.user_logged_out, dispatch_uid="signin_log_logout")
def log_logout(sender, request, user, **kwargs):
    if user is None:  # the session had already ended
        return
    security_event_record(kind=SecurityEvent.Kind.LOGOUT, user=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="signin_log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password with stars; only the username is kept.
    username = str(credentials.get("username") or credentials.get("email") or "")
    user = getattr(request, "user", None)
    reauthentication = user is not None and user.is_authenticated
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        user=user if reauthentication else None,
        username=username,
        detail="reauthentication" if reauthentication else "password",
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="signin_log_mfa_failed")
def log_mfa_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    detail = f"{authenticator.type} code"
    if reauthentication:
        detail += ", reauthentication"
    security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, user=user, detail=detail)


# Authenticators are logged from the model's own signals, so the log row is written in
# the same transaction as the change (allauth's authenticator_added is sent on commit).
@receiver(post_save, sender=Authenticator, dispatch_uid="signin_log_mfa_added")
def log_authenticator_added(sender, instance, created, **kwargs):
    if created:
        security_event_record(
            kind=SecurityEvent.Kind.MFA_ENROLLED, user=instance.user, detail=str(instance.type)
        )


@receiver(post_delete, sender=Authenticator, dispatch_uid="signin_log_mfa_removed")
def log_authenticator_removed(sender, instance, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.MFA_REMOVED, user=instance.user, detail=str(instance.type)
    )
