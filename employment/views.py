from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ConflictError, RuleError
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
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            if employment is None:
                services.employment_add(
                    actor=request.user, participant=participant, data=form.data_for_service()
                )
            else:
                services.employment_update(
                    actor=request.user,
                    employment=employment,
                    data=form.data_for_service(),
                    expected_version=form.cleaned_data["version"],
                )
        except ConflictError:
            conflict = True
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat anställningen medan du redigerade. Dina ändringar "
                    "är inte sparade men finns kvar i formuläret. Öppna anställningen i en ny "
                    "flik för att se de nya uppgifterna och för över dina ändringar."
                ),
            )
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Anställningen är sparad."))
            return redirect("employment:list", participant.pk)
    return render(
        request,
        "employment/form.html",
        {"form": form, "participant": participant, "employment": employment},
        status=409 if conflict else 200,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def close_for_work(request, participant_id, employment_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="avsluta med utfall arbete"
    )
    employment = selectors.employment_get(participant=participant, employment_id=employment_id)
    form = CloseForWorkForm(request.POST or None, employment=employment)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_close_participant(
                actor=request.user,
                employment=employment,
                closed_on=form.cleaned_data["closed_on"],
            )
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Inskrivningen är avslutad med utfall arbete."))
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
