"""Writes about users: created, changed, deactivated, unlocked, signed out. Each change
is written to the security log with the acting administrator, in the same transaction.

The views fetch the user through ``selectors.user_get`` (another organisation's user is a
404); the services check the rules again, so a command or a test cannot skip them.
"""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import SecurityEvent
from audit.services import security_event_record
from core.exceptions import ConflictError, RuleError

from . import lockout
from .models import Membership, Organisation, Role, Unit, User
from .selectors import membership_rule_error, user_version

USER_FIELDS = ("username", "first_name", "last_name", "email", "sso_identifier")

# (role, unit or None for the whole organisation)
MembershipSpec = tuple[str, Unit | None]


def _describe(memberships) -> str:
    return ", ".join(
        f"{role}@{unit.name if unit else 'organisation'}"
        for role, unit in sorted(memberships, key=lambda m: (m[0], m[1].pk if m[1] else 0))
    )


def _clean_values(values: dict) -> dict:
    cleaned = {name: (values.get(name) or "").strip() for name in USER_FIELDS}
    cleaned["email"] = cleaned["email"].lower()
    cleaned["sso_identifier"] = cleaned["sso_identifier"] or None
    return cleaned


def _check_user(*, values: dict, exclude_pk: int | None = None) -> None:
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    # Sign-in and lockout compare usernames without regard to case, so two users may not
    # differ only in case.
    if others.filter(username__iexact=values["username"]).exists():
        raise RuleError(_("Användarnamnet används redan."), field="username")
    if values["sso_identifier"] and others.filter(sso_identifier=values["sso_identifier"]).exists():
        raise RuleError(
            _("En annan användare har redan den identiteten i inloggningstjänsten."),
            field="sso_identifier",
        )


def _check_memberships(*, organisation: Organisation, memberships) -> None:
    seen = set()
    for role, unit in memberships:
        if role not in Role.values:
            raise RuleError(_("Okänd roll."))
        if unit is not None and unit.organisation_id != organisation.pk:
            raise RuleError(_("Enheten hör inte till organisationen."), field=f"role_{role}")
        message = membership_rule_error(role=role, unit=unit)
        if message:
            raise RuleError(message, field=f"role_{role}")
        key = (role, unit.pk if unit else None)
        if key in seen:
            raise RuleError(_("Samma roll är vald två gånger."), field=f"role_{role}")
        seen.add(key)


def password_link_days() -> int:
    """How many days an e-mailed password link stays valid (PASSWORD_RESET_TIMEOUT)."""
    return max(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60), 1)


