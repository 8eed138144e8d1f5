"""Issuing and revoking integration keys. Both are written to the security log."""

import datetime
import secrets
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.selectors import membership_rule_error, user_access
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.exceptions import RuleError

from .models import INTEGRATION_ROLES, Integration
from .selectors import key_hash

KEY_PREFIX = "stegvis_"
# Touch `last_used_at` at most this often per key (not one write per call).
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


def _check(*, actor, role: str, unit, expires_at) -> None:
    access = user_access(actor)
    errors: dict[str, list[str]] = {}
    if role not in dict(INTEGRATION_ROLES):
        errors["role"] = [_("Välj en roll.")]
    elif message := membership_rule_error(role=role, unit=unit):
        errors["unit"] = [message]
    if unit is not None and unit.organisation_id != access.organisation_id:
        errors["unit"] = [_("Enheten finns inte i din organisation.")]
    if expires_at <= timezone.now():
        errors["expires_on"] = [_("Giltighetstiden måste sluta efter i dag.")]
    if errors:
        raise RuleError(errors=errors)


@transaction.atomic
def integration_issue(
    *, actor, name: str, role: str, unit=None, expires_at: datetime.datetime
) -> tuple[Integration, str]:
    """A new key for an integration of the administrator's organisation. Returns the
    integration and the key, which is shown once and stored only as its hash."""
    access = user_access(actor)
    if not access.is_administrator or access.organisation_id is None:
        raise RuleError(_("Bara administratörer utfärdar API-nycklar."))
    _check(actor=actor, role=role, unit=unit, expires_at=expires_at)
    user = User(
        username=f"integration-{uuid.uuid4().hex[:12]}",
        first_name=_("Integration"),
        last_name=name[:150],
        organisation_id=access.organisation_id,
    )
    user.set_unusable_password()  # a service account: no sign-in, only the key
    user.save()
    Membership.objects.create(
        user=user, organisation_id=access.organisation_id, unit=unit, role=role
    )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    integration = Integration.objects.create(
        organisation_id=access.organisation_id,
        name=name,
        role=role,
        unit=unit,
        user=user,
        token_hash=key_hash(key),
        token_prefix=key[: len(KEY_PREFIX) + 4],
        created_by=actor,
        expires_at=expires_at,
    )
    security_event_record(
        kind=SecurityEvent.Kind.INTEGRATION_ISSUED,
        user=user,
        actor=actor,
        detail=f"{integration.label}: {Role(role).label}"
        + (f", {unit.name}" if unit is not None else "")
        + f", {_('giltig till')} {timezone.localtime(expires_at):%Y-%m-%d}",
    )
    return integration, key


@transaction.atomic
def integration_revoke(*, actor, integration: Integration) -> Integration:
    locked = Integration.objects.select_for_update().get(pk=integration.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    # The service account goes with the key: it cannot act again.
    User.objects.filter(pk=locked.user_id).update(is_active=False)
    security_event_record(
        kind=SecurityEvent.Kind.INTEGRATION_REVOKED,
        user=locked.user,
        actor=actor,
        detail=locked.label,
    )
    return locked


def integration_touch(integration: Integration) -> None:
    """Remember that the key was used (shown to the administrator)."""
    now = timezone.now()
    if integration.last_used_at is None or now - integration.last_used_at > LAST_USED_PRECISION:
        Integration.objects.filter(pk=integration.pk).update(last_used_at=now)
