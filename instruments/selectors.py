from django.db.models import Q, QuerySet
from django.http import Http404

from .models import InstrumentChoice, InstrumentVersion


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


def indicator_choices(*, organisation_id: int) -> list[tuple[str, str]]:
    """(code, name) of the indicators on the cards the organisation uses, one per code."""
    from assessments.selectors import instrument_versions_for_new

    from .models import Indicator, localised

    versions = instrument_versions_for_new(organisation_id=organisation_id)
    seen: dict[str, str] = {}
    for indicator in Indicator.objects.filter(version__in=versions).order_by(
        "version__instrument__code", "number"
    ):
        seen.setdefault(indicator.code, localised(indicator.name))
    return list(seen.items())


def version_get_for_print(*, actor, version_id: int) -> InstrumentVersion:
    """A published version the actor's organisation may use (for blank printouts)."""
    try:
        return version_list(actor=actor).get(pk=version_id, status="published")
    except (InstrumentVersion.DoesNotExist, ValueError):
        raise Http404 from None
