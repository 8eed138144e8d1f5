from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ConflictError, RuleError
from core.permissions import case_worker_required
from instruments.selectors import instrument_versions_for_new
from participants.selectors import participant_get
from participants.services import open_period

from . import selectors, services
from .forms import AssessmentForm, DeleteForm


def _card_context(form, participant, **extra):
    version = form.version
    return {
        "form": form,
        "participant": participant,
        "version": version,
        "themes": list(version.themes.all()),
        "scale_count": len(form.scale_questions),
        **extra,
    }


@case_worker_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="ny skattning"
    )
    if open_period(participant) is None:
        messages.error(
            request, _("Deltagaren är avslutad. Skriv in deltagaren på nytt för att skatta.")
        )
        return redirect("participants:detail", participant.pk)
    versions = instrument_versions_for_new(organisation_id=participant.organisation_id)
    if not versions:
        raise Http404
    code = request.POST.get("kort") or request.GET.get("kort") or versions[0].instrument.code
    version = next((v for v in versions if v.instrument.code == code), None)
    if version is None:
        raise Http404
    show_restricted = selectors.can_see_restricted(actor=request.user, participant=participant)
    form = AssessmentForm(
        request.POST or None,
        version=version,
        show_restricted=show_restricted,
        period_started_on=open_period(participant).started_on,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                actor=request.user, participant=participant, data=form.to_input()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Skattningen är sparad."))
            return redirect("participants:detail", participant.pk)
    return render(
        request,
        "assessments/card.html",
        _card_context(form, participant, versions=versions, creating=True),
    )


@case_worker_required
def assessment_detail(request, participant_id, assessment_id):
    participant, assessment = selectors.assessment_get(
        actor=request.user,
        participant_id=participant_id,
        assessment_id=assessment_id,
        what="skattning",
    )
    screening = selectors.violence_screening_for(
        actor=request.user, participant=participant, assessment=assessment
    )
    progression = selectors.progression_list(assessments=[assessment])
    return render(
        request,
        "assessments/detail.html",
        {
            "participant": participant,
            "assessment": assessment,
            "progression": progression[0] if progression else None,
            "screening": screening,
            "may_see_restricted": selectors.can_see_restricted(
                actor=request.user, participant=participant
            ),
            "revisions": assessment.revisions.select_related("revised_by"),
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, participant_id, assessment_id):
    participant, assessment = selectors.assessment_get(
        actor=request.user,
        participant_id=participant_id,
        assessment_id=assessment_id,
        what="rätta skattning",
    )
    screening = selectors.violence_screening_for(
        actor=request.user, participant=participant, assessment=assessment
    )
    show_restricted = selectors.can_see_restricted(actor=request.user, participant=participant)
    form = AssessmentForm(
        request.POST or None,
        version=assessment.version,
        show_restricted=show_restricted,
        period_started_on=participant.periods.filter(started_on__lte=assessment.assessed_on)
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first(),
        revision=assessment.revision,
        initial=AssessmentForm.initial_from(assessment, screening),
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_correct(
                actor=request.user,
                assessment=assessment,
                data=form.to_input(),
                expected_revision=form.cleaned_data["revision"],
            )
        except ConflictError:
            conflict = True
            form.add_error(
                None,
                _(
                    "Någon annan har sparat ändringar i skattningen medan du arbetade. Dina "
                    "svar är inte sparade men finns kvar i formuläret. Öppna skattningen i en "
                    "ny flik, jämför och spara igen."
                ),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Rättelsen är sparad."))
            return redirect("assessments:detail", participant.pk, assessment.pk)
    return render(
        request,
        "assessments/card.html",
        _card_context(form, participant, assessment=assessment, creating=False),
        status=409 if conflict else 200,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request, participant_id, assessment_id):
    participant, assessment = selectors.assessment_get(
        actor=request.user,
        participant_id=participant_id,
        assessment_id=assessment_id,
        what="ta bort skattning",
    )
    if not selectors.can_see_restricted(actor=request.user, participant=participant):
        # Deleting is for the responsible coach and the unit's managers.
        raise PermissionDenied
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_delete(
                actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
            )
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Skattningen är borttagen."))
            return redirect("participants:detail", participant.pk)
    return render(
        request,
        "assessments/delete.html",
        {"form": form, "participant": participant, "assessment": assessment},
    )
