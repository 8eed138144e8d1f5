"""Views of work training: they adapt HTTP; services decide, selectors read."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import case_worker_required
from matching.models import Destination
from matching.selectors import individual_plan_current, matching_decision_current
from participants.selectors import current_coach, participant_get
from participants.services import participant_list_access_record, participant_print_record
from printouts.pdf import render_pdf

from . import selectors, services
from .forms import (
    AdaptationForm,
    CompetenceCardForm,
    FinalDocumentationForm,
    FollowUpForm,
    PlacementEndForm,
    PlacementForm,
    ScheduleForm,
    ThreePartyMeetingForm,
)
from .models import COMPETENCE_MEANINGS, RATING_WORDS, Competence


def _placement(request, participant_id, placement_id, what):
    participant = participant_get(actor=request.user, participant_id=participant_id, what=what)
    placement = selectors.placement_get(participant=participant, placement_id=placement_id)
    return participant, placement


def _page(request, template, participant, placement, form, submitted, **context):
    """A work-training form page, answered with 409 after a conflict."""
    return render(
        request,
        template,
        {"participant": participant, "placement": placement, "form": form, **context},
        status=submitted.status,
    )


def _to_placement(participant):
    return redirect("worktraining:placement", participant.pk)


@case_worker_required
def placement(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="arbetsträning"
    )
    placements = selectors.placement_list(participant=participant)
    current = next((p for p in placements if p.is_ongoing), placements[0] if placements else None)
    context = {"participant": participant, "placement": current, "earlier": []}
    if current is not None:
        current = selectors.placement_get(participant=participant, placement_id=current.pk)
        figures = selectors.attendance(placement=current)
        context.update(
            {
                "earlier": [p for p in placements if p.pk != current.pk],
                "weeks": selectors.schedule_weeks(placement=current),
                "attendance": figures,
                "look_at_employment": current.is_ongoing and figures.time_to_look_at_employment,
                "full_time_hours": selectors.full_time_hours(),
                "adaptations": selectors.adaptation_list(placement=current),
                "follow_ups": selectors.follow_up_list(placement=current),
                "placement": current,
            }
        )
    else:
        decision = matching_decision_current(participant=participant)
        context["matched_to_work_training"] = (
            decision is not None and decision.destination == Destination.WORK_TRAINING
        )
    return render(request, "worktraining/placement.html", context)


@case_worker_required
@require_http_methods(["GET", "POST"])
def placement_create(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="påbörja arbetsträning"
    )
    decision = matching_decision_current(participant=participant)
    form = PlacementForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.placement_start(
            actor=request.user, participant=participant, data=data
        ),
        success=_("Arbetsträningen är registrerad."),
    )
    if submitted.done:
        return _to_placement(participant)
    return render(
        request,
        "worktraining/placement_form.html",
        {
            "participant": participant,
            "form": form,
            "matched_to_work_training": decision is not None
            and decision.destination == Destination.WORK_TRAINING,
            "has_individual_plan": individual_plan_current(participant=participant) is not None,
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def placement_edit(request, participant_id, placement_id):
    participant, placement = _placement(
        request, participant_id, placement_id, "ändra arbetsträning"
    )
    form = PlacementForm(request.POST or None, instance=placement)
    submitted = form_submit(
        request,
        form,
        lambda data: services.placement_update(
            actor=request.user,
            placement=placement,
            data=data,
            expected_version=data["version"],
        ),
        success=_("Arbetsträningen är ändrad."),
    )
    if submitted.done:
        return _to_placement(participant)
    return _page(
        request, "worktraining/placement_form.html", participant, placement, form, submitted
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def placement_end(request, participant_id, placement_id):
    participant, placement = _placement(
        request, participant_id, placement_id, "avsluta arbetsträning"
    )
    if not placement.is_ongoing:
        messages.error(request, _("Arbetsträningen är redan avslutad."))
        return _to_placement(participant)
    form = PlacementEndForm(request.POST or None, placement=placement)
    submitted = form_submit(
        request,
        form,
        lambda data: services.placement_end(
            actor=request.user,
            placement=placement,
            ended_on=data["ended_on"],
            expected_version=data["version"],
        ),
        success=_("Arbetsträningen är avslutad."),
    )
    if submitted.done:
        return _to_placement(participant)
    return _page(
        request, "worktraining/placement_end.html", participant, placement, form, submitted
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def schedule(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "schema och närvaro")
    weeks = selectors.schedule_weeks(placement=placement)
    form = ScheduleForm(request.POST or None, placement=placement, weeks=weeks)
    submitted = form_submit(
        request,
        form,
        lambda data: services.schedule_save(
            actor=request.user,
            placement=placement,
            weeks=form.weeks(),
            expected_version=data["version"],
        ),
        success=_("Schemat och närvaron är sparade."),
    )
    if submitted.done:
        return redirect("worktraining:schedule", participant.pk, placement.pk)
    return _page(
        request,
        "worktraining/schedule.html",
        participant,
        placement,
        form,
        submitted,
        attendance=selectors.attendance(placement=placement),
        full_time_hours=selectors.full_time_hours(),
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def adaptation_edit(request, participant_id, placement_id, adaptation_id=None):
    participant, placement = _placement(request, participant_id, placement_id, "anpassningar")
    adaptation = (
        selectors.adaptation_get(placement=placement, adaptation_id=adaptation_id)
        if adaptation_id is not None
        else None
    )
    form = AdaptationForm(request.POST or None, instance=adaptation)
    submitted = form_submit(
        request,
        form,
        lambda data: services.adaptation_save(
            actor=request.user,
            placement=placement,
            adaptation=adaptation,
            data=data,
            expected_version=data.get("version"),
        ),
        success=_("Anpassningen är sparad."),
    )
    if submitted.done:
        return _to_placement(participant)
    return _page(
        request,
        "worktraining/adaptation_form.html",
        participant,
        placement,
        form,
        submitted,
        adaptation=adaptation,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def follow_up_edit(request, participant_id, placement_id, followup_id=None):
    participant, placement = _placement(request, participant_id, placement_id, "uppföljning")
    follow_up = (
        selectors.follow_up_get(placement=placement, follow_up_id=followup_id)
        if followup_id is not None
        else None
    )
    form = FollowUpForm(request.POST or None, instance=follow_up)
    submitted = form_submit(
        request,
        form,
        lambda data: services.follow_up_save(
            actor=request.user,
            placement=placement,
            follow_up=follow_up,
            data=data,
            expected_version=data.get("version"),
        ),
        success=_("Uppföljningen och utvecklingsplanen är sparade."),
    )
    if submitted.done:
        return redirect(
            "worktraining:follow_up_edit", participant.pk, placement.pk, submitted.result.pk
        )
    return _page(
        request,
        "worktraining/follow_up_form.html",
        participant,
        placement,
        form,
        submitted,
        follow_up=follow_up,
        look_at_employment=selectors.time_to_look_at_employment(placement=placement),
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def final_documentation(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "slutdokumentation")
    document = getattr(placement, "final_documentation", None)
    initial = None if document else selectors.final_documentation_initial(placement=placement)
    form = FinalDocumentationForm(request.POST or None, instance=document, initial=initial)
    submitted = form_submit(
        request,
        form,
        lambda data: services.final_documentation_save(
            actor=request.user,
            placement=placement,
            data=data,
            expected_version=data.get("version"),
        ),
        success=_("Slutdokumentationen är sparad."),
    )
    if submitted.done:
        return redirect("worktraining:final_documentation", participant.pk, placement.pk)
    return _page(
        request,
        "worktraining/final_documentation.html",
        participant,
        placement,
        form,
        submitted,
        document=document,
        attendance=selectors.attendance(placement=placement),
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def competence_card(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "kompetenskort")
    card = getattr(placement, "competence_card", None)
    form = CompetenceCardForm(request.POST or None, card=card)
    submitted = form_submit(
        request,
        form,
        lambda data: services.competence_card_save(
            actor=request.user,
            placement=placement,
            assessed_on=data["assessed_on"],
            ratings=form.ratings(),
            expected_version=data.get("version"),
        ),
        success=_("Kompetenskortet är sparat."),
    )
    if submitted.done:
        return redirect("worktraining:competence_card", participant.pk, placement.pk)
    return _page(
        request,
        "worktraining/competence_card.html",
        participant,
        placement,
        form,
        submitted,
        card=card,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def three_party_meeting(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "trepartsmöte")
    meeting = getattr(placement, "three_party_meeting", None)
    form = ThreePartyMeetingForm(request.POST or None, meeting=meeting)
    submitted = form_submit(
        request,
        form,
        lambda data: services.three_party_meeting_save(
            actor=request.user,
            placement=placement,
            data=data,
            expected_version=data.get("version"),
        ),
        success=_("Trepartsmötet är sparat."),
    )
    if submitted.done:
        return _to_placement(participant)
    return _page(
        request,
        "worktraining/three_party_meeting.html",
        participant,
        placement,
        form,
        submitted,
        meeting=meeting,
    )


# --- Printouts: the same template for the print view and the PDF -----------------------


def _print_context(request, participant, placement, what: str) -> dict:
    participant_print_record(actor=request.user, participant=participant, what=what)
    return {
        "participant": participant,
        "placement": placement,
        "printed_on": timezone.localdate(),
    }


def _development_plan_context(request, participant_id, placement_id, followup_id):
    participant, placement = _placement(
        request, participant_id, placement_id, "utskrift av utvecklingsplan"
    )
    follow_up = selectors.follow_up_get(placement=placement, follow_up_id=followup_id)
    context = _print_context(
        request, participant, placement, f"utvecklingsplan {follow_up.held_on}"
    )
    return {**context, "follow_up": follow_up}


def _final_documentation_context(request, participant_id, placement_id):
    participant, placement = _placement(
        request, participant_id, placement_id, "utskrift av slutdokumentation"
    )
    document = selectors.final_documentation_get(placement=placement)
    context = _print_context(request, participant, placement, "slutdokumentation")
    return {
        **context,
        "document": document,
        "attendance": selectors.attendance(placement=placement),
    }


def _competence_card_context(request, participant_id, placement_id):
    participant, placement = _placement(
        request, participant_id, placement_id, "utskrift av kompetenskort"
    )
    card = selectors.competence_card_get(placement=placement)
    context = _print_context(request, participant, placement, "kompetenskort")
    # A document for an employer: who issues it, each competence in words, the scale.
    rows = [
        {
            "label": label,
            "meaning": COMPETENCE_MEANINGS[code],
            "rating": row.rating if row else None,
            "word": RATING_WORDS.get(row.rating) if row else None,
            "comment": row.comment if row else "",
        }
        for (code, _label), (label, row) in zip(
            Competence.choices, selectors.competence_ratings(card=card), strict=True
        )
    ]
    return {
        **context,
        "card": card,
        "rows": rows,
        "issuer": card.created_by if card else current_coach(participant),
        "unit": participant.unit,
        "organisation": participant.unit.organisation,
        "scale_words": sorted(RATING_WORDS.items()),
    }


def _pdf(request, template, context, name):
    filename = slugify(f"{name} {context['participant']} {context['printed_on']}")
    return render_pdf(template, context, request=request, filename=f"{filename}.pdf")


@case_worker_required
def development_plan_print(request, participant_id, placement_id, followup_id):
    return render(
        request,
        "worktraining/print_development_plan.html",
        _development_plan_context(request, participant_id, placement_id, followup_id),
    )


@case_worker_required
def development_plan_pdf(request, participant_id, placement_id, followup_id):
    return _pdf(
        request,
        "worktraining/print_development_plan.html",
        _development_plan_context(request, participant_id, placement_id, followup_id),
        "utvecklingsplan",
    )


@case_worker_required
def final_documentation_print(request, participant_id, placement_id):
    return render(
        request,
        "worktraining/print_final_documentation.html",
        _final_documentation_context(request, participant_id, placement_id),
    )


@case_worker_required
def final_documentation_pdf(request, participant_id, placement_id):
    return _pdf(
        request,
        "worktraining/print_final_documentation.html",
        _final_documentation_context(request, participant_id, placement_id),
        "slutdokumentation",
    )


@case_worker_required
def competence_card_print(request, participant_id, placement_id):
    return render(
        request,
        "worktraining/print_competence_card.html",
        _competence_card_context(request, participant_id, placement_id),
    )


@case_worker_required
def competence_card_pdf(request, participant_id, placement_id):
    return _pdf(
        request,
        "worktraining/print_competence_card.html",
        _competence_card_context(request, participant_id, placement_id),
        "kompetenskort",
    )


# --- The due list ----------------------------------------------------------------------


@case_worker_required
def due(request):
    on = selectors.today()
    placements = list(selectors.follow_ups_due(actor=request.user, on=on))
    participant_list_access_record(
        actor=request.user,
        participants=[p.participant_id for p in placements],
        what="uppföljningar att göra",
    )
    return render(request, "worktraining/due.html", {"placements": placements, "today": on})
