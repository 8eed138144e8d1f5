from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_access
from core.forms import form_submit
from core.permissions import case_worker_required, catalogue_reader_required
from instruments.selectors import indicator_choices
from participants.selectors import participant_get

from . import selectors, services
from .forms import ActivityForm, CatalogueFilterForm, CatalogueItemForm


def _may_edit_catalogue(user) -> bool:
    access = user_access(user)
    return access.is_manager or access.is_administrator


@catalogue_reader_required
def catalogue(request):
    organisation_id = request.user.organisation_id
    indicators = indicator_choices(organisation_id=organisation_id)
    form = CatalogueFilterForm(request.GET or None, indicators=indicators)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.catalogue_list(
        organisation_id=organisation_id,
        indicator=filters.get("indicator", ""),
        kind=filters.get("kind", ""),
        provider=filters.get("provider", ""),
        include_archived=_may_edit_catalogue(request.user) and request.GET.get("arkiv") == "1",
    )
    names = dict(indicators)
    for item in items:
        item.indicator_names = [names.get(code, code) for code in item.indicator_codes]
    return render(
        request,
        "activities/catalogue.html",
        {"form": form, "items": items, "may_edit": _may_edit_catalogue(request.user)},
    )


@catalogue_reader_required
@require_http_methods(["GET", "POST"])
def catalogue_item_edit(request, item_id=None):
    if not _may_edit_catalogue(request.user):
        raise PermissionDenied
    organisation_id = request.user.organisation_id
    item = (
        selectors.catalogue_item_get(organisation_id=organisation_id, item_id=item_id)
        if item_id
        else None
    )
    form = CatalogueItemForm(
        request.POST or None,
        instance=item,
        indicators=indicator_choices(organisation_id=organisation_id),
        organisation_id=organisation_id,
    )
    submitted = form_submit(
        request,
        form,
        lambda data: services.catalogue_item_save(
            actor=request.user, item=item, data=data, expected_version=data.get("version")
        ),
        success=_("Aktiviteten är sparad."),
    )
    if submitted.done:
        return redirect("activities:catalogue")
    return render(
        request,
        "activities/catalogue_form.html",
        {"form": form, "item": item},
        status=submitted.status,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, participant_id, activity_id=None):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="insatser"
    )
    activity = (
        selectors.activity_get(participant=participant, activity_id=activity_id)
        if activity_id
        else None
    )
    catalogue = selectors.catalogue_list(organisation_id=participant.organisation_id)
    initial = {}
    if activity is None and request.GET.get("utbud"):
        initial["catalogue_item"] = request.GET["utbud"]
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        initial=initial,
        indicators=indicator_choices(
            organisation_id=participant.organisation_id, participant=participant
        ),
        catalogue=catalogue,
    )

    def save(data):
        if activity is None:
            return services.activity_add(
                actor=request.user,
                participant=participant,
                data=data,
                catalogue_item=data.get("catalogue_item"),
            )
        return services.activity_update(
            actor=request.user, activity=activity, data=data, expected_version=data["version"]
        )

    submitted = form_submit(request, form, save, success=_("Insatsen är sparad."))
    if submitted.done:
        return redirect("plans:plan", participant.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "participant": participant, "activity": activity},
        status=submitted.status,
    )
