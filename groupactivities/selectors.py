"""Reads of group activities, scoped to the actor's organisation and units."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.selectors import user_access
from activities.models import CatalogueItem, Format
from participants.models import Participant, Period
from participants.selectors import participant_scope

from .models import (
    Attendance,
    AttendanceStatus,
    GroupActivity,
    GroupMembership,
    GroupSession,
)


class TimelineRow(NamedTuple):
    start: date
    end: date | None
    label: str


def group_scope(*, actor) -> QuerySet[GroupActivity]:
    """Groups in the units where the actor works with cases; nothing for other roles."""
    access = user_access(actor)
    if not access.works_with_cases:
        return GroupActivity.objects.none()
    assert access.organisation_id is not None  # case units imply an organisation
    return GroupActivity.objects.filter(
        organisation_id=access.organisation_id, unit_id__in=access.case_unit_ids
    )


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(group=OuterRef("pk"), **filters)
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def group_list(*, actor, today: date | None = None) -> QuerySet[GroupActivity]:
    """The actor's groups with member and session counts and the next session (one query)."""
    today = today or timezone.localdate()
    next_session = (
        GroupSession.objects.filter(group=OuterRef("pk"), held_on__gte=today)
        .order_by("held_on", "starts_at")
        .values("held_on")[:1]
    )
    return (
        group_scope(actor=actor)
        .select_related("catalogue_item", "unit", "leader")
        .annotate(
            member_count=_count(GroupMembership, left_on__isnull=True),
            session_count=_count(GroupSession),
            next_session_on=Subquery(next_session),
        )
        .order_by("name", "pk")
    )


def group_get(*, actor, group_id: int) -> GroupActivity:
    try:
        return (
            group_scope(actor=actor)
            .select_related("catalogue_item", "unit", "leader")
            .get(pk=group_id)
        )
    except (GroupActivity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def session_get(*, group: GroupActivity, session_id: int) -> GroupSession:
    try:
        return GroupSession.objects.get(pk=session_id, group=group)
    except (GroupSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def membership_get(*, group: GroupActivity, membership_id: int) -> GroupMembership:
    try:
        return GroupMembership.objects.select_related("participant", "activity").get(
            pk=membership_id, group=group
        )
    except (GroupMembership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def group_catalogue(*, organisation_id: int, include_id=None) -> QuerySet[CatalogueItem]:
    """Active group activities of the organisation's catalogue (and the group's own item,
    archived or not, when editing)."""
    condition = Q(format=Format.GROUP, is_active=True)
    if include_id:
        condition |= Q(pk=include_id)
    return CatalogueItem.objects.filter(condition, organisation_id=organisation_id).order_by("name")


def candidates_for(*, actor, group: GroupActivity):
    """Enrolled participants of the group's unit whom the actor may see, not yet members."""
    open_period = Period.objects.filter(participant=OuterRef("pk"), closed_on__isnull=True)
    current = GroupMembership.objects.filter(group=group, left_on__isnull=True).values(
        "participant_id"
    )
    return (
        participant_scope(actor=actor)
        .filter(unit_id=group.unit_id)
        .filter(Q(pk__in=Subquery(open_period.values("participant_id"))))
        .exclude(pk__in=current)
        .order_by("last_name", "first_name", "pk")
    )


@dataclass
class Cell:
    session: GroupSession
    name: str  # the form field's name
    status: str | None
    editable: bool
    # The status the page was opened with, when it differs from ``status`` (a form sent
    # back after a conflict shows the user's marks but remembers what they saw).
    seen_status: str | None = None
    kept_input: bool = False

    @property
    def seen(self) -> str | None:
        return self.seen_status if self.kept_input else self.status


@dataclass
class MemberRow:
    participant: Participant
    memberships: list[GroupMembership]
    cells: list[Cell] = field(default_factory=list)
    present: int = 0
    recorded: int = 0

    @property
    def share(self) -> int | None:
        """Per cent of the recorded sessions the member was present at."""
        return round(100 * self.present / self.recorded) if self.recorded else None

    @property
    def current(self) -> GroupMembership | None:
        return next((m for m in self.memberships if m.left_on is None), None)


@dataclass
class Grid:
    sessions: list[GroupSession]
    all_sessions: int
    rows: list[MemberRow]


def field_name(session_id: int, participant_id: int) -> str:
    return f"a-{session_id}-{participant_id}"


def attendance_grid(*, group: GroupActivity, last: int | None = None) -> Grid:
    """Members (one row per person), sessions and attendance in four queries.

    Shares count every recorded session; ``last`` limits only the columns shown.
    """
    memberships = list(
        GroupMembership.objects.filter(group=group)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "joined_on", "pk")
    )
    sessions = list(GroupSession.objects.filter(group=group).order_by("held_on", "starts_at"))
    statuses = {
        (a["session_id"], a["participant_id"]): a["status"]
        for a in Attendance.objects.filter(session__group=group).values(
            "session_id", "participant_id", "status"
        )
    }
    rows: dict[int, MemberRow] = {}
    for membership in memberships:
        row = rows.setdefault(
            membership.participant_id, MemberRow(membership.participant, memberships=[])
        )
        row.memberships.append(membership)
    shown = sessions[-last:] if last else sessions
    shown_ids = {s.pk for s in shown}
    for row in rows.values():
        for session in sessions:
            status = statuses.get((session.pk, row.participant.pk))
            if status is not None:
                row.recorded += 1
                row.present += status == AttendanceStatus.PRESENT
            if session.pk in shown_ids:
                row.cells.append(
                    Cell(
                        session=session,
                        name=field_name(session.pk, row.participant.pk),
                        status=status,
                        editable=any(m.covers(session.held_on) for m in row.memberships),
                    )
                )
    return Grid(sessions=shown, all_sessions=len(sessions), rows=list(rows.values()))


def memberships_for(*, participant) -> list[TimelineRow]:
    """The participant's group memberships as (start, end, label), oldest first."""
    return [
        TimelineRow(m.joined_on, m.left_on, m.group.name)
        for m in GroupMembership.objects.filter(participant=participant)
        .select_related("group")
        .order_by("joined_on", "pk")
    ]
