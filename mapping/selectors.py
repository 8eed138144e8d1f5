"""Reads of the mapping. Callers pass a participant that came through
``participants.selectors.participant_get`` (scoped, and the read logged with
what="kartläggning"). Nothing here is for list pages: mapping texts never go there."""

from django.db.models import Count, Prefetch, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journey.steps import Step
from participants.models import Period

from .models import AREA_HELP, AREA_SIDE, Area, Mapping, MappingArea, MappingMeeting, Side


def _mappings(participant):
    return (
        Mapping.objects.filter(participant=participant)
        .select_related("period")
        .prefetch_related(
            "areas",
            Prefetch("meetings", queryset=MappingMeeting.objects.order_by("held_on", "id")),
            "approvals",
        )
    )


def _latest_period(participant) -> Subquery:
    return Subquery(
        Period.objects.filter(participant=participant)
        .order_by("-started_on", "-id")
        .values("pk")[:1]
    )


def mapping_current(*, participant) -> Mapping | None:
    """The mapping of the participant's latest period (the open one, or the last closed
    one); None before its first meeting. Earlier periods' mappings are in mapping_list."""
    return _mappings(participant).filter(period=_latest_period(participant)).first()


def mapping_get(*, participant, mapping_id: int) -> Mapping:
    try:
        return _mappings(participant).get(pk=mapping_id)
    except (Mapping.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meeting_get(*, participant, meeting_id: int) -> MappingMeeting:
    """A meeting of the participant (any period), with its mapping and period; 404 for
    anyone else's."""
    try:
        return MappingMeeting.objects.select_related("mapping__period").get(
            pk=meeting_id, mapping__participant=participant
        )
    except (MappingMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def mapping_list(*, participant) -> list[Mapping]:
    """Every mapping of the participant, newest period first (dates only are shown)."""
    return list(
        Mapping.objects.filter(participant=participant)
        .select_related("period")
        .annotate(meeting_count=Count("meetings"))
        .order_by("-period__started_on", "-id")
    )


def area_rows(mapping: Mapping | None) -> dict[str, list[dict]]:
    """The twelve areas per side, in the template's order, with what is written (or
    empty rows)."""
    written = {row.area: row for row in mapping.areas.all()} if mapping else {}
    sides: dict[str, list[dict]] = {Side.INDIVIDUAL: [], Side.SURROUNDINGS: []}
    for area in Area:
        row = written.get(area.value) or MappingArea(area=area.value)
        sides[AREA_SIDE[area]].append(
            {"area": area, "label": area.label, "help": AREA_HELP[area], "row": row}
        )
    return sides


def journey_steps(*, participant) -> list[Step]:
    """The mapping step: done on the participant's approval date. One query."""
    mapping = (
        Mapping.objects.filter(participant=participant, period=_latest_period(participant))
        .annotate(meeting_count=Count("meetings"))
        .only("id", "approved_on", "summary_written_on", "period_id")
        .first()
    )
    count = mapping.meeting_count if mapping else 0
    detail = ngettext("%(n)s möte", "%(n)s möten", count) % {"n": count}
    if mapping and mapping.approved_on is None and mapping.summary_written_on:
        detail += ", " + _("väntar på godkännande")
    return [
        Step(
            key="mapping",
            label=_("Kartläggning"),
            done_on=mapping.approved_on if mapping else None,
            url=reverse("mapping:detail", args=[participant.pk]),
            detail=detail,
        )
    ]
