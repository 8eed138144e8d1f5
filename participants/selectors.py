"""The one door to participant data: every read is scoped to the actor's units."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.selectors import user_access
from audit.models import AccessEvent
from audit.services import access_event_record

from .models import CoachAssignment, Participant, Period


def participant_scope(*, actor) -> QuerySet[Participant]:
    """Participants the actor may see. Unlogged: callers that show data log it.
    An erased participant (gallring) is an anonymous row for the figures only: no page
    shows it, so it is a 404 like a record of another organisation."""
    access = user_access(actor)
    if not access.works_with_cases:
        return Participant.objects.none()
    assert access.organisation_id is not None  # case units imply an organisation
    return Participant.objects.filter(
        organisation_id=access.organisation_id,
        unit_id__in=access.case_unit_ids,
        erased_at__isnull=True,
    )


# Returns the bare QuerySet: the annotation (`is_active`) is filtered on, which a
# QuerySet[Participant] would refuse as an unknown field.
def _with_current_state(qs: QuerySet[Participant]) -> QuerySet:
    open_period = Period.objects.filter(participant=OuterRef("pk"), closed_on__isnull=True)
    return (
        qs.select_related("unit")
        .annotate(is_active=Exists(open_period))
        .prefetch_related(
            Prefetch(
                "coach_assignments",
                queryset=CoachAssignment.objects.filter(ended_on__isnull=True).select_related(
                    "coach"
                ),
                to_attr="current_assignments",
            )
        )
    )


def participant_get(*, actor, participant_id: int, what: str = "deltagarsidan") -> Participant:
    """A participant the actor may see, or 404; the read is written to the access log."""
    try:
        participant = _with_current_state(participant_scope(actor=actor)).get(pk=participant_id)
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access_event_record(
        actor=actor, participant=participant, action=AccessEvent.Action.VIEW, what=what
    )
    return participant


def participant_list(
    *,
    actor,
    search: str = "",
    status: str = "",
    coach_id: int | None = None,
    unit_id: int | None = None,
) -> QuerySet[Participant]:
    qs = _with_current_state(participant_scope(actor=actor))
    search = search.strip()
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        condition = Q()
        for word in search.split():
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        if len(digits) >= 6:
            condition |= Q(personal_identity_number__contains=digits)
        qs = qs.filter(condition)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "closed":
        qs = qs.filter(is_active=False)
    if coach_id:
        qs = qs.filter(
            coach_assignments__coach_id=coach_id, coach_assignments__ended_on__isnull=True
        )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("last_name", "first_name", "pk")


def caseload(*, actor) -> QuerySet[Participant]:
    """Mina deltagare: the actor's active participants, newest activity first."""
    return (
        _with_current_state(participant_scope(actor=actor))
        .filter(
            is_active=True,
            coach_assignments__coach=actor,
            coach_assignments__ended_on__isnull=True,
        )
        .order_by("-last_activity_at", "pk")
    )


def current_coach(participant: Participant):
    assignments = getattr(participant, "current_assignments", None)
    if assignments is None:
        assignments = list(
            participant.coach_assignments.filter(ended_on__isnull=True).select_related("coach")
        )
    return assignments[0].coach if assignments else None


def period_list(*, participant: Participant) -> QuerySet[Period]:
    return participant.periods.order_by("-started_on", "-id")


def coach_assignment_list(*, participant: Participant) -> QuerySet[CoachAssignment]:
    return participant.coach_assignments.select_related("coach", "created_by").order_by(
        "-started_on", "-id"
    )


def participant_find_by_pin(*, organisation_id: int, pin: str, exclude_id=None):
    qs = Participant.objects.filter(organisation_id=organisation_id, personal_identity_number=pin)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.first()


PIN_CHECK = "personnummerkontroll"


@dataclass(frozen=True)
class PinMatch:
    """The organisation already has a case with the personal number. ``participant_id``
    is set only when the actor may open that case; otherwise the actor learns no more
    than that it exists."""

    participant_id: int | None


def participant_pin_check(*, actor, pin: str, exclude_id=None) -> PinMatch | None:
    """Whether the actor's organisation already holds ``pin``. A match tells the actor
    something about that person (they are a case here), so it is written to the access
    log as a read of that participant, also when the case is in a unit the actor cannot
    open; no match reads no one and writes nothing."""
    existing = participant_find_by_pin(
        organisation_id=actor.organisation_id, pin=pin, exclude_id=exclude_id
    )
    if existing is None:
        return None
    in_scope = participant_scope(actor=actor).filter(pk=existing.pk).exists()
    access_event_record(
        actor=actor,
        participant=existing,
        action=AccessEvent.Action.VIEW,
        what=PIN_CHECK if in_scope else f"{PIN_CHECK}: ärende på annan enhet",
    )
    return PinMatch(participant_id=existing.pk if in_scope else None)
