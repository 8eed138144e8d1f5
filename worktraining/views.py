"""Views of work training: they adapt HTTP; services decide, selectors read."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import AccessEvent
from audit.services import access_event_record, access_event_record_list
from core.exceptions import ConflictError, RuleError
from core.forms import add_rule_error
from core.permissions import case_worker_required
from matching.models import Destination
from matching.selectors import matching_decision_current
from participants.selectors import current_coach, participant_get
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


def _conflict_message() -> str:
    return _(
        "Någon annan har ändrat uppgifterna medan du skrev. Dina ändringar är inte sparade "
        "men finns kvar i formuläret. Öppna sidan i en ny flik för att se de nya uppgifterna "
        "och för över dina ändringar."
    )


def _placement(request, participant_id, placement_id, what):
    participant = participant_get(actor=request.user, participant_id=participant_id, what=what)
    placement = selectors.placement_get(participant=participant, placement_id=placement_id)
    return participant, placement


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
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_start(
                actor=request.user, participant=participant, data=form.cleaned_data
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Arbetsträningen är registrerad."))
            return _to_placement(participant)
    return render(
        request,
        "worktraining/placement_form.html",
        {
            "participant": participant,
            "form": form,
            "matched_to_work_training": decision is not None
            and decision.destination == Destination.WORK_TRAINING,
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def placement_edit(request, participant_id, placement_id):
    participant, placement = _placement(
        request, participant_id, placement_id, "ändra arbetsträning"
    )
    form = PlacementForm(request.POST or None, instance=placement)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_update(
                actor=request.user,
                placement=placement,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            conflict = True
            form.add_error(None, _conflict_message())
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Arbetsträningen är ändrad."))
            return _to_placement(participant)
    return render(
        request,
        "worktraining/placement_form.html",
        {"participant": participant, "placement": placement, "form": form},
        status=409 if conflict else 200,
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
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(
                actor=request.user,
                placement=placement,
                ended_on=form.cleaned_data["ended_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            conflict = True
            form.add_error(None, _conflict_message())
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Arbetsträningen är avslutad."))
            return _to_placement(participant)
    return render(
        request,
        "worktraining/placement_end.html",
        {"participant": participant, "placement": placement, "form": form},
        status=409 if conflict else 200,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def schedule(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "schema och närvaro")
    weeks = selectors.schedule_weeks(placement=placement)
    form = ScheduleForm(request.POST or None, placement=placement, weeks=weeks)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_save(
                actor=request.user,
                placement=placement,
                weeks=form.weeks(),
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            conflict = True
            form.add_error(None, _conflict_message())
        except RuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Schemat och närvaron är sparade."))
            return redirect("worktraining:schedule", participant.pk, placement.pk)
    return render(
        request,
        "worktraining/schedule.html",
        {
            "participant": participant,
            "placement": placement,
            "form": form,
            "attendance": selectors.attendance(placement=placement),
            "full_time_hours": selectors.full_time_hours(),
        },
        status=409 if conflict else 200,
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
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.adaptation_save(
                actor=request.user,
                placement=placement,
                adaptation=adaptation,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError:
            conflict = True
            form.add_error(None, _conflict_message())
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Anpassningen är sparad."))
            return _to_placement(participant)
    return render(
        request,
        "worktraining/adaptation_form.html",
        {
            "participant": participant,
            "placement": placement,
            "adaptation": adaptation,
            "form": form,
        },
        status=409 if conflict else 200,
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
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.follow_up_save(
                actor=request.user,
                placement=placement,
                follow_up=follow_up,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError:
            conflict = True
            form.add_error(None, _conflict_message())
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Uppföljningen och utvecklingsplanen är sparade."))
            return redirect("worktraining:follow_up_edit", participant.pk, placement.pk, saved.pk)
    return render(
        request,
        "worktraining/follow_up_form.html",
        {
            "participant": participant,
            "placement": placement,
            "follow_up": follow_up,
            "form": form,
            "look_at_employment": selectors.time_to_look_at_employment(placement=placement),
        },
        status=409 if conflict else 200,
    )


def _save_document(request, form, save):
    """Run ``save`` for a valid form; returns (saved object or None, conflict)."""
    if request.method != "POST" or not form.is_valid():
        return None, False
    try:
        return save(), False
    except ConflictError:
        form.add_error(None, _conflict_message())
        return None, True
    except RuleError as error:
        add_rule_error(form, error)
        return None, False


@case_worker_required
@require_http_methods(["GET", "POST"])
def final_documentation(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "slutdokumentation")
    document = getattr(placement, "final_documentation", None)
    initial = None if document else selectors.final_documentation_initial(placement=placement)
    form = FinalDocumentationForm(request.POST or None, instance=document, initial=initial)
    saved, conflict = _save_document(
        request,
        form,
        lambda: services.final_documentation_save(
            actor=request.user,
            placement=placement,
            data=form.cleaned_data,
            expected_version=form.cleaned_data.get("version"),
        ),
    )
    if saved:
        messages.success(request, _("Slutdokumentationen är sparad."))
        return redirect("worktraining:final_documentation", participant.pk, placement.pk)
    return render(
        request,
        "worktraining/final_documentation.html",
        {
            "participant": participant,
            "placement": placement,
            "document": document,
            "form": form,
            "attendance": selectors.attendance(placement=placement),
        },
        status=409 if conflict else 200,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def competence_card(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "kompetenskort")
    card = getattr(placement, "competence_card", None)
    form = CompetenceCardForm(request.POST or None, card=card)
    saved, conflict = _save_document(
        request,
        form,
        lambda: services.competence_card_save(
            actor=request.user,
            placement=placement,
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
            expected_version=form.cleaned_data.get("version"),
        ),
    )
    if saved:
        messages.success(request, _("Kompetenskortet är sparat."))
        return redirect("worktraining:competence_card", participant.pk, placement.pk)
    return render(
        request,
        "worktraining/competence_card.html",
        {"participant": participant, "placement": placement, "card": card, "form": form},
        status=409 if conflict else 200,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def three_party_meeting(request, participant_id, placement_id):
    participant, placement = _placement(request, participant_id, placement_id, "trepartsmöte")
    meeting = getattr(placement, "three_party_meeting", None)
    form = ThreePartyMeetingForm(request.POST or None, meeting=meeting)
    saved, conflict = _save_document(
        request,
        form,
        lambda: services.three_party_meeting_save(
            actor=request.user,
            placement=placement,
            data=form.cleaned_data,
            expected_version=form.cleaned_data.get("version"),
        ),
    )
    if saved:
        messages.success(request, _("Trepartsmötet är sparat."))
        return _to_placement(participant)
    return render(
        request,
        "worktraining/three_party_meeting.html",
        {"participant": participant, "placement": placement, "meeting": meeting, "form": form},
        status=409 if conflict else 200,
    )


# --- Printouts: the same template for the print view and the PDF -----------------------


def _print_context(request, participant, placement, what: str) -> dict:
    access_event_record(
        actor=request.user, participant=participant, action=AccessEvent.Action.PRINT, what=what
    )
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
    access_event_record_list(
        actor=request.user,
        organisation_id=request.user.organisation_id,
        participants=[p.participant_id for p in placements],
        what="uppföljningar att göra",
    )
    return render(request, "worktraining/due.html", {"placements": placements, "today": on})
