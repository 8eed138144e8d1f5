"""Reads of work training. Callers pass a participant that came through
``participants.selectors.participant_get`` (scoped and logged); the due list scopes
itself to the actor."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import user_access
from core import method
from journey.steps import Step
from matching.models import IndividualPlan
from participants.models import CoachAssignment

from .models import (
    Adaptation,
    Competence,
    FollowUp,
    Placement,
    ScheduleWeek,
)

# Weeks with planned hours at full time before the coach looks at employment
# ("väl fungerande arbetsträning på heltid i cirka en månad", seed 004).
FULL_TIME_WEEKS_BEFORE_EMPLOYMENT = 4


def full_time_hours() -> Decimal:
    """Hours per week that count as full time in work training (core/method.py)."""
    return Decimal(method.full_time_hours())


def today() -> datetime.date:
    return timezone.localdate()


def _get(qs, **lookup):
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def placement_list(*, participant) -> list[Placement]:
    return list(Placement.objects.filter(participant=participant).order_by("-started_on", "-id"))


def placement_current(*, participant) -> Placement | None:
    """The ongoing placement, else the latest one, else None."""
    return (
        Placement.objects.filter(participant=participant)
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-id")
        .first()
    )


def placement_get(*, participant, placement_id: int) -> Placement:
    return _get(
        Placement.objects.filter(participant=participant).select_related(
            "final_documentation", "competence_card", "three_party_meeting"
        ),
        pk=placement_id,
    )


def adaptation_list(*, placement) -> list[Adaptation]:
    return list(placement.adaptations.order_by("created_at", "id"))


def adaptation_get(*, placement, adaptation_id: int) -> Adaptation:
    return _get(placement.adaptations.all(), pk=adaptation_id)


def follow_up_list(*, placement) -> list[FollowUp]:
    return list(placement.follow_ups.order_by("-held_on", "-id"))


def follow_up_get(*, placement, follow_up_id: int) -> FollowUp:
    return _get(placement.follow_ups.all(), pk=follow_up_id)


# --- Schedule and attendance ---------------------------------------------------------


def _percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def schedule_weeks(*, placement) -> list[ScheduleWeek]:
    """The weeks in order, each with ``attended_share`` (per cent of planned hours attended;
    None before attendance is recorded or when nothing was planned), computed in the
    database."""
    # Any: the weeks carry the `share` annotation and get `attended_share`.
    weeks: list[Any] = list(
        ScheduleWeek.objects.filter(placement=placement)
        .annotate(
            share=Cast("actual_hours", FloatField())
            * 100.0
            / NullIf(Cast("planned_hours", FloatField()), 0.0)
        )
        .order_by("week_start")
    )
    for week in weeks:
        week.attended_share = (
            None
            if week.share is None
            else Decimal(str(week.share)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    return weeks


@dataclass(frozen=True)
class Attendance:
    """Attendance over the weeks where it is recorded (weeks still to come do not count)."""

    planned_hours: Decimal  # planned in the recorded weeks
    actual_hours: Decimal
    recorded_weeks: int
    weeks: int
    full_time_weeks: int  # weeks begun so far with planned hours at full time

    @property
    def share(self) -> Decimal | None:
        return _percent(self.actual_hours, self.planned_hours)

    @property
    def time_to_look_at_employment(self) -> bool:
        return self.full_time_weeks >= FULL_TIME_WEEKS_BEFORE_EMPLOYMENT


def _full_time_filter(day: datetime.date) -> Q:
    return Q(planned_hours__gte=full_time_hours(), week_start__lte=day)


def attendance(*, placement, on: datetime.date | None = None) -> Attendance:
    """One aggregate query over the placement's schedule."""
    recorded = Q(actual_hours__isnull=False)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=6, decimal_places=1))
    totals = ScheduleWeek.objects.filter(placement=placement).aggregate(
        planned=Coalesce(Sum("planned_hours", filter=recorded), zero),
        actual=Coalesce(Sum("actual_hours", filter=recorded), zero),
        recorded_weeks=Count("pk", filter=recorded),
        weeks=Count("pk"),
        full_time_weeks=Count("pk", filter=_full_time_filter(on or today())),
    )
    return Attendance(
        planned_hours=Decimal(totals["planned"]),
        actual_hours=Decimal(totals["actual"]),
        recorded_weeks=totals["recorded_weeks"],
        weeks=totals["weeks"],
        full_time_weeks=totals["full_time_weeks"],
    )


