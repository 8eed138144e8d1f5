"""Single sign-on: who an identity provider's identity is, and the refusal log."""

from django.contrib.auth import get_user_model
from django.db import transaction

from audit.models import SecurityEvent
from audit.services import security_event_record


def sso_user_match(*, claims: dict, claim: str):
    """The active user whose sso_identifier is the value of `claim`, else None (logged).

    Only the stable claim an administrator entered is matched: never a name or an
    e-mail address, and no user is ever created here.
    """
    value = claims.get(claim)
    value = str(value).strip() if value not in (None, "") else ""
    user = None
    if value:
        user = get_user_model().objects.filter(sso_identifier=value).first()
    if user is not None and user.is_active:
        return user
    reason = "deactivated" if user is not None else "unknown"
    security_event_record(
        kind=SecurityEvent.Kind.SSO_REFUSED,
        user=user,
        username="",
        detail=f"{reason} {claim}={value or '(missing)'}",
    )
    return None


@transaction.atomic
def sso_account_link(*, sociallogin, user) -> None:
    """Points allauth's record of the identity at `user` (matched on the claim just now).

    An identity first seen is linked; one linked earlier to another user (the
    administrator moved the identifier) follows the identifier.
    """
    account = sociallogin.account
    sociallogin.user = user
    account.user = user
    if account.pk is None:
        account.save()
    else:
        type(account).objects.filter(pk=account.pk).exclude(user=user).update(user=user)
