"""Reads for the log review: the access log in the reviewer's scope, the flags, reviews.

Scope (docs/adr/0014-log-review.md): a security officer reads the whole organisation's
access log; a manager reads the events about participants of their units (as the
subject or listed on a list page) and the events by users who have a role in their
units. Another organisation's events are never reached.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership, Role, Unit, User
from accounts.selectors import user_access
from audit.models import AccessEvent, AccessEventParticipant
from participants.models import CoachAssignment, Participant, Period

from .models import Flag, LogReview, LogReviewUnit

# Actions that read a participant's data, for "many participants in a short time".
READ_ACTIONS = (
    AccessEvent.Action.VIEW,
    AccessEvent.Action.VIEW_RESTRICTED,
    AccessEvent.Action.REVEAL,
    AccessEvent.Action.PRINT,
)


def log_review_settings() -> dict:
    return settings.LOG_REVIEW


def _listed(participants) -> Exists:
    return Exists(
        AccessEventParticipant.objects.filter(event=OuterRef("pk"), participant__in=participants)
    )


def event_scope(*, actor) -> QuerySet[AccessEvent]:
    """The access events the actor may review. Unlogged: the views log what they show."""
    access = user_access(actor)
    if access.organisation_id is None or not access.reviews_access_log:
        return AccessEvent.objects.none()
    events = AccessEvent.objects.filter(organisation_id=access.organisation_id)
    if access.is_security_officer:
        return events
    units = access.manager_unit_ids
    unit_users = Membership.objects.filter(
        organisation_id=access.organisation_id, unit_id__in=units
    ).values("user_id")
    unit_participants = Participant.objects.filter(
        organisation_id=access.organisation_id, unit_id__in=units
    ).values("pk")
    return events.filter(
        Q(participant__unit_id__in=units)
        | Q(actor_id__in=unit_users)
        | Q(actor_id=actor.pk)
        | _listed(unit_participants)
    )


def _day_bounds(date_from: datetime.date | None, date_to: datetime.date | None) -> Q:
    """Local calendar days as a range on `at`, so the index on `at` is used."""
    condition = Q()
    if date_from:
        condition &= Q(
            at__gte=timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
        )
    if date_to:
        end = date_to + datetime.timedelta(days=1)
        condition &= Q(
            at__lt=timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))
        )
    return condition


def participant_matches(*, organisation_id: int, query: str) -> QuerySet[Participant]:
    """The organisation's participants whose name or personal number matches `query`.

    Only used inside an event filter that is already scoped, so a match outside the
    reviewer's scope shows no events and reveals nothing.
    """
    query = query.strip()
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q()
    words = [word for word in query.split() if not any(ch.isdigit() for ch in word)]
    for word in words:
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    if len(digits) >= 6:
        condition = (
            (condition & Q(personal_identity_number__contains=digits))
            if words
            else Q(personal_identity_number__contains=digits)
        )
    elif not words:
        return Participant.objects.none()
    return Participant.objects.filter(organisation_id=organisation_id).filter(condition)


def with_rows(events: QuerySet[AccessEvent]) -> QuerySet[AccessEvent]:
    """What a table row shows: the user, the participant and those a list page listed."""
    return events.select_related("actor", "participant").prefetch_related(
        Prefetch(
            "listed",
            queryset=AccessEventParticipant.objects.select_related("participant").order_by(
                "participant__last_name", "participant__first_name", "participant_id"
            ),
        )
    )


def event_search(
    *,
    actor,
    user_id: int | None = None,
    participant_query: str = "",
    participant_id: int | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessEvent]:
    """The actor's scope of the access log narrowed by the filters, newest first.

    A participant filter matches the events where the participant was the subject and
    the list-page events that listed them.
    """
    events = event_scope(actor=actor).filter(_day_bounds(date_from, date_to))
    if user_id:
        events = events.filter(actor_id=user_id)
    organisation_id = user_access(actor).organisation_id
    if organisation_id is None:
        return events  # event_scope is empty without an organisation
    if participant_id:
        matching = Participant.objects.filter(
            organisation_id=organisation_id, pk=participant_id
        ).values("pk")
        events = events.filter(Q(participant_id=participant_id) | _listed(matching))
    if participant_query.strip():
        matching = participant_matches(
            organisation_id=organisation_id, query=participant_query
        ).values("pk")
        events = events.filter(Q(participant__in=matching) | _listed(matching))
    if action:
        events = events.filter(action=action)
    return events.order_by("-at", "-id")


def user_choices(*, actor) -> QuerySet[User]:
    """Users of the actor's organisation, for the search's user filter."""
    organisation_id = user_access(actor).organisation_id
    if organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=organisation_id).order_by(
        "first_name", "last_name", "username"
    )


# --- Flags --------------------------------------------------------------------------


def _outside_caseload(events: QuerySet[AccessEvent]) -> QuerySet[AccessEvent]:
    """The actor was not the participant's coach on that day, and has no role in the
    participant's unit (coach or manager there, or manager of the whole organisation)."""
    was_coach = CoachAssignment.objects.filter(
        participant_id=OuterRef("participant_id"),
        coach_id=OuterRef("actor_id"),
        started_on__lte=OuterRef("at_date"),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("at_date")))
    in_unit = Membership.objects.filter(
        user_id=OuterRef("actor_id"),
        role__in=[Role.COACH, Role.MANAGER],
        unit_id=OuterRef("participant__unit_id"),
    )
    org_wide_manager = Membership.objects.filter(
        user_id=OuterRef("actor_id"),
        role=Role.MANAGER,
        unit__isnull=True,
        organisation_id=OuterRef("organisation_id"),
    )
    return (
        events.filter(participant__isnull=False, actor__isnull=False)
        .annotate(at_date=TruncDate("at"))
        .filter(~Exists(was_coach), ~Exists(in_unit), ~Exists(org_wide_manager))
    )


