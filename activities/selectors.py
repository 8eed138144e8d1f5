from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from .models import CatalogueItem, ParticipantActivity


def catalogue_list(
    *,
    organisation_id: int,
    indicator: str = "",
    kind: str = "",
    provider: str = "",
    include_archived: bool = False,
) -> QuerySet[CatalogueItem]:
    qs = CatalogueItem.objects.filter(organisation_id=organisation_id)
    if not include_archived:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if provider:
        qs = qs.filter(provider=provider)
    items = qs.order_by("name")
    if indicator:
        # JSON containment differs between SQLite and PostgreSQL; the catalogue is small.
        ids = [item.pk for item in items if indicator in item.indicator_codes]
        items = items.filter(pk__in=ids)
    return items


def catalogue_item_get(*, organisation_id: int, item_id: int) -> CatalogueItem:
    try:
        return CatalogueItem.objects.get(pk=item_id, organisation_id=organisation_id)
    except (CatalogueItem.DoesNotExist, ValueError):
        raise Http404 from None


def suggestions_for(*, organisation_id: int, indicator_codes: list[str]) -> dict[str, list]:
    """Active catalogue items per indicator, job-focused ones first."""
    items = list(
        CatalogueItem.objects.filter(organisation_id=organisation_id, is_active=True)
        .annotate(
            job_first=Case(
                When(kind="job_focused", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("job_first", "name")
    )
    return {
        code: [item for item in items if code in item.indicator_codes] for code in indicator_codes
    }


def activity_list(*, participant) -> list[ParticipantActivity]:
    return list(
        ParticipantActivity.objects.filter(participant=participant)
        .select_related("catalogue_item")
        .order_by("-start_date", "-id")
    )


def activity_get(*, participant, activity_id: int) -> ParticipantActivity:
    try:
        return ParticipantActivity.objects.get(pk=activity_id, participant=participant)
    except (ParticipantActivity.DoesNotExist, ValueError):
        raise Http404 from None
