"""Reads about users and what they may reach. The one place roles are interpreted."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

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
    user._stegvis_access = access
    return access


def unit_list_for_cases(*, actor: User) -> QuerySet[Unit]:
    """Units the actor works with cases in, for filters and forms."""
    return Unit.objects.filter(id__in=user_access(actor).case_unit_ids).order_by("name")


def coach_list(*, actor: User, unit_ids=None) -> QuerySet[User]:
    """Active coaches in the actor's case units (or the given subset of them)."""
    allowed = user_access(actor).case_unit_ids
    if unit_ids is not None:
        allowed = allowed & frozenset(unit_ids)
    return (
        User.objects.filter(
            is_active=True,
            organisation_id=user_access(actor).organisation_id,
            memberships__role=Role.COACH,
            memberships__unit_id__in=allowed,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def is_coach_in_unit(*, user: User, unit: Unit) -> bool:
    return Membership.objects.filter(
        user=user, user__is_active=True, unit=unit, role=Role.COACH
    ).exists()