def _after_close(events: QuerySet[AccessEvent], *, grace_days: int) -> QuerySet[AccessEvent]:
    """No enrolment period covered the day, counting `grace_days` after a closing day,
    and an earlier period had closed before that."""
    covering = Period.objects.filter(
        participant_id=OuterRef("participant_id"), started_on__lte=OuterRef("at_date")
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef("grace_date")))
    closed_before = Period.objects.filter(
        participant_id=OuterRef("participant_id"), closed_on__lt=OuterRef("grace_date")
    )
    return (
        events.filter(participant__isnull=False)
        .annotate(
            at_date=TruncDate("at"),
            grace_date=TruncDate(F("at") - datetime.timedelta(days=grace_days)),
        )
        .filter(~Exists(covering), Exists(closed_before))
    )


def _many_participants(
    events: QuerySet[AccessEvent], *, threshold: int, minutes: int
) -> QuerySet[AccessEvent]:
    """Reads at which the user had read more than `threshold` distinct participants in
    the `minutes` up to and including that moment (all their reads in the organisation)."""
    window = (
        AccessEvent.objects.filter(
            organisation_id=OuterRef("organisation_id"),
            actor_id=OuterRef("actor_id"),
            action__in=READ_ACTIONS,
            participant__isnull=False,
            at__gt=OuterRef("window_start"),
            at__lte=OuterRef("at"),
        )
        .order_by()
        .values("actor_id")
        .annotate(n=Count("participant_id", distinct=True))
        .values("n")
    )
    return (
        events.filter(action__in=READ_ACTIONS, participant__isnull=False, actor__isnull=False)
        .annotate(
            window_start=F("at") - datetime.timedelta(minutes=minutes),
            window_count=Subquery(window),
        )
        .filter(window_count__gt=threshold)
    )


def flag_events(
    *, actor, flag: str, date_from: datetime.date, date_to: datetime.date
) -> QuerySet[AccessEvent]:
    """The events behind one flag in the period, in the actor's scope, newest first."""
    config = log_review_settings()
    events = event_scope(actor=actor).filter(_day_bounds(date_from, date_to))
    if flag == Flag.OUTSIDE_CASELOAD:
        events = _outside_caseload(events)
    elif flag == Flag.AFTER_CLOSE:
        events = _after_close(events, grace_days=config["AFTER_CLOSE_GRACE_DAYS"])
    elif flag == Flag.MANY_PARTICIPANTS:
        events = _many_participants(
            events,
            threshold=config["MANY_PARTICIPANTS"],
            minutes=config["MANY_PARTICIPANTS_MINUTES"],
        )
    elif flag == Flag.REVEAL:
        events = events.filter(action=AccessEvent.Action.REVEAL)
    elif flag == Flag.EXPORT:
        events = events.filter(action=AccessEvent.Action.EXPORT)
    elif flag == Flag.PRINT:
        events = events.filter(action=AccessEvent.Action.PRINT)
    else:
        raise Http404
    return events.order_by("-at", "-id")


