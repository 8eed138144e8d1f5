"""Reads of employment records. Callers pass a participant that came through
``participants.selectors.participant_get`` (scoped and logged)."""

from datetime import date
from typing import NamedTuple

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from journey.steps import Step

from .models import Employment
from .rules import employment_description


class TimelineRow(NamedTuple):
    start: date
    end: date | None
    label: str


def employment_list(*, participant) -> list[Employment]:
    return list(Employment.objects.filter(participant=participant).order_by("-started_on", "-id"))


def employment_get(*, participant, employment_id: int) -> Employment:
    try:
        employment = Employment.objects.get(pk=employment_id, participant=participant)
    except (Employment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    employment.participant = participant  # keep the scoped, annotated instance
    return employment


def describe(employment: Employment) -> str:
    return employment_description(
        employer=employment.employer,
        extent=employment.extent,
        is_resource_employment=employment.is_resource_employment,
        support=employment.support,
    )


def journey_steps(*, participant) -> list[Step]:
    """The "employment" step: done on the start of the latest employment (one query)."""
    latest = (
        Employment.objects.filter(participant=participant).order_by("-started_on", "-id").first()
    )
    return [
        Step(
            key="employment",
            label=_("Anställning"),
            done_on=latest.started_on if latest else None,
            started_on=latest.started_on if latest else None,
            url=reverse("employment:list", args=[participant.pk]),
            detail=describe(latest) if latest else "",
        )
    ]


def employment_periods(*, participant) -> list[TimelineRow]:
    """Every employment as (start, end, label) for the timeline, oldest first (one query)."""
    return [
        TimelineRow(employment.started_on, employment.ended_on, describe(employment))
        for employment in Employment.objects.filter(participant=participant).order_by(
            "started_on", "id"
        )
    ]
