"""The matching decision and the individual plan towards work."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import form_submit
from core.permissions import case_worker_required
from mapping.selectors import mapping_current
from participants.selectors import participant_get
from participants.services import open_period, participant_print_record
from printouts.pdf import render_pdf

from . import selectors, services
from .forms import DecisionForm, FollowUpForm, PlanForm, SignForm, row_formset


@case_worker_required
@require_http_methods(["GET", "POST"])
def decision(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="matchning"
    )
    form = DecisionForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.matching_decision_create(
            actor=request.user,
            participant=participant,
            destination=data["destination"],
            reason=data["reason"],
            decided_on=data["decided_on"],
        ),
        success=_("Matchningsbeslutet är sparat."),
    )
    if submitted.done:
        return redirect("matching:decision", participant.pk)
    decisions = selectors.matching_decision_list(participant=participant)
    mapping = mapping_current(participant=participant)
    return render(
        request,
        "matching/decision.html",
        {
            "participant": participant,
            "form": form,
            "current": decisions[0] if decisions else None,
            "earlier": decisions[1:],
            "meeting_count": len(mapping.meetings.all()) if mapping else 0,
            "mapping_approved_on": mapping.approved_on if mapping else None,
            "is_active": open_period(participant) is not None,
        },
    )


def _plan_page(request, participant, plan, *, follow_up_form=None, status=200):
    return render(
        request,
        "matching/plan.html",
        {
            "participant": participant,
            "plan": plan,
            "decision": selectors.matching_decision_current(participant=participant),
            "versions": selectors.individual_plan_list(participant=participant),
            "follow_up_form": follow_up_form
            or (FollowUpForm(plan=plan) if plan and plan.is_current else None),
            "is_active": open_period(participant) is not None,
        },
        status=status,
    )


@case_worker_required
def plan(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="individuell plan"
    )
    current = selectors.individual_plan_current(participant=participant)
    return _plan_page(request, participant, current)


@case_worker_required
def plan_version(request, participant_id, individual_plan_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="individuell plan, äldre version"
    )
    version = selectors.individual_plan_get(participant=participant, plan_id=individual_plan_id)
    return _plan_page(request, participant, version)


@case_worker_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="skriva individuell plan"
    )
    decision = selectors.matching_decision_current(participant=participant)
    current = selectors.individual_plan_current(participant=participant)
    data = request.POST or None
    form = PlanForm(data, current=current)
    rows = row_formset(data, current=current)
    submitted = form_submit(
        request,
        form,
        lambda data: services.individual_plan_save(
            actor=request.user,
            participant=participant,
            goal=data["goal"],
            sub_goals=data["sub_goals"],
            drawn_up_on=data["drawn_up_on"],
            rows=rows.rows(),
            expected_version=data["version"],
            based_on_id=data["based_on"],
        ),
        success=_("Den individuella planen är sparad."),
        formsets=[rows],
    )
    if submitted.done:
        return redirect("matching:plan", participant.pk)
    return render(
        request,
        "matching/plan_form.html",
        {
            "participant": participant,
            "decision": decision,
            "current": current,
            "form": form,
            "rows": rows,
            "conflict": submitted.status == 409,
        },
        status=submitted.status,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def plan_sign(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="individuell plan, underskrifter"
    )
    current = selectors.individual_plan_current(participant=participant)
    if current is None:
        messages.error(request, _("Det finns ingen individuell plan att skriva under."))
        return redirect("matching:plan", participant.pk)
    form = SignForm(request.POST or None, plan=current)
    submitted = form_submit(
        request,
        form,
        lambda data: services.individual_plan_sign(
            actor=request.user,
            participant=participant,
            signatures=form.signatures(),
            expected_version=data["version"],
        ),
        success=lambda signed: (
            _("Planen är underskriven av alla tre parter.")
            if signed.is_signed_by_all
            else _("Underskrifterna är registrerade.")
        ),
    )
    if submitted.done:
        return redirect("matching:plan", participant.pk)
    return render(
        request,
        "matching/plan_sign.html",
        {
            "participant": participant,
            "plan": current,
            "form": form,
            "conflict": submitted.status == 409,
        },
        status=submitted.status,
    )


@case_worker_required
@require_POST
def plan_follow_up(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="individuell plan, uppföljning"
    )
    current = selectors.individual_plan_current(participant=participant)
    if current is None:
        messages.error(request, _("Det finns ingen individuell plan att följa upp."))
        return redirect("matching:plan", participant.pk)
    form = FollowUpForm(request.POST, plan=current)
    if not form.is_valid() or form.cleaned_data["version"] is None:
        # Only a tampered or truncated request gets here: the form has nothing to type.
        messages.error(request, _("Uppföljningen kunde inte sparas. Försök igen."))
        return redirect("matching:plan", participant.pk)
    submitted = form_submit(
        request,
        form,
        lambda data: services.individual_plan_follow_up(
            actor=request.user,
            participant=participant,
            done_row_ids=set(data["done"]),
            expected_version=data["version"],
        ),
        success=_("Uppföljningen är sparad."),
    )
    if submitted.done:
        return redirect("matching:plan", participant.pk)
    return _plan_page(request, participant, current, follow_up_form=form, status=409)


def _print_context(request, participant_id, individual_plan_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="utskrift av individuell plan"
    )
    version = selectors.individual_plan_get(participant=participant, plan_id=individual_plan_id)
    participant_print_record(
        actor=request.user,
        participant=participant,
        what=f"individuell plan version {version.number}",
    )
    return {"participant": participant, "plan": version, "printed_on": timezone.localdate()}


@case_worker_required
def plan_print(request, participant_id, individual_plan_id):
    return render(
        request,
        "matching/plan_print.html",
        _print_context(request, participant_id, individual_plan_id),
    )


@case_worker_required
def plan_pdf(request, participant_id, individual_plan_id):
    context = _print_context(request, participant_id, individual_plan_id)
    name = slugify(f"individuell plan {context['participant']} {context['printed_on']}")
    return render_pdf("matching/plan_print.html", context, request=request, filename=f"{name}.pdf")
