from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import case_worker_required
from participants.models import Outcome
from participants.selectors import participant_get

from . import selectors, services
from .forms import CloseForWorkForm, EmploymentForm
from .rules import outcome_for


@case_worker_required
def employment_list(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="anställningar"
    )
    employments = selectors.employment_list(participant=participant)
    for employment in employments:
        employment.description = selectors.describe(employment)
    return render(
        request,
        "employment/list.html",
        {"participant": participant, "employments": employments},
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def employment_edit(request, participant_id, employment_id=None):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="anställningar"
    )
    employment = (
        selectors.employment_get(participant=participant, employment_id=employment_id)
        if employment_id
        else None
    )
    form = EmploymentForm(request.POST or None, instance=employment)

    def save(data):
        if employment is None:
            return services.employment_add(
                actor=request.user, participant=participant, data=form.data_for_service()
            )
        return services.employment_update(
            actor=request.user,
            employment=employment,
            data=form.data_for_service(),
            expected_version=data["version"],
        )

    submitted = form_submit(request, form, save, success=_("Anställningen är sparad."))
    if submitted.done:
        return redirect("employment:list", participant.pk)
    return render(
        request,
        "employment/form.html",
        {"form": form, "participant": participant, "employment": employment},
        status=submitted.status,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def close_for_work(request, participant_id, employment_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="avsluta med utfall arbete"
    )
    employment = selectors.employment_get(participant=participant, employment_id=employment_id)
    form = CloseForWorkForm(request.POST or None, employment=employment)
    submitted = form_submit(
        request,
        form,
        lambda data: services.employment_close_participant(
            actor=request.user, employment=employment, closed_on=data["closed_on"]
        ),
        success=_("Inskrivningen är avslutad med utfall arbete."),
    )
    if submitted.done:
        return redirect("employment:list", participant.pk)
    return render(
        request,
        "employment/close.html",
        {
            "form": form,
            "participant": participant,
            "employment": employment,
            "description": selectors.describe(employment),
            "outcome_label": Outcome(outcome_for(support=employment.support)).label,
        },
    )
