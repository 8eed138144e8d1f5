"""Reads of assessments, the progression over occasions, and the cadence."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_access
from audit.models import AccessEvent
from audit.services import access_event_record
from core import method
from instruments.models import InstrumentVersion, Question, localised
from participants.models import Participant, Period
from participants.selectors import current_coach, participant_get

from . import cadence
from .chart import Occasion
from .models import Answer, Assessment


def can_see_restricted(*, actor, participant: Participant) -> bool:
    """Violence questions: only the responsible coach and managers of the unit."""
    if participant.unit_id in user_access(actor).manager_unit_ids:
        return True
    coach = current_coach(participant)
    return coach is not None and coach.pk == actor.pk


def may_delete_assessment(*, actor, participant: Participant) -> bool:
    """Deleting an assessment is for the responsible coach and the unit's managers."""
    return can_see_restricted(actor=actor, participant=participant)


def revision_list(*, assessment: Assessment):
    """The assessment's corrections and deletion, with who made them."""
    return assessment.revisions.select_related("revised_by")


def assessment_period(assessment: Assessment) -> Period | None:
    """The period the assessment was made in."""
    return (
        assessment.participant.periods.filter(started_on__lte=assessment.assessed_on)
        .order_by("-started_on")
        .first()
    )


def instrument_version_usable(*, version: InstrumentVersion, organisation_id: int) -> bool:
    return version.is_published and version.organisation_id in (None, organisation_id)


def _assessments(participant: Participant) -> QuerySet[Assessment]:
    """With the answers and the card's questions; an answer's question is the one of
    the card's questions already loaded (_link_questions), not loaded again per answer."""
    return (
        Assessment.objects.filter(participant=participant, deleted_at__isnull=True)
        .select_related("version__instrument", "created_by")
        .prefetch_related(
            "answers",
            Prefetch(
                "version__questions",
                queryset=Question.objects.select_related("indicator").order_by("number"),
            ),
        )
        .order_by("assessed_on", "id")
    )


def _link_questions(assessments: list[Assessment]) -> list[Assessment]:
    """Each answer's question (with its indicator) from its card's prefetched questions:
    a question and an indicator per answer, each with several JSON fields to decode,
    were most of the time of the participant page's assessments."""
    question_field = Answer._meta.get_field("question")
    for assessment in assessments:
        questions = {q.pk: q for q in assessment.version.questions.all()}
        for answer in assessment.answers.all():
            question = questions.get(answer.question_id)
            if question is not None:  # else loaded on use, as before
                question_field.set_cached_value(answer, question)
    return assessments


def assessment_list(*, participant: Participant) -> list[Assessment]:
    return _link_questions(list(_assessments(participant)))


def assessment_get(*, actor, participant_id: int, assessment_id: int, what: str):
    participant = participant_get(actor=actor, participant_id=participant_id, what=what)
    try:
        assessment = (
            _assessments(participant).select_related("violence_screening").get(pk=assessment_id)
        )
    except (Assessment.DoesNotExist, ValueError):
        raise Http404 from None
    _link_questions([assessment])
    return participant, assessment


def violence_screening_for(*, actor, participant: Participant, assessment: Assessment):
    """The restricted record, when the actor may see it; the view is logged."""
    if not can_see_restricted(actor=actor, participant=participant):
        return None
    screening = getattr(assessment, "violence_screening", None)
    if screening is not None:
        access_event_record(
            actor=actor,
            participant=participant,
            action=AccessEvent.Action.VIEW_RESTRICTED,
            what=f"frågan om våld, skattning {assessment.assessed_on}",
        )
    return screening


# The progression: every occasion by question, with step changes.


@dataclass
class Cell:
    level: int | None
    declined: bool
    since_first: int | None = None
    since_previous: int | None = None


@dataclass
class ProgressionRow:
    assessment: Assessment
    cells: list[Cell]
    job_search: list[str]
    self_belief: int | None = None

    @property
    def belief_gap(self) -> int | None:
        if self.assessment.coach_belief is None or self.self_belief is None:
            return None
        return self.assessment.coach_belief - self.self_belief


@dataclass
class Progression:
    instrument_code: str
    instrument_name: str
    axes: list[str]
    axis_codes: list[str]
    rows: list[ProgressionRow] = field(default_factory=list)

    def by_axis(self) -> list[tuple[str, list[Cell]]]:
        """The table turned: one row per question, one cell per occasion."""
        return [(axis, [row.cells[i] for row in self.rows]) for i, axis in enumerate(self.axes)]

    def occasions(self) -> list[Occasion]:
        return [
            Occasion(
                label=row.assessment.assessed_on.isoformat(),
                values=[cell.level for cell in row.cells],
            )
            for row in self.rows
        ]


