"""Changes to work training. Each runs in a transaction and writes its own access event.

Callers pass a participant that came through ``participants.selectors.participant_get``
and records that came through ``worktraining.selectors`` (scoped to that participant).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Kind, ParticipantActivity
from activities.services import activity_add, activity_update
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from core.services import locked_get, model_update, version_check
from matching.models import Destination
from matching.selectors import matching_decision_current
from participants.models import Participant
from participants.services import (
    open_period,
    participant_change_record,
    participant_lock,
)

from .models import (
    MAX_HOURS_PER_WEEK,
    RATING_MAX,
    RATING_MIN,
    Adaptation,
    Competence,
    CompetenceCard,
    CompetenceRating,
    FinalDocumentation,
    FollowUp,
    Placement,
    ScheduleWeek,
    ThreePartyMeeting,
)

PLACEMENT_FIELDS = (
    "workplace_kind",
    "workplace",
    "tasks",
    "supervisor_name",
    "supervisor_contact",
    "decision_date",
    "decision_reference",
    "started_on",
)
FINAL_DOCUMENTATION_FIELDS = (
    "written_on",
    "background",
    "current_situation",
    "workplace",
    "tasks",
    "adaptations",
    "attendance",
    "motivation",
    "cooperation",
    "supervision_need",
    "strengths",
    "development_areas",
    "other_observations",
    "supervisor_view",
    "participant_view",
    "summary",
)
FOLLOW_UP_FIELDS = (
    "held_on",
    "participant_present",
    "supervisor_present",
    "notes",
    "development_areas",
    "own_proposals",
    "support_needed",
    "own_responsibility",
)


def week_start_of(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week the day falls in."""
    return day - datetime.timedelta(days=day.weekday())


def _lock(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().get(pk=placement.pk)


def _check_placement_dates(data: dict) -> None:
    if data["started_on"] < data["decision_date"]:
        raise RuleError(
            _("Arbetsträningen kan inte börja före Arbetsförmedlingens beslut."),
            field="started_on",
        )


def _check_order(*, participant: Participant, started_on: datetime.date) -> None:
    """Work training follows a matching decision to work training (seed 004, step 4)."""
    decision = matching_decision_current(participant=participant)
    if decision is None or decision.destination != Destination.WORK_TRAINING:
        raise RuleError(
            _(
                "Deltagaren har inget matchningsbeslut till arbetsträning. Registrera "
                "matchningen först; arbetsträningen är inte sparad."
            )
        )
    if started_on < decision.decided_on:
        raise RuleError(
            _("Arbetsträningen kan inte börja före matchningsbeslutet (%(date)s).")
            % {"date": decision.decided_on.isoformat()},
            field="started_on",
        )


def _activity_name(workplace: str) -> str:
    return f"{_('Arbetsträning')}: {workplace}"[:200]


@transaction.atomic
def placement_start(*, actor, participant: Participant, data: dict) -> Placement:
    participant = participant_lock(participant)
    if open_period(participant) is None:
        raise RuleError(_("Deltagaren är avslutad."))
    if participant.placements.filter(ended_on__isnull=True).exists():
        raise RuleError(_("Deltagaren har redan en pågående arbetsträning. Avsluta den först."))
    _check_order(participant=participant, started_on=data["started_on"])
    _check_placement_dates(data)
    activity = activity_add(
        actor=actor,
        participant=participant,
        data={
            "name": _activity_name(data["workplace"]),
            "kind": Kind.JOB_FOCUSED,
            "indicator_codes": [],
            "start_date": data["started_on"],
            "end_date": None,
            "hours_per_week": None,
            "status": ParticipantActivity.Status.ONGOING,
        },
    )
    placement = Placement.objects.create(
        participant=participant,
        activity=activity,
        created_by=actor,
        **{field: data[field] for field in PLACEMENT_FIELDS},
    )
    participant_change_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CREATE,
        what=f"arbetsträning: {placement.workplace}",
    )
    return placement


@transaction.atomic
def placement_update(
    *, actor, placement: Placement, data: dict, expected_version: int
) -> Placement:
    locked = _lock(placement)
    version_check(locked, expected_version)
    merged = {field: data.get(field, getattr(locked, field)) for field in PLACEMENT_FIELDS}
    _check_placement_dates(merged)
    if merged["started_on"] != locked.started_on:
        _check_order(participant=locked.participant, started_on=merged["started_on"])
        if locked.ended_on and merged["started_on"] > locked.ended_on:
            raise RuleError(_("Startdatumet kan inte ligga efter slutdatumet."), field="started_on")
        if locked.weeks.filter(week_start__lt=week_start_of(merged["started_on"])).exists():
            raise RuleError(
                _("Det finns schemaveckor före det nya startdatumet. Ta bort dem först."),
                field="started_on",
            )
    model_update(locked, data=merged)
    activity_update(
        actor=actor,
        activity=locked.activity,
        data={"start_date": locked.started_on},
    )
    ParticipantActivity.objects.filter(pk=locked.activity_id).update(
        name=_activity_name(locked.workplace)
    )
    participant_change_record(
        actor=actor, participant=locked.participant, what="arbetsträning ändrad"
    )
    return locked


