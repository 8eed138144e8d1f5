"""The journey of one participant: the handbook's steps and the timeline picture.

Callers pass a participant that came through ``participants.selectors.participant_get``
(scoped and logged) and the assessments and activities they already loaded, so the
participant page makes a fixed number of queries whatever the history's length.
"""

import datetime
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from activities.models import Kind
from core import method

from .steps import Step, period_sources, step_sources
from .timeline import Bar, Milestone, ScoreColumn, Timeline, build_timeline, timeline_svg


@dataclass
class JourneyStep:
    number: int
    step: Step
    state: str  # "done", "due" (a recurring step whose current one is missing), "next", "later"


def journey_steps(*, participant) -> list[JourneyStep]:
    """Every step in the handbook's order, with the next one to work on marked: the
    first step up to just after the last one done that is neither done nor under way.
    A step left out earlier (an individual plan never written) comes before the ones
    ahead; the steps far ahead of the last one done are not "next" yet."""
    steps: list[Step] = []
    for source in step_sources():
        steps.extend(source(participant=participant))
    last_done = max((i for i, s in enumerate(steps) if s.is_done), default=-1)
    next_index = next(
        (i for i, s in enumerate(steps[: last_done + 2]) if not s.is_done and s.started_on is None),
        None,
    )
    return [
        JourneyStep(
            number=i + 1,
            step=step,
            state="due"
            if step.due
            else "done"
            if step.is_done
            else "next"
            if i == next_index
            else "later",
        )
        for i, step in enumerate(steps)
    ]


def _score_columns(progressions) -> tuple[list[str], list[ScoreColumn]]:
    """The card with the most recent occasion: its indicators and every occasion."""
    if not progressions:
        return [], []
    progression = max(progressions, key=lambda p: p.rows[-1].assessment.assessed_on)
    columns = [
        ScoreColumn(on=row.assessment.assessed_on, levels=[cell.level for cell in row.cells])
        for row in progression.rows
    ]
    return list(progression.axes), columns


def journey_timeline(
    *,
    participant,
    steps: list[JourneyStep],
    progressions,
    activities,
    periods,
    today: datetime.date,
) -> Timeline | None:
    """The picture's data: the scores above, the activities below, the milestones."""
    kinds = dict(Kind.choices)
    bars = [
        Bar(
            label=a.name,
            kind=a.kind,
            kind_label=str(kinds.get(a.kind, a.kind)),
            start=a.start_date,
            end=a.end_date,
            status=a.status,
        )
        for a in sorted(activities, key=lambda a: (a.start_date, a.pk))
    ]
    period_labels = {"employment": _("Anställning")}
    for kind, source in period_sources():
        bars += [
            Bar(label=label, kind=kind, kind_label=period_labels[kind], start=start, end=end)
            for start, end, label in source(participant=participant)
        ]
    indicators, columns = _score_columns(progressions)
    current = periods[0] if periods else None  # newest first
    return build_timeline(
        indicators=indicators,
        columns=columns,
        bars=bars,
        milestones=[
            Milestone(number=s.number, label=str(s.step.label), on=s.step.done_on)
            for s in steps
            if s.step.done_on
        ],
        enrolled_on=current.started_on if current else None,
        closed_on=current.closed_on if current else None,
        today=today,
        gap_days=method.activity_gap_days(),
    )


def journey_context(
    *, participant, progressions, activities, periods, today: datetime.date
) -> dict:
    """What the participant page needs for the journey section."""
    steps = journey_steps(participant=participant)
    timeline = journey_timeline(
        participant=participant,
        steps=steps,
        progressions=progressions,
        activities=activities,
        periods=periods,
        today=today,
    )
    svg = ""
    if timeline is not None:
        svg = timeline_svg(
            timeline,
            title=_("Deltagarens väg i tid"),
            description=_(
                "Skattningarna per tillfälle överst, insatserna som staplar i tid under dem, "
                "stegen i vägen som numrerade markeringar på tidsaxeln. Samma uppgifter finns "
                "i tabellerna under bilden."
            ),
            labels={
                "scores": _("Skattning"),
                "activities": _("Insatser"),
                "job_focused": str(Kind.JOB_FOCUSED.label),
                "social": str(Kind.SOCIAL.label),
                "health": str(Kind.HEALTH.label),
                "competence": str(Kind.COMPETENCE.label),
                "employment": _("Anställning"),
                "parallel": _("Parallella insatser"),
                "gap": _("Avbrott över %(days)s dagar") % {"days": method.activity_gap_days()},
                "low": _("Under %(level)s") % {"level": method.low_score_threshold()},
            },
        )
    return {
        "journey_steps": steps,
        # A recurring step that is due comes first: it is this month's work.
        "journey_next": next((s for s in steps if s.state == "due"), None)
        or next((s for s in steps if s.state == "next"), None),
        "timeline": timeline,
        "timeline_svg": mark_safe(svg),  # noqa: S308 - built with escape() throughout
        "low_score": method.low_score_threshold(),
    }
