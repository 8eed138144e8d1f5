from django.db.models import Q, QuerySet
from django.http import Http404

from .models import (
    Indicator,
    InstrumentChoice,
    InstrumentVersion,
    PlanArea,
    Question,
    localised,
)


def version_list(*, actor) -> QuerySet[InstrumentVersion]:
    """Shipped versions and the actor's organisation's own."""
    return (
        InstrumentVersion.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=actor.organisation_id)
        )
        .select_related("instrument", "organisation")
        .order_by("instrument__code", "number")
    )


def version_get(*, actor, version_id: int) -> InstrumentVersion:
    try:
        return version_list(actor=actor).get(pk=version_id)
    except (InstrumentVersion.DoesNotExist, ValueError):
        raise Http404 from None


def chosen_version_ids(*, organisation_id: int) -> set[int]:
    return set(
        InstrumentChoice.objects.filter(organisation_id=organisation_id).values_list(
            "version_id", flat=True
        )
    )


def instrument_versions_for_new(*, organisation_id: int) -> list[InstrumentVersion]:
    """The card versions the organisation uses for new assessments."""
    chosen = list(
        InstrumentChoice.objects.filter(organisation_id=organisation_id)
        .select_related("version__instrument")
        .order_by("instrument__code")
    )
    if chosen:
        return [choice.version for choice in chosen]
    latest = {}
    for version in (
        InstrumentVersion.objects.filter(status="published", organisation__isnull=True)
        .select_related("instrument")
        .order_by("instrument__code", "number")
    ):
        latest[version.instrument_id] = version
    return list(latest.values())


def indicator_choices(*, organisation_id: int, participant=None) -> list[tuple[str, str]]:
    """(code, name) of the indicators on the cards the organisation uses, one per code.
    With a participant who has been assessed: only the indicators of their cards (a
    SMAIL participant is not offered BIP's indicators)."""
    versions = instrument_versions_for_new(organisation_id=organisation_id)
    if participant is not None:
        theirs = set(
            InstrumentVersion.objects.filter(
                assessments__participant=participant, assessments__deleted_at__isnull=True
            ).values_list("instrument_id", flat=True)
        )
        if theirs:
            versions = [v for v in versions if v.instrument_id in theirs]
    seen: dict[str, str] = {}
    for indicator in Indicator.objects.filter(version__in=versions).order_by(
        "version__instrument__code", "number"
    ):
        seen.setdefault(indicator.code, localised(indicator.name))
    return list(seen.items())


def question_list(*, version: InstrumentVersion) -> QuerySet[Question]:
    """The card's questions in order, with their indicator and theme."""
    return version.questions.select_related("indicator", "theme").order_by("number", "id")


def plan_area_list(*, version: InstrumentVersion) -> QuerySet[PlanArea]:
    return version.plan_areas.select_related("indicator", "theme")


def version_get_for_print(*, actor, version_id: int) -> InstrumentVersion:
    """A published version the actor's organisation may use (for blank printouts)."""
    try:
        return version_list(actor=actor).get(pk=version_id, status="published")
    except (InstrumentVersion.DoesNotExist, ValueError):
        raise Http404 from None


def published_version_list() -> QuerySet[InstrumentVersion]:
    """Every published version, of every organisation (blank forms made ahead)."""
    return InstrumentVersion.objects.filter(status="published").select_related("instrument")