@transaction.atomic
def placement_end(
    *, actor, placement: Placement, ended_on: datetime.date, expected_version: int
) -> Placement:
    locked = _lock(placement)
    version_check(locked, expected_version)
    if locked.ended_on is not None:
        raise RuleError(_("Arbetsträningen är redan avslutad."))
    if ended_on < locked.started_on:
        raise RuleError(
            _("Slutdatumet kan inte ligga före startdatumet (%(date)s).")
            % {"date": locked.started_on.isoformat()},
            field="ended_on",
        )
    if locked.weeks.filter(week_start__gt=ended_on).exists():
        raise RuleError(
            _("Det finns schemaveckor efter slutdatumet. Ta bort dem eller välj ett senare datum."),
            field="ended_on",
        )
    model_update(locked, data={"ended_on": ended_on})
    activity_update(
        actor=actor,
        activity=locked.activity,
        data={"end_date": ended_on, "status": ParticipantActivity.Status.FINISHED},
    )
    participant_change_record(
        actor=actor,
        participant=locked.participant,
        action=AccessEvent.Action.CLOSE,
        what=f"arbetsträning avslutad: {locked.workplace}",
    )
    return locked


@dataclass(frozen=True)
class WeekInput:
    week_start: datetime.date
    planned_hours: Decimal
    actual_hours: Decimal | None = None
    note: str = ""


def _check_hours(value: Decimal | None, field: str) -> None:
    if value is not None and not 0 <= value <= MAX_HOURS_PER_WEEK:
        raise RuleError(
            _("Ange 0–%(max)s timmar per vecka.") % {"max": MAX_HOURS_PER_WEEK}, field=field
        )


@transaction.atomic
def schedule_save(
    *, actor, placement: Placement, weeks: list[WeekInput], expected_version: int
) -> Placement:
    """The schedule becomes exactly ``weeks``: rows not given are removed."""
    locked = _lock(placement)
    version_check(locked, expected_version)
    first_week = week_start_of(locked.started_on)
    seen = set()
    for week in weeks:
        if week.week_start.weekday() != 0:
            raise RuleError(_("En schemavecka börjar på en måndag."))
        if week.week_start in seen:
            raise RuleError(
                _("Vecka %(week)s finns två gånger i schemat.")
                % {"week": week.week_start.strftime("%G-%V")}
            )
        seen.add(week.week_start)
        if week.week_start < first_week or (locked.ended_on and week.week_start > locked.ended_on):
            raise RuleError(
                _("Vecka %(week)s ligger utanför arbetsträningen.")
                % {"week": week.week_start.strftime("%G-%V")}
            )
        _check_hours(week.planned_hours, "planned_hours")
        _check_hours(week.actual_hours, "actual_hours")
    locked.weeks.exclude(week_start__in=seen).delete()
    for week in weeks:
        ScheduleWeek.objects.update_or_create(
            placement=locked,
            week_start=week.week_start,
            defaults={
                "planned_hours": week.planned_hours,
                "actual_hours": week.actual_hours,
                "note": week.note.strip(),
            },
        )
    model_update(locked)
    participant_change_record(
        actor=actor, participant=locked.participant, what="arbetsträningsschema och närvaro"
    )
    return locked


@transaction.atomic
def adaptation_save(
    *,
    actor,
    placement: Placement,
    adaptation: Adaptation | None,
    data: dict,
    expected_version: int | None = None,
) -> Adaptation:
    if not data["what"].strip() or not data["why"].strip():
        raise RuleError(_("Skriv vad anpassningen är och varför den behövs."))
    values = {key: data.get(key, "").strip() for key in ("what", "why", "effect")}
    if adaptation is None:
        adaptation = Adaptation.objects.create(placement=placement, created_by=actor, **values)
        what = f"ny anpassning: {adaptation.what}"
    else:
        adaptation = locked_get(Adaptation, pk=adaptation.pk, placement=placement)
        model_update(adaptation, data=values, expected_version=expected_version, none_skips=True)
        what = f"anpassning ändrad: {adaptation.what}"
    participant_change_record(actor=actor, participant=placement.participant, what=what)
    return adaptation


