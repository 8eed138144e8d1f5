"""The mapping's pages. Every page that shows mapping texts reads the participant with
what="kartläggning", so each read is in the access log; prints also log a PRINT."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import case_worker_required
from participants.selectors import participant_get
from participants.services import open_period, participant_print_record
from printouts.pdf import render_pdf

from . import selectors, services
from .forms import (
    ApprovalForm,
    AreasForm,
    MeetingEditForm,
    MeetingForm,
    MeetingRemoveForm,
    MotivationForm,
    SummaryForm,
)
from .models import MEETING_MAX_MINUTES, Side

WHAT = "kartläggning"


def _participant(request, participant_id):
    return participant_get(actor=request.user, participant_id=participant_id, what=WHAT)


@case_worker_required
def mapping_detail(request, participant_id):
    participant = _participant(request, participant_id)
    mapping = selectors.mapping_current(participant=participant)
    sides = selectors.area_rows(mapping)
    return render(
        request,
        "mapping/detail.html",
        {
            "participant": participant,
            "mapping": mapping,
            "individual_areas": sides[Side.INDIVIDUAL],
            "surroundings_areas": sides[Side.SURROUNDINGS],
            "earlier": [m for m in selectors.mapping_list(participant=participant) if m != mapping],
            "is_active": open_period(participant) is not None,
            "max_minutes": MEETING_MAX_MINUTES,
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, participant_id):
    participant = _participant(request, participant_id)
    form = MeetingForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.mapping_meeting_add(
            actor=request.user,
            participant=participant,
            held_on=data["held_on"],
            minutes=data["minutes"],
            interpreter_used=data["interpreter_used"],
        ),
        success=_("Kartläggningssamtalet är registrerat."),
    )
    if submitted.done:
        _warn_if_long(request, submitted.result)
        return redirect("mapping:detail", participant.pk)
    return render(request, "mapping/meeting_form.html", {"participant": participant, "form": form})


def _warn_if_long(request, meeting) -> None:
    if meeting.is_too_long:
        messages.warning(
            request,
            _(
                "Samtalet varade %(minutes)s minuter. Handboken säger att ett "
                "kartläggningssamtal aldrig är längre än en timme: dela hellre upp "
                "det på fler samtal."
            )
            % {"minutes": meeting.minutes},
        )


@case_worker_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, participant_id, meeting_id):
    participant = _participant(request, participant_id)
    meeting = selectors.meeting_get(participant=participant, meeting_id=meeting_id)
    form = MeetingEditForm(request.POST or None, meeting=meeting)
    submitted = form_submit(
        request,
        form,
        lambda data: services.mapping_meeting_update(
            actor=request.user,
            participant=participant,
            meeting_id=meeting.pk,
            held_on=data["held_on"],
            minutes=data["minutes"],
            interpreter_used=data["interpreter_used"],
            expected_version=data["version"],
        ),
        success=_("Kartläggningssamtalet är ändrat."),
    )
    if submitted.done:
        _warn_if_long(request, submitted.result)
        return redirect("mapping:detail", participant.pk)
    return _form_page(
        request, "mapping/meeting_form.html", participant, form, submitted, meeting=meeting
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def meeting_remove(request, participant_id, meeting_id):
    participant = _participant(request, participant_id)
    meeting = selectors.meeting_get(participant=participant, meeting_id=meeting_id)
    form = MeetingRemoveForm(request.POST or None, meeting=meeting)
    submitted = form_submit(
        request,
        form,
        lambda data: services.mapping_meeting_remove(
            actor=request.user,
            participant=participant,
            meeting_id=meeting.pk,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=_("Kartläggningssamtalet är borttaget."),
    )
    if submitted.done:
        return redirect("mapping:detail", participant.pk)
    return _form_page(
        request, "mapping/meeting_remove.html", participant, form, submitted, meeting=meeting
    )


def _form_page(request, template, participant, form, submitted, **context):
    return render(
        request,
        template,
        {"participant": participant, "form": form, "conflict": submitted.status == 409, **context},
        status=submitted.status,
    )


def _text_edit(request, participant_id, *, form_class, template, save, success):
    participant = _participant(request, participant_id)
    mapping = selectors.mapping_current(participant=participant)
    if mapping is not None and mapping.period.closed_on is not None:
        mapping = None  # a new period starts a new mapping
    form = form_class(request.POST or None, mapping=mapping)
    submitted = form_submit(request, form, lambda data: save(participant, form), success=success)
    if submitted.done:
        if isinstance(submitted.result, tuple) and submitted.result[1]:
            messages.warning(
                request,
                _(
                    "Sammanfattningen är ändrad efter deltagarens godkännande. "
                    "Godkännandet är återkallat: gå igenom den nya texten med deltagaren "
                    "och registrera ett nytt godkännande."
                ),
            )
        return redirect("mapping:detail", participant.pk)
    return _form_page(request, template, participant, form, submitted, mapping=mapping)


@case_worker_required
@require_http_methods(["GET", "POST"])
def areas_edit(request, participant_id):
    return _text_edit(
        request,
        participant_id,
        form_class=AreasForm,
        template="mapping/areas_form.html",
        save=lambda participant, form: services.mapping_areas_save(
            actor=request.user,
            participant=participant,
            areas=form.areas(),
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Områdena är sparade."),
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def motivation_edit(request, participant_id):
    return _text_edit(
        request,
        participant_id,
        form_class=MotivationForm,
        template="mapping/motivation_form.html",
        save=lambda participant, form: services.mapping_motivation_save(
            actor=request.user,
            participant=participant,
            texts=form.texts(),
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Motivationskorset är sparat."),
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def summary_edit(request, participant_id):
    return _text_edit(
        request,
        participant_id,
        form_class=SummaryForm,
        template="mapping/summary_form.html",
        save=lambda participant, form: services.mapping_summary_save(
            actor=request.user,
            participant=participant,
            summary=form.cleaned_data["summary"],
            assessment=form.cleaned_data["assessment"],
            rehabilitation_proposals=form.cleaned_data["rehabilitation_proposals"],
            written_on=form.cleaned_data["written_on"],
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Sammanfattningen är sparad."),
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def approve(request, participant_id):
    return _text_edit(
        request,
        participant_id,
        form_class=ApprovalForm,
        template="mapping/approve.html",
        save=lambda participant, form: services.mapping_approve(
            actor=request.user,
            participant=participant,
            approved_on=form.cleaned_data["approved_on"],
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Deltagarens godkännande är registrerat."),
    )


def _summary_context(request, participant_id, mapping_id):
    participant = _participant(request, participant_id)
    mapping = selectors.mapping_get(participant=participant, mapping_id=mapping_id)
    participant_print_record(
        actor=request.user,
        participant=participant,
        what=f"{WHAT}: sammanfattning ({mapping.period.started_on:%Y-%m-%d})",
    )
    return {"participant": participant, "mapping": mapping, "printed_on": timezone.localdate()}


@case_worker_required
def summary_print(request, participant_id, mapping_id):
    return render(
        request,
        "mapping/summary_print.html",
        _summary_context(request, participant_id, mapping_id),
    )


@case_worker_required
def summary_pdf(request, participant_id, mapping_id):
    context = _summary_context(request, participant_id, mapping_id)
    name = slugify(f"kartlaggning {context['participant']} {context['printed_on']}")
    return render_pdf(
        "mapping/summary_print.html", context, request=request, filename=f"{name}.pdf"
    )
