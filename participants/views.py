from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_access
from activities.selectors import activity_list
from assessments import selectors as assessment_selectors
from assessments.cadence import due_status, next_due
from audit.selectors import access_event_list_for_participant
from core.forms import form_submit
from core.permissions import case_worker_required
from dataprotection import selectors as dataprotection_selectors
from instruments.selectors import instrument_versions_for_new
from journey.selectors import journey_context
from plans.selectors import method_hints

from . import selectors, services
from .forms import (
    CloseForm,
    CoachChangeForm,
    ParticipantCreateForm,
    ParticipantEditForm,
    ParticipantFilterForm,
    ReenrolForm,
)
from .pin import format_pin, mask_pin

PAGE_SIZE = 50


def _with_due(participants, actor) -> list:
    """Attach the next due date and its status to each row (no extra queries)."""
    weeks = assessment_selectors.interval_weeks_for(actor)
    today = assessment_selectors.today()
    rows = list(participants)
    for participant in rows:
        participant.due_on = assessment_selectors.due_on(participant, interval_weeks=weeks)
        participant.due_status = due_status(participant.due_on, today)
    return rows


@case_worker_required
def caseload(request):
    participants = _with_due(
        assessment_selectors.with_cadence(selectors.caseload(actor=request.user)), request.user
    )
    overdue = sorted((p for p in participants if p.due_status == "overdue"), key=lambda p: p.due_on)
    due_soon = sorted(
        (p for p in participants if p.due_status == "due_soon"), key=lambda p: p.due_on
    )
    self_filled = list(
        assessment_selectors.self_filled_to_review(participant_ids=[p.pk for p in participants])
    )
    services.participant_list_access_record(
        actor=request.user,
        participants=[*participants, *(a.participant_id for a in self_filled)],
        what="mina deltagare",
    )
    return render(
        request,
        "participants/caseload.html",
        {
            "participants": participants,
            "overdue": overdue,
            "due_soon": due_soon,
            "self_filled": self_filled,
        },
    )


@case_worker_required
def participant_list(request):
    form = ParticipantFilterForm(request.GET or None, actor=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.participant_list(
        actor=request.user,
        search=filters.get("q", ""),
        status=filters.get("status", ""),
        coach_id=filters["coach"].pk if filters.get("coach") else None,
        unit_id=filters["unit"].pk if filters.get("unit") else None,
    )
    qs = assessment_selectors.with_cadence(qs)
    if filters.get("due"):
        qs = assessment_selectors.filter_due(
            qs,
            which=filters["due"],
            interval_weeks=assessment_selectors.interval_weeks_for(request.user),
            today=assessment_selectors.today(),
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("sida"))
    page.object_list = _with_due(page.object_list, request.user)
    services.participant_list_access_record(
        actor=request.user,
        participants=page.object_list,
        what=f"deltagarlista, sida {page.number}",
    )
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "participants/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def participant_create(request):
    form = ParticipantCreateForm(request.POST or None, actor=request.user)
    submitted = form_submit(
        request,
        form,
        lambda data: services.participant_create(
            actor=request.user,
            profile=form.profile(),
            target_groups=data["target_groups"],
            coach=data["coach"],
            started_on=data["started_on"],
            referral_source=data["referral_source"],
            referral_date=data["referral_date"],
        ),
        success=lambda participant: _("%(name)s är registrerad.") % {"name": participant},
    )
    if submitted.done:
        return redirect("participants:detail", submitted.result.pk)
    return render(request, "participants/form.html", {"form": form, "creating": True})


@case_worker_required
def participant_detail(request, participant_id):
    participant = selectors.participant_get(actor=request.user, participant_id=participant_id)
    pin = participant.personal_identity_number
    show_pin = request.GET.get("visa") == "personnummer" and bool(pin)
    if show_pin:
        services.participant_pin_reveal(actor=request.user, participant=participant)
    access = user_access(request.user)
    periods = list(selectors.period_list(participant=participant))
    assessments = assessment_selectors.assessment_list(participant=participant)
    open_periods = [p for p in periods if p.is_open]
    period_start = open_periods[0].started_on if open_periods else None
    in_period = [
        a.assessed_on for a in assessments if period_start and a.assessed_on >= period_start
    ]
    due_on = next_due(
        period_started_on=period_start,
        last_assessed_on=max(in_period, default=None),
        interval_weeks=assessment_selectors.interval_weeks_for(request.user),
    )
    activities = activity_list(participant=participant)
    progressions = assessment_selectors.progression_list(assessments=assessments)
    hints = method_hints(
        participant=participant,
        latest_assessment=assessments[-1] if assessments else None,
        activities=activities,
        enrolled_on=period_start,
        today=assessment_selectors.today(),
    )
    return render(
        request,
        "participants/detail.html",
        {
            "participant": participant,
            "hints": hints,
            "is_active": period_start is not None,
            "assessments": list(reversed(assessments)),
            "progressions": progressions,
            "due_on": due_on,
            "due_status": due_status(due_on, assessment_selectors.today()),
            "card_versions": instrument_versions_for_new(
                organisation_id=participant.organisation_id
            )
            if period_start
            else [],
            "coach": selectors.current_coach(participant),
            "pin_display": format_pin(pin) if show_pin else mask_pin(pin),
            "show_pin": show_pin,
            "periods": periods,
            "assignments": selectors.coach_assignment_list(participant=participant),
            "can_see_access_log": participant.unit_id in access.manager_unit_ids,
            "may_make_extract": dataprotection_selectors.may_make_extract(
                actor=request.user, participant=participant
            ),
            "may_restrict": dataprotection_selectors.may_restrict(
                actor=request.user, participant=participant
            ),
            **journey_context(
                participant=participant,
                progressions=progressions,
                activities=activities,
                periods=periods,
                today=assessment_selectors.today(),
            ),
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, participant_id):
    participant = selectors.participant_get(
        actor=request.user, participant_id=participant_id, what="ändra uppgifter"
    )
    form = ParticipantEditForm(request.POST or None, instance=participant, actor=request.user)
    submitted = form_submit(
        request,
        form,
        lambda data: services.participant_update(
            actor=request.user,
            participant=participant,
            profile=form.profile(),
            target_groups=data["target_groups"],
            expected_version=data["version"],
        ),
        success=_("Uppgifterna är sparade."),
    )
    if submitted.done:
        return redirect("participants:detail", participant.pk)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "participant": participant,
            "creating": False,
            "conflict": submitted.status == 409,
        },
        status=submitted.status,
    )


