"""Reads of plans, and what the method's rules say about a participant right now."""

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Prefetch
from django.http import Http404

from activities import rules
from activities.models import Kind
from activities.selectors import suggestions_for
from core import method
from instruments.models import localised

from .models import ActivityPlan, PlanRow


def _plans(participant):
    return (
        ActivityPlan.objects.filter(participant=participant)
        .select_related("assessment__version__instrument", "created_by")
        .prefetch_related(
            Prefetch(
                "rows",
                queryset=PlanRow.objects.select_related(
                    "area__indicator", "area__theme", "evaluation"
                ).prefetch_related("activities"),
            )
        )
        .order_by("-number")
    )


def plan_list(*, participant) -> list[ActivityPlan]:
    return list(_plans(participant))


def plan_get(*, participant, plan_id: int) -> ActivityPlan:
    try:
        return _plans(participant).get(pk=plan_id)
    except (ActivityPlan.DoesNotExist, ValueError):
        raise Http404 from None


def area_scores(assessment) -> dict[int, list[int | None]]:
    """The levels of the assessment per plan area: the area's indicator's question, or the
    questions of its theme. Declined answers are None. Needs prefetched answers."""
    by_area: dict[int, list[int | None]] = {}
    answers = [a for a in assessment.answers.all() if a.question.kind == "scale"]
    for area in assessment.version.plan_areas.all():
        levels = [
            a.level
            for a in answers
            if (area.indicator_id and a.question.indicator_id == area.indicator_id)
            or (area.theme_id and a.question.theme_id == area.theme_id)
        ]
        by_area[area.pk] = levels
    return by_area


def area_indicator_codes(assessment) -> dict[int, set[str]]:
    """The indicator codes each plan area of the assessment's card covers: its indicator,
    or the indicators of its theme's questions. Needs prefetched answers."""
    questions = [a.question for a in assessment.answers.all() if a.question.indicator_id]
    codes: dict[int, set[str]] = {}
    for area in assessment.version.plan_areas.all():
        if area.indicator_id:
            codes[area.pk] = {
                q.indicator.code for q in questions if q.indicator_id == area.indicator_id
            }
        elif area.theme_id:
            codes[area.pk] = {q.indicator.code for q in questions if q.theme_id == area.theme_id}
        else:
            codes[area.pk] = set()
    return codes


def latest_levels_by_indicator(assessment) -> dict[str, int | None]:
    """Indicator code → the participant's latest level (the lowest when several
    questions measure it; None when declined)."""
    levels: dict[str, list[int | None]] = {}
    for answer in assessment.answers.all():
        indicator = answer.question.indicator
        if answer.question.kind == "scale" and indicator is not None:
            levels.setdefault(indicator.code, []).append(answer.level)
    return {
        code: min((v for v in values if v is not None), default=None)
        for code, values in levels.items()
    }


@dataclass
class LowScore:
    code: str
    name: str
    level: int
    suggestions: list = field(default_factory=list)


@dataclass
class Hints:
    low_scores: list[LowScore] = field(default_factory=list)
    lacks_job_focus: bool = False
    not_parallel: bool = False
    interrupted: bool = False
    longest_gap_days: int = 0
    running_kinds: list[str] = field(default_factory=list)
    # The current plan was written from an assessment older than the latest one:
    # (the plan's assessment day, the latest assessment's day).
    plan_behind: tuple[datetime.date, datetime.date] | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.low_scores
            or self.lacks_job_focus
            or self.not_parallel
            or self.interrupted
            or self.plan_behind
        )


def method_hints(
    *,
    participant,
    latest_assessment,
    activities,
    enrolled_on: datetime.date | None,
    today: datetime.date,
) -> Hints:
    """What the method says now: low scores without activity, focus on work,
    parallel and continuous interventions."""
    hints = Hints()
    if enrolled_on is None:
        return hints
    if latest_assessment is not None:
        based_on = (
            ActivityPlan.objects.filter(participant=participant, is_current=True)
            .values_list("assessment_id", "assessment__assessed_on")
            .first()
        )
        if (
            based_on is not None
            and based_on[0] != latest_assessment.pk
            and based_on[1] <= latest_assessment.assessed_on
        ):
            hints.plan_behind = (based_on[1], latest_assessment.assessed_on)
        levels = latest_levels_by_indicator(latest_assessment)
        codes = rules.low_scores_without_activity(
            levels, activities, today, threshold=method.low_score_threshold()
        )
        names = {
            a.question.indicator.code: localised(a.question.indicator.name)
            for a in latest_assessment.answers.all()
            if a.question.indicator_id
        }
        suggestions = suggestions_for(
            organisation_id=participant.organisation_id, indicator_codes=codes
        )
        hints.low_scores = [
            LowScore(
                code=c, name=names.get(c, c), level=cast(int, levels[c]), suggestions=suggestions[c]
            )
            for c in codes
        ]
    hints.lacks_job_focus = rules.lacks_job_focus(activities, today)
    hints.not_parallel = rules.not_parallel(activities, today)
    # The method looks back over the installation's interval between assessments (ADR 5).
    start = max(enrolled_on, today - datetime.timedelta(weeks=method.assessment_interval_weeks()))
    hints.longest_gap_days = rules.longest_gap_days(activities, start, today)
    hints.interrupted = hints.longest_gap_days > method.activity_gap_days()
    labels = dict(Kind.choices)
    hints.running_kinds = sorted({str(labels[a.kind]) for a in rules.running(activities, today)})
    return hints
