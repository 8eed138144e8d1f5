"""Reads about users and what they may reach. The one place roles are interpreted."""

import functools
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CheckConstraint, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Membership, Role, Unit, User


@dataclass(frozen=True)
class Access:
    """What one user may reach, computed once per request."""

    organisation_id: int | None
    coach_unit_ids: frozenset[int] = field(default_factory=frozenset)
    manager_unit_ids: frozenset[int] = field(default_factory=frozenset)
    is_administrator: bool = False
    is_county_analyst: bool = False
    is_security_officer: bool = False

    @property
    def case_unit_ids(self) -> frozenset[int]:
        """Units whose participants the user may see: coach or manager there."""
        return self.coach_unit_ids | self.manager_unit_ids

    @property
    def works_with_cases(self) -> bool:
        return bool(self.case_unit_ids)

    @property
    def is_manager(self) -> bool:
        return bool(self.manager_unit_ids)

    @property
    def is_coach(self) -> bool:
        return bool(self.coach_unit_ids)

    @property
    def reviews_access_log(self) -> bool:
        """Managers review their units' log; a security officer the organisation's."""
        return self.is_manager or self.is_security_officer


def user_access(user: User) -> Access:
    """The acting user's access, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Access(organisation_id=None)
    cached = getattr(user, "_stegvis_access", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user, organisation_id=user.organisation_id).values_list(
            "role", "unit_id"
        )
    )
    coach, manager = set(), set()
    org_wide_manager = False
    for role, unit_id in memberships:
        if role == Role.COACH:
            coach.add(unit_id)
        elif role == Role.MANAGER:
            if unit_id is None:
                org_wide_manager = True
            else:
                manager.add(unit_id)
    if org_wide_manager:
        manager |= set(
            Unit.objects.filter(organisation_id=user.organisation_id).values_list("id", flat=True)
        )
    access = Access(
        organisation_id=user.organisation_id,
        coach_unit_ids=frozenset(coach),
        manager_unit_ids=frozenset(manager),
        is_administrator=any(role == Role.ADMINISTRATOR for role, _ in memberships),
        is_county_analyst=any(role == Role.COUNTY_ANALYST for role, _ in memberships),
        is_security_officer=any(role == Role.SECURITY_OFFICER for role, _ in memberships),
    )
    user._stegvis_access = access  # type: ignore[attr-defined]  # a per-request cache
    return access


def unit_list_for_cases(*, actor: User) -> QuerySet[Unit]:
    """Units the actor works with cases in, for filters and forms."""
    return Unit.objects.filter(id__in=user_access(actor).case_unit_ids).order_by("name")


def coach_list(*, actor: User, unit_ids=None) -> QuerySet[User]:
    """Active coaches in the actor's case units (or the given subset of them)."""
    access = user_access(actor)
    allowed = access.case_unit_ids
    if unit_ids is not None:
        allowed = allowed & frozenset(unit_ids)
    if access.organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            organisation_id=access.organisation_id,
            memberships__role=Role.COACH,
            memberships__unit_id__in=allowed,
            # An integration's service account (api.Integration) is nobody's coach.
            integration__isnull=True,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def is_coach_in_unit(*, user: User, unit: Unit) -> bool:
    return Membership.objects.filter(
        user=user, user__is_active=True, unit=unit, role=Role.COACH, user__integration__isnull=True
    ).exists()


# Account administration ------------------------------------------------------------


def user_list_for_administration(*, actor: User) -> QuerySet[User]:
    """The administrator's organisation's users with their memberships."""
    return (
        # Integrations' service accounts are managed on the API keys' page.
        User.objects.filter(
            organisation_id=_administered_organisation_id(actor), integration__isnull=True
        )
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
        )
        .order_by("last_name", "first_name", "username")
    )


def user_get(*, actor: User, user_id: int) -> User:
    """A user of the administrator's organisation; any other id is a 404."""
    return get_object_or_404(
        User.objects.filter(
            organisation_id=_administered_organisation_id(actor), integration__isnull=True
        ).select_related("organisation"),
        pk=user_id,
    )


def _administered_organisation_id(actor: User) -> int:
    access = user_access(actor)
    if not access.is_administrator or access.organisation_id is None:
        raise PermissionDenied
    return access.organisation_id


def user_version(user: User) -> str:
    """A fingerprint of what the administrator's form edits. Users have no version
    column; a change by anyone (details or roles) changes this, which is what the
    conflict check needs."""
    memberships = sorted(
        Membership.objects.filter(user=user).values_list("role", "unit_id"),
        key=lambda m: (m[0], m[1] or 0),
    )
    state = [
        user.username,
        user.first_name,
        user.last_name,
        user.email,
        user.sso_identifier or "",
        memberships,
    ]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:32]


@functools.cache
def role_unit_rule(role: str) -> str:
    """Whether a role needs a unit (REQUIRED), never has one (FORBIDDEN) or may have one
    (OPTIONAL), read from Membership's check constraints so that a new role in
    ``Role`` brings its own rule."""
    with_unit = membership_rule_error(role=role, unit=Unit(pk=0)) is None
    without_unit = membership_rule_error(role=role, unit=None) is None
    if with_unit and without_unit:
        return OPTIONAL
    return REQUIRED if with_unit else FORBIDDEN


REQUIRED, FORBIDDEN, OPTIONAL = "required", "forbidden", "optional"


def membership_rule_error(*, role: str, unit: Unit | None) -> str | None:
    """The message for a (role, unit) pair that Membership's check constraints refuse."""
    candidate = Membership(role=role, unit=unit)
    for constraint in Membership._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            constraint.validate(Membership, candidate, exclude={"user", "organisation"})
        except ValidationError:
            if unit is None:
                return _("Rollen %(role)s gäller en enhet: välj minst en.") % {
                    "role": Role(role).label
                }
            return _("Rollen %(role)s gäller hela organisationen, inte en enhet.") % {
                "role": Role(role).label
            }
    return None


def unit_list(*, organisation) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation=organisation).order_by("name")


def membership_list(*, user: User, order=("role", "unit__name")) -> QuerySet[Membership]:
    return user.memberships.select_related("unit").order_by(*order)


def units_for_administration(*, actor: User, user: User | None = None) -> list[Unit]:
    """The organisation's active units, and inactive ones the user still has a role in."""
    organisation_id = _administered_organisation_id(actor)
    condition = Q(is_active=True)
    if user is not None:
        condition |= Q(memberships__user=user)
    return list(
        Unit.objects.filter(condition, organisation_id=organisation_id).distinct().order_by("name")
    )


def security_events_for_user(*, actor: User, user: User, limit: int = 20):
    from audit.models import SecurityEvent

    _administered_organisation_id(actor)
    return list(
        SecurityEvent.objects.filter(user=user)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def locked_until(*, user: User):
    from . import lockout

    return lockout.locked_until(username=user.get_username())