def _send_link(*, user: User, domain: str, use_https: bool, welcome: bool) -> None:
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "Stegvis",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
        "welcome": welcome,
        "link_days": password_link_days(),
    }
    PasswordResetForm().send_mail(
        "accounts/email/password_link_subject.txt",
        "accounts/email/password_link.txt",
        context,
        settings.DEFAULT_FROM_EMAIL,
        user.email,
    )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    organisation: Organisation,
    values: dict,
    memberships: list[MembershipSpec],
) -> User:
    """A new user with an unusable password: they choose one through the e-mailed link
    (``user_password_link_send``) or sign in through single sign-on."""
    values = _clean_values(values)
    _check_user(values=values)
    _check_memberships(organisation=organisation, memberships=memberships)
    user = User(organisation=organisation, **values)
    user.set_unusable_password()
    user.save()
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, unit=unit, role=role)
        for role, unit in memberships
    )
    security_event_record(
        kind=SecurityEvent.Kind.USER_CREATED,
        user=user,
        actor=actor,
        detail=f"roles: {_describe(memberships)}",
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    expected_version: str,
    values: dict,
    memberships: list[MembershipSpec],
) -> User:
    """Change a user's details and roles. ``expected_version`` is ``user_version`` when
    the form was opened: a change by someone else since then is a conflict."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if user_version(locked) != expected_version:
        raise ConflictError
    values = _clean_values(values)
    _check_user(values=values, exclude_pk=locked.pk)
    assert locked.organisation is not None  # user_get found them in the actor's organisation
    _check_memberships(organisation=locked.organisation, memberships=memberships)
    if locked.pk == actor.pk and not any(role == Role.ADMINISTRATOR for role, _ in memberships):
        raise RuleError(
            _("Du kan inte ta bort din egen administratörsroll."),
            field=f"role_{Role.ADMINISTRATOR}",
        )

    changed = [name for name in USER_FIELDS if getattr(locked, name) != values[name]]
    if changed:
        for name in changed:
            setattr(locked, name, values[name])
        locked.save(update_fields=changed)
        security_event_record(
            kind=SecurityEvent.Kind.USER_CHANGED,
            user=locked,
            actor=actor,
            detail=f"fields: {', '.join(changed)}",
        )

    current = {
        (m.role, m.unit_id): m
        for m in Membership.objects.filter(user=locked).select_related("unit")
    }
    wanted = {(role, unit.pk if unit else None): (role, unit) for role, unit in memberships}
    removed = [current[key] for key in current.keys() - wanted.keys()]
    added = [wanted[key] for key in wanted.keys() - current.keys()]
    if removed or added:
        Membership.objects.filter(pk__in=[m.pk for m in removed]).delete()
        Membership.objects.bulk_create(
            Membership(user=locked, organisation=locked.organisation, unit=unit, role=role)
            for role, unit in added
        )
        detail = []
        if added:
            detail.append(f"+{_describe(added)}")
        if removed:
            detail.append(f"-{_describe([(m.role, m.unit) for m in removed])}")
        security_event_record(
            kind=SecurityEvent.Kind.ROLE_CHANGED,
            user=locked,
            actor=actor,
            detail="; ".join(detail),
        )
    return locked


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """The user can no longer sign in, and every session of theirs ends at its next
    request (``accounts.middleware``)."""
    if user.pk == actor.pk:
        raise RuleError(_("Du kan inte inaktivera dig själv."))
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active:
        return locked
    locked.is_active = False
    locked.sessions_valid_after = timezone.now()
    locked.save(update_fields=["is_active", "sessions_valid_after"])
    security_event_record(kind=SecurityEvent.Kind.USER_DEACTIVATED, user=locked, actor=actor)
    return locked


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active:
        return locked
    locked.is_active = True
    locked.save(update_fields=["is_active"])
    security_event_record(kind=SecurityEvent.Kind.USER_REACTIVATED, user=locked, actor=actor)
    return locked


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    """Forget the account's failed sign-ins, so it may try again at once; the growing
    cool-off starts again from the base period."""
    lockout.account_unlock(username=user.get_username())
    security_event_record(kind=SecurityEvent.Kind.UNLOCKED, user=user, actor=actor)


@transaction.atomic
def user_sessions_end(*, actor: User, user: User) -> None:
    """Sign out everywhere: every session started before now ends at its next request."""
    User.objects.filter(pk=user.pk).update(sessions_valid_after=timezone.now())
    security_event_record(kind=SecurityEvent.Kind.SESSIONS_ENDED, user=user, actor=actor)


def user_password_link_send(
    *, actor: User | None, user: User, domain: str, use_https: bool, welcome: bool = False
) -> None:
    """E-mail a link to choose a new password (Django's password reset token), also to a
    user whose password is unusable, which Django's own reset form skips."""
    if not user.is_active:
        raise RuleError(_("Användaren är inaktiverad."))
    if not user.email:
        raise RuleError(_("Användaren har ingen e-postadress."))
    with transaction.atomic():
        security_event_record(
            kind=SecurityEvent.Kind.PASSWORD_RESET,
            user=user,
            actor=actor,
            detail="new account link sent" if welcome else "link sent by administrator",
        )
    _send_link(user=user, domain=domain, use_https=use_https, welcome=welcome)


def password_change_record(*, user: User) -> None:
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, user=user)


def password_reset_record(*, user: User, detail: str) -> None:
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET, user=user, detail=detail)


def password_validate(*, password: str, user: User) -> None:
    """The installation's password rules (AUTH_PASSWORD_VALIDATORS), as a RuleError."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise RuleError(" ".join(error.messages), field="password") from error
