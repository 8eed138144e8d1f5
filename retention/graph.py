"""What belongs to a participant, found through the model graph.

Every model with a chain of foreign keys to `participants.Participant` holds data about
that participant. Gallring treats each such model in one of three ways:

- LEFT_ALONE: the access log (it has its own retention, `access_log_prune`), the
  figures' summary tables (anonymous derived rows, ADR 9) and the gallring record;
- KEPT_ANONYMISED: the rows the anonymous figures and the row-level data set read (the
  participant anchor, periods, coach assignments, assessments with their answers, and
  activities); their free text is cleared by `anonymise`;
- everything else is deleted, child rows first. A model added later with a foreign key
  to a participant (or to anything that has one) is deleted by default, so a new kind
  of personal data cannot be forgotten; `retention/tests/test_graph.py` lists the
  models so that the choice is made on purpose.
"""

from collections.abc import Iterable
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q

PARTICIPANT = "participants.Participant"

LEFT_ALONE = frozenset(
    {
        "audit.AccessEvent",
        "audit.AccessEventParticipant",
        "figures.IndicatorLevel",
        "figures.AssessmentStep",
        "figures.IndicatorChange",
        "figures.ActivitySpan",
        "retention.ErasureCase",
    }
)

KEPT_ANONYMISED = frozenset(
    {
        PARTICIPANT,
        "participants.Period",
        "participants.CoachAssignment",
        "assessments.Assessment",
        "assessments.Answer",
        "activities.ParticipantActivity",
    }
)

# Written in place of a coach change's reason and handover note, so the figures still
# count the change and whether it had a handover, without the text.
ERASED_TEXT = "[gallrad]"

_MAX_DEPTH = 6


def _foreign_keys(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


def _paths(model, target, depth=0, seen=()) -> list[str]:
    """Every lookup from `model` to `target` through foreign keys (no model twice). A
    row that reaches a participant only through the access log or the figures is about
    the log or the figures, not the case, so those models are not passed through."""
    if depth >= _MAX_DEPTH:
        return []
    found = []
    for field in _foreign_keys(model):
        related = field.related_model
        if related is target:
            found.append(field.name)
        elif related not in seen and related is not model and label(related) not in LEFT_ALONE:
            found += [
                f"{field.name}__{rest}"
                for rest in _paths(related, target, depth + 1, (*seen, model))
            ]
    return found


@cache
def participant_paths() -> dict[type[models.Model], tuple[str, ...]]:
    """Each model holding data about a participant, with its lookups to the participant
    (`pk` for the participant itself). Deterministic order: by label."""
    participant = apps.get_model(PARTICIPANT)
    found: dict[type[models.Model], tuple[str, ...]] = {participant: ("pk",)}
    for model in apps.get_models():
        if model is participant:
            continue
        paths = _paths(model, participant)
        if paths:
            found[model] = tuple(paths)
    return dict(sorted(found.items(), key=lambda item: item[0]._meta.label))


def label(model) -> str:
    return model._meta.label


def of_participant(model, participant_id: int) -> Q:
    """Rows of `model` that belong to the participant (through any of its paths)."""
    condition = Q()
    for path in participant_paths()[model]:
        condition |= Q(**{path: participant_id})
    return condition


def deleted_models() -> list[type[models.Model]]:
    """The models whose rows gallring deletes, in an order that deletes every row
    before the rows it points at (so PROTECT never fires)."""
    doomed = [
        m
        for m in participant_paths()
        if label(m) not in LEFT_ALONE and label(m) not in KEPT_ANONYMISED
    ]
    return _referrers_first(doomed)


def _referrers_first(doomed: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    doomed = list(doomed)
    pointed_at = {m: {f.related_model for f in _foreign_keys(m)} & set(doomed) for m in doomed}
    ordered: list[type[models.Model]] = []
    placed: set[type[models.Model]] = set()
    while len(ordered) < len(doomed):
        ready = [
            m
            for m in doomed
            if m not in placed
            and not any(m in pointed_at[other] for other in doomed if other not in placed)
        ]
        if not ready:  # a cycle of foreign keys: delete the rest together, Django sorts it
            ready = [m for m in doomed if m not in placed]
        for m in ready:
            ordered.append(m)
            placed.add(m)
    return ordered


def date_columns(model) -> list[models.Field]:
    """The date and time columns of a model (what "the last entry" looks at)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]


def text_columns(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]
