from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import case_worker_required
from instruments.selectors import instrument_versions_for_new
from participants.selectors import participant_get
from participants.services import open_period

from . import selectors, services
from .forms import AssessmentForm, DeleteForm, ReviewForm


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
    submitted = form_submit(
        request,
        form,
        lambda data: services.assessment_record(
            actor=request.user, participant=participant, data=form.to_input()
        ),
        success=_("Skattningen är sparad."),
    )
    if submitted.done:
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
            "revisions": selectors.revision_list(assessment=assessment),
            "registered_by": selectors.registered_by(assessment),
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
        period_started_on=getattr(selectors.assessment_period(assessment), "started_on", None),
        revision=assessment.revision,
        initial=AssessmentForm.initial_from(assessment, screening),
    )
    submitted = form_submit(
        request,
        form,
        lambda data: services.assessment_correct(
            actor=request.user,
            assessment=assessment,
            data=form.to_input(),
            expected_revision=data["revision"],
        ),
        success=_("Rättelsen är sparad."),
    )
    if submitted.done:
        return redirect("assessments:detail", participant.pk, assessment.pk)
    return render(
        request,
        "assessments/card.html",
        _card_context(form, participant, assessment=assessment, creating=False),
        status=submitted.status,
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
    if not selectors.may_delete_assessment(actor=request.user, participant=participant):
        raise PermissionDenied  # the form is not even shown; the service refuses too
    form = DeleteForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.assessment_delete(
            actor=request.user, assessment=assessment, reason=data["reason"]
        ),
        success=_("Skattningen är borttagen."),
    )
    if submitted.done:
        return redirect("participants:detail", participant.pk)
    return render(
        request,
        "assessments/delete.html",
        {"form": form, "participant": participant, "assessment": assessment},
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def assessment_review(request, participant_id, assessment_id):
    participant, assessment = selectors.assessment_get(
        actor=request.user,
        participant_id=participant_id,
        assessment_id=assessment_id,
        what="gå igenom skattning",
    )
    if assessment.completed_by_coach:
        return redirect("assessments:detail", participant.pk, assessment.pk)
    previous, rows = selectors.review_rows(assessment)
    initial = {"revision": assessment.revision, "coach_belief": assessment.coach_belief}
    initial |= {f"review_{r.question.code}": r.answer.review_note for r in rows if r.answer}
    form = ReviewForm(request.POST or None, rows=rows, initial=initial)
    submitted = form_submit(
        request,
        form,
        lambda data: services.assessment_review(
            actor=request.user,
            assessment=assessment,
            expected_revision=data["revision"],
            coach_belief=data["coach_belief"],
            notes=form.notes(),
        ),
        success=_("Skattningen är genomgången."),
    )
    if submitted.done:
        return redirect("participants:detail", participant.pk)
    return render(
        request,
        "assessments/review.html",
        {
            "participant": participant,
            "assessment": assessment,
            "previous": previous,
            "form": form,
            "registered_by": selectors.registered_by(assessment),
        },
        status=submitted.status,
    )
