from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from core.permissions import case_worker_required, catalogue_reader_required
from instruments.selectors import instrument_versions_for_new, version_get_for_print
from participants.selectors import participant_get
from participants.services import participant_print_record
from plans import selectors as plan_selectors

from .blank import CARD, PLAN, blank_form_pdf
from .pdf import pdf_response, render_pdf


def _plan_context(request, participant_id, plan_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="utskrift av aktivitetsplan"
    )
    plan = plan_selectors.plan_get(participant=participant, plan_id=plan_id)
    plan.scores = plan_selectors.area_scores(plan.assessment)
    assessments = assessment_selectors.assessment_list(participant=participant)
    progression = next(
        (
            p
            for p in assessment_selectors.progression_list(assessments=assessments)
            if p.instrument_code == plan.assessment.version.instrument.code
        ),
        None,
    )
    participant_print_record(
        actor=request.user, participant=participant, what=f"aktivitetsplan version {plan.number}"
    )
    return {
        "participant": participant,
        "plan": plan,
        "progression": progression,
        "printed_on": timezone.localdate(),
    }


@case_worker_required
def plan_print(request, participant_id, plan_id):
    return render(request, "printouts/plan.html", _plan_context(request, participant_id, plan_id))


@case_worker_required
def plan_pdf(request, participant_id, plan_id):
    context = _plan_context(request, participant_id, plan_id)
    name = slugify(f"aktivitetsplan {context['participant']} {context['printed_on']}")
    return render_pdf("printouts/plan.html", context, request=request, filename=f"{name}.pdf")


# Blank forms hold no personal data: made once per version and language, then served
# from the store (printouts/blank.py).
@catalogue_reader_required
def blank_card_pdf(request, version_id):
    version = version_get_for_print(actor=request.user, version_id=version_id)
    return pdf_response(
        blank_form_pdf(CARD, version),
        filename=f"{version.instrument.code}-v{version.number}-{_('skattningskort')}.pdf",
    )


@catalogue_reader_required
def blank_plan_pdf(request, version_id):
    version = version_get_for_print(actor=request.user, version_id=version_id)
    return pdf_response(
        blank_form_pdf(PLAN, version),
        filename=f"{version.instrument.code}-v{version.number}-{_('aktivitetsplan')}.pdf",
    )


@catalogue_reader_required
def materials(request):
    return render(
        request,
        "printouts/materials.html",
        {"versions": instrument_versions_for_new(organisation_id=request.user.organisation_id)},
    )