@transaction.atomic
def follow_up_save(
    *,
    actor,
    placement: Placement,
    follow_up: FollowUp | None,
    data: dict,
    expected_version: int | None = None,
) -> FollowUp:
    if data["held_on"] < placement.started_on:
        raise RuleError(
            _("Uppföljningen kan inte ligga före arbetsträningens start."), field="held_on"
        )
    if not data["development_areas"].strip():
        raise RuleError(
            _("Skriv minst ett utvecklingsområde i utvecklingsplanen."),
            field="development_areas",
        )
    values = {
        key: data[key].strip() if isinstance(data[key], str) else data[key]
        for key in FOLLOW_UP_FIELDS
    }
    if follow_up is None:
        follow_up = FollowUp.objects.create(placement=placement, created_by=actor, **values)
        what = f"uppföljning {follow_up.held_on}"
    else:
        follow_up = locked_get(FollowUp, pk=follow_up.pk, placement=placement)
        model_update(follow_up, data=values, expected_version=expected_version, none_skips=True)
        what = f"uppföljning ändrad {follow_up.held_on}"
    participant_change_record(actor=actor, participant=placement.participant, what=what)
    return follow_up


def _placement_document_save(model, *, actor, placement, values: dict, expected_version):
    """A placement's one final documentation, competence card or three-party meeting:
    created when the form was opened on none (``expected_version`` None), else edited."""
    existing = model.objects.select_for_update().filter(placement=placement).first()
    if existing is None:
        if expected_version is not None:
            raise ConflictError  # the form was opened on one that is not there
        return model.objects.create(placement=placement, created_by=actor, **values)
    model_update(existing, data=values, expected_version=expected_version)
    return existing


@transaction.atomic
def final_documentation_save(
    *, actor, placement: Placement, data: dict, expected_version: int | None
) -> FinalDocumentation:
    """Create (expected_version None) or edit the placement's final documentation."""
    if not data["summary"].strip():
        raise RuleError(_("Skriv sammanfattningen och bedömningen."), field="summary")
    if data["written_on"] < placement.started_on:
        raise RuleError(
            _("Datumet kan inte ligga före arbetsträningens start."), field="written_on"
        )
    values = {
        key: data[key].strip() if isinstance(data[key], str) else data[key]
        for key in FINAL_DOCUMENTATION_FIELDS
    }
    document = _placement_document_save(
        FinalDocumentation,
        actor=actor,
        placement=placement,
        values=values,
        expected_version=expected_version,
    )
    participant_change_record(
        actor=actor, participant=placement.participant, what="slutdokumentation"
    )
    return document


@transaction.atomic
def competence_card_save(
    *,
    actor,
    placement: Placement,
    assessed_on: datetime.date,
    ratings: dict[str, tuple[int, str]],
    expected_version: int | None,
) -> CompetenceCard:
    """``ratings`` maps every competence code to (rating, comment)."""
    if set(ratings) != set(Competence.values):
        raise RuleError(_("Bedöm alla sex kompetenser."))
    for code, (rating, _comment) in ratings.items():
        if not RATING_MIN <= rating <= RATING_MAX:
            raise RuleError(
                _("Välj en siffra %(min)s–%(max)s.") % {"min": RATING_MIN, "max": RATING_MAX},
                field=f"{code}_rating",
            )
    if assessed_on < placement.started_on:
        raise RuleError(
            _("Datumet kan inte ligga före arbetsträningens start."), field="assessed_on"
        )
    card = _placement_document_save(
        CompetenceCard,
        actor=actor,
        placement=placement,
        values={"assessed_on": assessed_on},
        expected_version=expected_version,
    )
    for code, (rating, comment) in ratings.items():
        CompetenceRating.objects.update_or_create(
            card=card, competence=code, defaults={"rating": rating, "comment": comment.strip()}
        )
    participant_change_record(actor=actor, participant=placement.participant, what="kompetenskort")
    return card


@transaction.atomic
def three_party_meeting_save(
    *, actor, placement: Placement, data: dict, expected_version: int | None
) -> ThreePartyMeeting:
    if data["held_on"] < placement.started_on:
        raise RuleError(_("Mötet kan inte ligga före arbetsträningens start."), field="held_on")
    values = {
        "held_on": data["held_on"],
        "outcome": data["outcome"],
        "outcome_text": data.get("outcome_text", "").strip(),
    }
    meeting = _placement_document_save(
        ThreePartyMeeting,
        actor=actor,
        placement=placement,
        values=values,
        expected_version=expected_version,
    )
    participant_change_record(
        actor=actor,
        participant=placement.participant,
        what=f"trepartsmöte: {meeting.get_outcome_display()}",
    )
    return meeting
