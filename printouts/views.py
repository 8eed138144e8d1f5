from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from core.permissions import case_worker_required, catalogue_reader_required
from instruments.selectors import (
    instrument_versions_for_new,
    link_language_choices,
    question_list,
    version_get_for_print,
)
from participants.selectors import participant_get
from participants.services import participant_print_record
from plans import selectors as plan_selectors

from .bilingual import bilingual_for, card_questions, plan_rows, swedish_only
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


def _bilingual(request, version, organisation_id):
    """The participant's language beside the Swedish (?sprak=ar), or None for Swedish only."""
    code = request.GET.get("sprak", "")
    bi = bilingual_for(version=version, organisation_id=organisation_id, code=code)
    if code and code != "sv" and bi is None:
        raise Http404
    return bi


def _plan_template(request, context) -> str:
    plan = context["plan"]
    bi = _bilingual(request, plan.assessment.version, context["participant"].organisation_id)
    if bi is None:
        return "printouts/plan.html"
    context.update(bi=bi, t=bi.labels(), rows=plan_rows(bi, plan))
    return "printouts/plan_bilingual.html"


@case_worker_required
def plan_print(request, participant_id, plan_id):
    context = _plan_context(request, participant_id, plan_id)
    return render(request, _plan_template(request, context), context)


@case_worker_required
def plan_pdf(request, participant_id, plan_id):
    context = _plan_context(request, participant_id, plan_id)
    template = _plan_template(request, context)
    name = slugify(f"aktivitetsplan {context['participant']} {context['printed_on']}")
    if "bi" in context:
        name += f"-{context['bi'].code}"
    return render_pdf(template, context, request=request, filename=f"{name}.pdf")


# Blank forms hold no personal data: made once per version and language, then served
# from the store (printouts/blank.py).
@catalogue_reader_required
def blank_card_pdf(request, version_id):
    version = version_get_for_print(actor=request.user, version_id=version_id)
    bi = _bilingual(request, version, request.user.organisation_id)
    if bi is not None:
        return render_pdf(
            "printouts/blank_card_bilingual.html",
            {
                "version": version,
                "bi": bi,
                "t": bi.labels(),
                "name": bi.card("name"),
                "decline": bi.card("decline"),
                "anchors": [
                    (level, bi.card(f"scale.{level}"))
                    for level in sorted(version.scale_anchors or {})
                ],
                "questions": card_questions(bi, version, question_list(version=version)),
            },
            request=request,
            filename=f"{version.instrument.code}-v{version.number}-{bi.code}.pdf",
        )
    # The card in Swedish (or English) alone is made once and served (printouts.blank);
    # a bilingual one is made on request.
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
def thanks_pdf(request, version_id):
    """The thank-you page (what happens next) in the participant's language and Swedish,
    or in Swedish alone without ?sprak."""
    version = version_get_for_print(actor=request.user, version_id=version_id)
    bi = _bilingual(request, version, request.user.organisation_id) or swedish_only(
        version=version, organisation_id=request.user.organisation_id
    )
    return render_pdf(
        "printouts/thanks_bilingual.html",
        {"version": version, "bi": bi, "t": bi.labels(), "name": bi.card("name")},
        request=request,
        filename=f"{version.instrument.code}-{_('tack')}-{bi.code}.pdf",
    )


@catalogue_reader_required
def materials(request):
    versions = instrument_versions_for_new(organisation_id=request.user.organisation_id)
    return render(
        request,
        "printouts/materials.html",
        {
            "versions": versions,
            "languages": [
                language
                for language in link_language_choices(
                    versions=versions, organisation_id=request.user.organisation_id
                )
                if language.code != "sv"
            ],
        },
    )