def time_to_look_at_employment(*, placement, on: datetime.date | None = None) -> bool:
    """After about a month at full time (4 weeks planned at full time, begun by ``on``),
    the coach looks at employment; only while the placement is ongoing."""
    return (
        placement.is_ongoing and attendance(placement=placement, on=on).time_to_look_at_employment
    )


# --- The due list ----------------------------------------------------------------------


def follow_ups_due(*, actor, on: datetime.date | None = None) -> QuerySet[Placement]:
    """Ongoing placements of the actor's participants (their own as coach, their units' as
    manager) without a follow-up in the current month. One query; each row carries
    ``last_follow_up``, ``full_time_weeks`` and ``coach_name``."""
    on = on or today()
    month_start = on.replace(day=1)
    access = user_access(actor)
    if not access.works_with_cases:
        return Placement.objects.none()
    assert access.organisation_id is not None  # case units imply an organisation
    own_case = Exists(
        CoachAssignment.objects.filter(
            participant=OuterRef("participant"), coach=actor, ended_on__isnull=True
        )
    )
    current_coach = CoachAssignment.objects.filter(
        participant=OuterRef("participant"), ended_on__isnull=True
    ).annotate(name=Concat("coach__first_name", Value(" "), "coach__last_name"))
    full_time_weeks = (
        ScheduleWeek.objects.filter(placement=OuterRef("pk"))
        .filter(_full_time_filter(on))
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest_follow_up = (
        FollowUp.objects.filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(latest=Max("held_on"))
        .values("latest")
    )
    return (
        Placement.objects.filter(
            participant__organisation_id=access.organisation_id,
            ended_on__isnull=True,
            started_on__lte=on,
        )
        .filter(
            Q(participant__unit_id__in=access.manager_unit_ids)
            | (Q(participant__unit_id__in=access.coach_unit_ids) & own_case)
        )
        .exclude(
            Exists(
                FollowUp.objects.filter(
                    placement=OuterRef("pk"), held_on__gte=month_start, held_on__lte=on
                )
            )
        )
        .select_related("participant")
        .annotate(
            last_follow_up=Subquery(latest_follow_up),
            coach_name=Subquery(current_coach.values("name")[:1]),
            full_time_weeks=Coalesce(Subquery(full_time_weeks), 0, output_field=IntegerField()),
        )
        .annotate(
            look_at_employment=Case(
                When(full_time_weeks__gte=FULL_TIME_WEEKS_BEFORE_EMPLOYMENT, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by(
            F("last_follow_up").asc(nulls_first=True),
            "participant__last_name",
            "participant__first_name",
            "pk",
        )
    )


# --- Final documentation ---------------------------------------------------------------


def _format_hours(value: Decimal) -> str:
    return number_format(value, 1 if value % 1 else 0)


def attendance_sentence(*, placement, figures: Attendance) -> str:
    if not figures.recorded_weeks:
        return ""
    return ngettext(
        "Närvaro %(share)s %% av planerad tid: %(actual)s av %(planned)s timmar under "
        "%(weeks)s vecka med registrerad närvaro.",
        "Närvaro %(share)s %% av planerad tid: %(actual)s av %(planned)s timmar under "
        "%(weeks)s veckor med registrerad närvaro.",
        figures.recorded_weeks,
    ) % {
        # No hours planned in the recorded weeks leaves no share (an edge the sentence
        # does not word yet).
        "share": number_format(figures.share, 1),  # type: ignore[arg-type]
        "actual": _format_hours(figures.actual_hours),
        "planned": _format_hours(figures.planned_hours),
        "weeks": figures.recorded_weeks,
    }


def final_documentation_initial(*, placement) -> dict:
    """What the product already knows, for the coach to edit: workplace, tasks,
    adaptations with their effect, and attendance from the records."""
    workplace = f"{placement.workplace} ({placement.get_workplace_kind_display().lower()})"
    if placement.ended_on:
        period = _("Arbetsträning %(start)s–%(end)s") % {
            "start": placement.started_on.isoformat(),
            "end": placement.ended_on.isoformat(),
        }
    else:
        period = _("Arbetsträning från %(start)s") % {"start": placement.started_on.isoformat()}
    supervisor = _("Handledare på arbetsplatsen: %(name)s") % {"name": placement.supervisor_name}
    adaptations = []
    for adaptation in adaptation_list(placement=placement):
        line = f"– {adaptation.what}: {adaptation.why}"
        if adaptation.effect:
            line += " " + _("Effekt: %(effect)s") % {"effect": adaptation.effect}
        adaptations.append(line)
    return {
        "workplace": f"{workplace}. {period}. {supervisor}.",
        "tasks": placement.tasks,
        "adaptations": "\n".join(adaptations),
        "attendance": attendance_sentence(
            placement=placement, figures=attendance(placement=placement)
        ),
        "written_on": placement.ended_on or today(),
    }


def competence_ratings(*, card) -> list[tuple[str | Promise, object]]:
    """(competence label, rating row or None) in the card's order."""
    rows = {r.competence: r for r in card.ratings.all()} if card else {}
    return [(label, rows.get(code)) for code, label in Competence.choices]


# --- Journey and timeline --------------------------------------------------------------


def placement_periods(*, participant) -> list[tuple[datetime.date, datetime.date | None, str]]:
    """(start, end or None, workplace) per placement, oldest first: one query."""
    return list(
        Placement.objects.filter(participant=participant)
        .order_by("started_on", "id")
        .values_list("started_on", "ended_on", "workplace")
    )


def journey_steps(*, participant) -> list[Step]:
    """The work-training steps of the journey, from the latest placement: two queries."""
    placement = (
        Placement.objects.filter(participant=participant)
        .select_related("final_documentation", "competence_card", "three_party_meeting")
        .annotate(
            plan_first=Exists(
                IndividualPlan.objects.filter(
                    participant=OuterRef("participant"), drawn_up_on__lte=OuterRef("started_on")
                )
            )
        )
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-id")
        .first()
    )
    url = reverse("worktraining:placement", args=[participant.pk])
    if placement is None:
        return [
            Step(key="work_training", label=_("Arbetsträning"), done_on=None, url=url),
            Step(key="follow_up", label=_("Månatlig uppföljning"), done_on=None, url=url),
            Step(key="final_documentation", label=_("Slutdokumentation"), done_on=None, url=url),
            Step(key="competence_card", label=_("Kompetenskort"), done_on=None, url=url),
            Step(key="three_party_meeting", label=_("Trepartsmöte"), done_on=None, url=url),
        ]
    on = today()
    month_start = on.replace(day=1)
    follow_ups = placement.follow_ups.aggregate(
        latest=Max("held_on"),
        n=Count("pk"),
        this_month=Count("pk", filter=Q(held_on__gte=month_start, held_on__lte=on)),
    )
    # The monthly follow-up is done for the month; while the placement runs, a month
    # without one makes it due, as on the coach's due list (follow_ups_due).
    follow_up_due = (
        placement.ended_on is None and placement.started_on <= on and not follow_ups["this_month"]
    )
    document = getattr(placement, "final_documentation", None)
    card = getattr(placement, "competence_card", None)
    meeting = getattr(placement, "three_party_meeting", None)
    args = [participant.pk, placement.pk]
    return [
        Step(
            key="work_training",
            label=_("Arbetsträning"),
            started_on=placement.started_on,
            done_on=placement.ended_on,
            url=url,
            detail=placement.workplace,
            warning=""
            if placement.plan_first
            else _(
                "Arbetsträningen började utan en individuell plan; handboken sätter planen först."
            ),
        ),
        Step(
            key="follow_up",
            label=_("Månatlig uppföljning"),
            done_on=follow_ups["latest"],
            due=follow_up_due,
            url=url + "#uppfoljningar",
            detail=(
                _("Senaste %(date)s (%(n)s st.)")
                % {"date": follow_ups["latest"].isoformat(), "n": follow_ups["n"]}
                if follow_ups["latest"]
                else ""
            ),
        ),
        Step(
            key="final_documentation",
            label=_("Slutdokumentation"),
            done_on=document.written_on if document else None,
            url=reverse("worktraining:final_documentation", args=args),
        ),
        Step(
            key="competence_card",
            label=_("Kompetenskort"),
            done_on=card.assessed_on if card else None,
            url=reverse("worktraining:competence_card", args=args),
        ),
        Step(
            key="three_party_meeting",
            label=_("Trepartsmöte"),
            done_on=meeting.held_on if meeting else None,
            url=reverse("worktraining:three_party_meeting", args=args),
            detail=meeting.get_outcome_display() if meeting else "",
        ),
    ]


def final_documentation_get(*, placement):
    document = getattr(placement, "final_documentation", None)
    if document is None:
        raise Http404
    return document


def competence_card_get(*, placement):
    card = getattr(placement, "competence_card", None)
    if card is None:
        raise Http404
    return card