def _period_action(request, participant_id, *, form_class, template, what, act):
    participant = selectors.participant_get(
        actor=request.user, participant_id=participant_id, what=what
    )
    kwargs = {}
    if form_class in (ReenrolForm, CoachChangeForm):
        kwargs = {"actor": request.user, "participant": participant}
    form = form_class(request.POST or None, **kwargs)
    if form_submit(request, form, lambda data: act(participant, data)).done:
        return redirect("participants:detail", participant.pk)
    return render(request, template, {"form": form, "participant": participant})


@case_worker_required
@require_http_methods(["GET", "POST"])
def participant_close(request, participant_id):
    def act(participant, data):
        services.participant_close(
            actor=request.user,
            participant=participant,
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            note=data["note"],
        )
        messages.success(request, _("Perioden är avslutad."))

    return _period_action(
        request,
        participant_id,
        form_class=CloseForm,
        template="participants/close.html",
        what="avsluta",
        act=act,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def participant_reenrol(request, participant_id):
    def act(participant, data):
        services.participant_reenrol(
            actor=request.user,
            participant=participant,
            started_on=data["started_on"],
            referral_source=data["referral_source"],
            referral_date=data["referral_date"],
            coach=data["coach"],
        )
        messages.success(request, _("En ny period är påbörjad."))

    return _period_action(
        request,
        participant_id,
        form_class=ReenrolForm,
        template="participants/reenrol.html",
        what="återinskriva",
        act=act,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def coach_change(request, participant_id):
    def act(participant, data):
        services.coach_change(
            actor=request.user,
            participant=participant,
            new_coach=data["new_coach"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            handover_note=data["handover_note"],
        )
        messages.success(request, _("Handledaren är bytt."))

    return _period_action(
        request,
        participant_id,
        form_class=CoachChangeForm,
        template="participants/coach_change.html",
        what="byta handledare",
        act=act,
    )


@case_worker_required
def access_log(request, participant_id):
    participant = selectors.participant_get(
        actor=request.user, participant_id=participant_id, what="åtkomstloggen"
    )
    if participant.unit_id not in user_access(request.user).manager_unit_ids:
        raise PermissionDenied
    events = access_event_list_for_participant(participant=participant)
    return render(
        request, "participants/access_log.html", {"participant": participant, "events": events}
    )
