"""Writing the activity plan. Every save is a new version; earlier ones stay read-only."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from activities.models import ParticipantActivity
from activities.services import activity_add
from core.exceptions import ConflictError, RuleError
from participants.models import Participant
from participants.services import (
    open_period,
    participant_change_record,
    participant_lock,
)

from .models import ActivityPlan, PlanRow, SubGoalEvaluation


@dataclass
class RowInput:
    area_id: int
    sub_goal: str
    target_score: int | None = None
    activity_ids: list[int] = field(default_factory=list)
    start_date: datetime.date | None = None
    follow_up_date: datetime.date | None = None
    responsible: str = "participant"
    responsible_name: str = ""


@dataclass
class EvaluationInput:
    row_id: int
    result: str
    comment: str = ""


@transaction.atomic
def plan_save(
    *,
    actor,
    participant: Participant,
    assessment,
    goal: str,
    rows: list[RowInput],
    evaluations: Sequence[EvaluationInput] = (),
    based_on: ActivityPlan | None = None,
) -> ActivityPlan:
    participant = participant_lock(participant)
    if open_period(participant) is None:
        raise RuleError(_("Deltagaren är avslutad."))
    current = ActivityPlan.objects.filter(participant=participant, is_current=True).first()
    if based_on is not None and (current is None or current.pk != based_on.pk):
        raise ConflictError
    if based_on is None and current is not None:
        raise ConflictError
    if assessment.participant_id != participant.pk or assessment.deleted_at:
        raise RuleError(_("Planen måste bygga på en av deltagarens skattningar."))
    if not goal.strip():
        raise RuleError(_("Skriv målet: vilket arbete eller vilka studier."))
    if not rows:
        raise RuleError(_("Välj minst ett prioriterat område med ett delmål."))
    areas = {a.pk for a in assessment.version.plan_areas.all()}
    activity_ids = set(participant.activities.values_list("pk", flat=True))
    for row in rows:
        if row.area_id not in areas:
            raise RuleError(_("Området finns inte på skattningens kort."))
        if not set(row.activity_ids) <= activity_ids:
            raise RuleError(_("En av aktiviteterna hör inte till deltagaren."))
        if row.target_score is not None and not 1 <= row.target_score <= 5:
            raise RuleError(_("Målsiffran ska vara 1–5."))
        if row.start_date and row.follow_up_date and row.follow_up_date < row.start_date:
            raise RuleError(_("Uppföljningen kan inte ligga före startdatumet."))
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
        current_rows = {r.pk for r in current.rows.all()}
        for evaluation in evaluations:
            if evaluation.row_id not in current_rows:
                raise RuleError(_("Utvärderingen gäller inte den gällande planen."))
            SubGoalEvaluation.objects.update_or_create(
                row_id=evaluation.row_id,
                defaults={
                    "assessment": assessment,
                    "result": evaluation.result,
                    "comment": evaluation.comment.strip(),
                    "evaluated_by": actor,
                },
            )
    number = (
        ActivityPlan.objects.filter(participant=participant).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    plan = ActivityPlan.objects.create(
        participant=participant,
        assessment=assessment,
        number=number,
        goal=goal.strip(),
        created_by=actor,
    )
    for order, row in enumerate(rows):
        created = PlanRow.objects.create(
            plan=plan,
            area_id=row.area_id,
            order=order,
            target_score=row.target_score,
            sub_goal=row.sub_goal.strip(),
            start_date=row.start_date,
            follow_up_date=row.follow_up_date,
            responsible=row.responsible,
            responsible_name=row.responsible_name.strip(),
        )
        created.activities.set(row.activity_ids)
    participant_change_record(
        actor=actor, participant=participant, what=f"aktivitetsplan version {number}"
    )
    return plan


def plan_activity_add(
    *, actor, participant, catalogue_item, start_date: datetime.date, today: datetime.date
) -> ParticipantActivity:
    """An activity from the catalogue, added while the plan is being written: planned
    when it starts later, ongoing from its start (the method's reminders count both)."""
    status = (
        ParticipantActivity.Status.PLANNED
        if start_date > today
        else ParticipantActivity.Status.ONGOING
    )
    return activity_add(
        actor=actor,
        participant=participant,
        data={"start_date": start_date, "status": status},
        catalogue_item=catalogue_item,
    )