def flag_counts(*, actor, date_from: datetime.date, date_to: datetime.date) -> dict[str, int]:
    """How many events each flag has in the period: one query per flag."""
    return {
        flag: flag_events(actor=actor, flag=flag, date_from=date_from, date_to=date_to)
        .order_by()
        .count()
        for flag in Flag.values
    }


def many_participants_by_user(
    *, actor, date_from: datetime.date, date_to: datetime.date
) -> list[dict]:
    """Per user behind the "many participants" flag: the largest count and when."""
    events = flag_events(
        actor=actor, flag=Flag.MANY_PARTICIPANTS, date_from=date_from, date_to=date_to
    )
    rows: list = list(  # of dicts, which get a name and local times below
        events.order_by()
        .values("actor_id", "actor__first_name", "actor__last_name", "actor__username")
        .annotate(most=Max("window_count"), first=Min("at"), last=Max("at"), events=Count("id"))
        .order_by("-most", "actor_id")
    )
    for row in rows:
        name = f"{row['actor__first_name']} {row['actor__last_name']}".strip()
        row["name"] = name or row["actor__username"]
        row["first"] = timezone.localtime(row["first"])
        row["last"] = timezone.localtime(row["last"])
    return rows


# --- Reviews ------------------------------------------------------------------------


def review_scope(*, actor) -> QuerySet[LogReview]:
    """Reviews the actor may read: the organisation's for a security officer; for a
    manager, the whole-organisation reviews and those covering one of their units."""
    access = user_access(actor)
    if access.organisation_id is None or not access.reviews_access_log:
        return LogReview.objects.none()
    reviews = LogReview.objects.filter(organisation_id=access.organisation_id)
    if access.is_security_officer:
        return reviews
    covers = LogReviewUnit.objects.filter(
        review_id=OuterRef("pk"), unit_id__in=access.manager_unit_ids
    )
    return reviews.filter(Q(whole_organisation=True) | Exists(covers))


def review_list(*, actor, limit: int = 20) -> QuerySet[LogReview]:
    return (
        review_scope(actor=actor).select_related("reviewer").order_by("-period_end", "-id")[:limit]
    )


def review_get(*, actor, review_id: int) -> LogReview:
    try:
        return (
            review_scope(actor=actor)
            .select_related("reviewer")
            .prefetch_related("units")
            .get(pk=review_id)
        )
    except (LogReview.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewStatus:
    last: LogReview | None
    due_on: datetime.date | None
    overdue: bool


def review_status(*, actor, today: datetime.date | None = None) -> ReviewStatus:
    """The last review that covers the actor's whole scope, and when the next is due.

    For a security officer the last whole-organisation review. For a manager each of
    their units has its last covering review (their own, another manager's, or a
    whole-organisation one); the oldest of those decides. Two queries at most.
    """
    access = user_access(actor)
    today = today or timezone.localdate()
    none = ReviewStatus(last=None, due_on=None, overdue=False)
    if access.organisation_id is None or not access.reviews_access_log:
        return none
    reviews = LogReview.objects.filter(organisation_id=access.organisation_id).select_related(
        "reviewer"
    )
    if access.is_security_officer:
        last = reviews.filter(whole_organisation=True).order_by("-period_end", "-id").first()
    else:
        covering = (
            LogReview.objects.filter(organisation_id=access.organisation_id)
            .filter(
                Q(whole_organisation=True)
                | Exists(
                    LogReviewUnit.objects.filter(
                        review_id=OuterRef("pk"), unit_id=OuterRef(OuterRef("pk"))
                    )
                )
            )
            .order_by("-period_end", "-id")
            .values("pk")[:1]
        )
        last_ids = list(
            Unit.objects.filter(id__in=access.manager_unit_ids)
            .annotate(last_review_id=Subquery(covering))
            .values_list("last_review_id", flat=True)
        )
        if not last_ids or None in last_ids:
            return none
        last = reviews.filter(pk__in=set(last_ids)).order_by("period_end", "id").first()
    if last is None:
        return none
    due_on = add_months(last.period_end, log_review_settings()["INTERVAL_MONTHS"])
    return ReviewStatus(last=last, due_on=due_on, overdue=due_on < today)


def default_period(*, actor, today: datetime.date | None = None):
    """From the day after the last review's period (else the previous month's first day)
    to today."""
    today = today or timezone.localdate()
    status = review_status(actor=actor, today=today)
    if status.last is not None and status.last.period_end < today:
        return status.last.period_end + datetime.timedelta(days=1), today
    first_of_month = today.replace(day=1)
    return add_months(first_of_month, -1), today