def progression_list(*, assessments: list[Assessment]) -> list[Progression]:
    """One progression per card, axes from the latest version used. Works in memory on
    prefetched assessments: no query per occasion."""
    by_instrument: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_instrument.setdefault(assessment.version.instrument_id, []).append(assessment)
    result = []
    for items in by_instrument.values():
        latest_version = max(items, key=lambda a: a.version.number).version
        scale = [q for q in latest_version.questions.all() if q.kind == "scale"]
        codes = [q.code for q in scale]
        progression = Progression(
            instrument_code=latest_version.instrument.code,
            instrument_name=str(latest_version.instrument),
            axes=[localised(q.short_label) or localised(q.text) for q in scale],
            axis_codes=codes,
        )
        belief_indicator = (latest_version.coach_rating or {}).get("compare_with")
        first: dict[str, int] = {}
        previous: dict[str, int] = {}
        for assessment in items:
            answers = {a.question.code: a for a in assessment.answers.all()}
            cells = []
            self_belief = None
            for code in codes:
                answer = answers.get(code)
                level = answer.level if answer else None
                cell = Cell(level=level, declined=bool(answer and answer.declined))
                if level is not None:
                    if code in first:
                        cell.since_first = level - first[code]
                        cell.since_previous = level - previous[code]
                    else:
                        first[code] = level
                    previous[code] = level
                cells.append(cell)
            for answer in answers.values():
                indicator = answer.question.indicator
                if belief_indicator and indicator and indicator.code == belief_indicator:
                    self_belief = answer.level
            options = {}
            for question in assessment.version.questions.all():
                if question.kind == "multi_choice":
                    options = {o["code"]: localised(o["text"]) for o in question.options}
            progression.rows.append(
                ProgressionRow(
                    assessment=assessment,
                    cells=cells,
                    job_search=[options.get(c, c) for c in assessment.job_search_channels],
                    self_belief=self_belief,
                )
            )
        result.append(progression)
    return result


# The cadence over many participants, computed in the database.


def with_cadence(qs: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate period_started_on and last_assessed_on (within the open period)."""
    open_start = Period.objects.filter(participant=OuterRef("pk"), closed_on__isnull=True).values(
        "started_on"
    )[:1]
    qs = qs.annotate(period_started_on=Subquery(open_start))
    latest = (
        Assessment.objects.filter(
            participant=OuterRef("pk"),
            deleted_at__isnull=True,
            assessed_on__gte=OuterRef("period_started_on"),
        )
        .order_by("-assessed_on")
        .values("assessed_on")[:1]
    )
    return qs.annotate(last_assessed_on=Subquery(latest))


def filter_due(
    qs: QuerySet[Participant], *, which: str, interval_weeks: int, today: datetime.date
) -> QuerySet[Participant]:
    """`which` is 'overdue' (due before today) or 'due_soon' (due within two weeks)."""
    interval = datetime.timedelta(weeks=interval_weeks)
    soon = today + datetime.timedelta(days=cadence.DUE_SOON_DAYS)
    active = Q(period_started_on__isnull=False)
    never = Q(last_assessed_on__isnull=True)
    if which == "overdue":
        condition = (never & Q(period_started_on__lt=today)) | Q(
            last_assessed_on__lt=today - interval
        )
    elif which == "due_soon":
        condition = (never & Q(period_started_on__range=(today, soon))) | Q(
            last_assessed_on__range=(today - interval, soon - interval)
        )
    else:
        return qs
    return qs.filter(active & condition)


def due_on(participant: Participant, *, interval_weeks: int) -> datetime.date | None:
    return cadence.next_due(
        period_started_on=getattr(participant, "period_started_on", None),
        last_assessed_on=getattr(participant, "last_assessed_on", None),
        interval_weeks=interval_weeks,
    )


def interval_weeks_for(actor) -> int:
    """The weeks between assessments for the actor's organisation (core/method.py)."""
    return method.assessment_interval_weeks(getattr(actor, "organisation", None))


def today() -> datetime.date:
    return timezone.localdate()


def self_filled_to_review(*, participant_ids: list[int]) -> list[Assessment]:
    """Assessments the participants filled in alone that the coach has not gone through."""
    return list(
        Assessment.objects.filter(
            participant_id__in=participant_ids,
            completed_by_coach=False,
            reviewed_at__isnull=True,
            deleted_at__isnull=True,
        )
        .select_related("participant", "version__instrument")
        .order_by("assessed_on")
    )


@dataclass
class ReviewRow:
    question: Question
    answer: Answer | None  # this occasion's answer, or None when not asked
    previous: Answer | None  # the previous occasion's answer to the same question

    @property
    def change(self) -> int | None:
        """This level minus the previous one, when both were answered."""
        if self.answer is None or self.previous is None:
            return None
        if self.answer.level is None or self.previous.level is None:
            return None
        return self.answer.level - self.previous.level


def review_rows(assessment: Assessment) -> tuple[Assessment | None, list[ReviewRow]]:
    """The previous occasion of the same card (not deleted), and per scale question this
    answer beside that one: three queries whatever the history's length."""
    previous = (
        Assessment.objects.filter(
            participant_id=assessment.participant_id,
            version__instrument_id=assessment.version.instrument_id,
            deleted_at__isnull=True,
        )
        .filter(
            Q(assessed_on__lt=assessment.assessed_on)
            | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk)
        )
        .order_by("-assessed_on", "-pk")
        .first()
    )
    answers = Answer.objects.filter(
        assessment_id__in=[assessment.pk] + ([previous.pk] if previous else [])
    ).select_related("question__indicator")
    mine = {a.question.code: a for a in answers if a.assessment_id == assessment.pk}
    before = {a.question.code: a for a in answers if a.assessment_id != assessment.pk}
    questions = [q for q in assessment.version.questions.all() if q.kind == "scale"]
    return previous, [ReviewRow(q, mine.get(q.code), before.get(q.code)) for q in questions]


def registered_by(assessment: Assessment) -> str:
    """Who filled the card in: the participant on a link, the participant on the coach's
    device, or the coach together with the participant."""
    if assessment.completed_by_coach:
        return _("Handledaren, tillsammans med deltagaren")
    kiosk = Assessment.objects.filter(pk=assessment.pk, invitation__is_kiosk=True).exists()
    if kiosk:
        return _("Deltagaren, på handledarens enhet")
    return _("Deltagaren, via länk")
