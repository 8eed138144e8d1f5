from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import case_worker_required
from participants.selectors import participant_get

from . import selectors, services
from .forms import ConsentForm, IntakeCreateForm, IntakeEditForm, ShareForm, WithdrawForm
from .models import DocumentKind

MEETING_FIELDS = ("held_on", "information_given", "information_note", "first_mapping_on")


def _overview(participant_pk):
    return redirect("intake:overview", participant_pk)


@case_worker_required
def overview(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="inskrivning och samtycke"
    )
    consents = list(selectors.consent_list(participant=participant))
    return render(
        request,
        "intake/overview.html",
        {
            "participant": participant,
            "meetings": selectors.intake_meeting_list(participant=participant),
            "consent": selectors.consent_state(consents[0] if consents else None),
            "consents": consents,
            "shares": selectors.document_share_list(participant=participant),
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="nytt inskrivningssamtal"
    )
    form = IntakeCreateForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.intake_meeting_record(
            actor=request.user,
            participant=participant,
            **{field: data[field] for field in MEETING_FIELDS},
            consent_agencies=data["consent_agencies"],
            consent_signed_on=data["consent_signed_on"],
        ),
        success=_("Inskrivningssamtalet är sparat."),
    )
    if submitted.done:
        return _overview(participant.pk)
    return render(
        request,
        "intake/meeting_form.html",
        {
            "form": form,
            "participant": participant,
            "creating": True,
            "consent": selectors.consent_current(participant=participant),
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, participant_id, meeting_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="ändra inskrivningssamtal"
    )
    meeting = selectors.intake_meeting_get(participant=participant, meeting_id=meeting_id)
    initial = {field: getattr(meeting, field) for field in (*MEETING_FIELDS, "version")}
    form = IntakeEditForm(request.POST or None, initial=initial)
    submitted = form_submit(
        request,
        form,
        lambda data: services.intake_meeting_update(
            actor=request.user,
            meeting=meeting,
            **{field: data[field] for field in MEETING_FIELDS},
            expected_version=data["version"],
        ),
        success=_("Inskrivningssamtalet är sparat."),
    )
    if submitted.done:
        return _overview(participant.pk)
    return render(
        request,
        "intake/meeting_form.html",
        {"form": form, "participant": participant, "creating": False, "meeting": meeting},
        status=submitted.status,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def consent_create(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="nytt medgivande"
    )
    form = ConsentForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.consent_record(
            actor=request.user,
            participant=participant,
            agencies=data["agencies"],
            signed_on=data["signed_on"],
        ),
        success=_("Medgivandet är registrerat."),
    )
    if submitted.done:
        return _overview(participant.pk)
    return render(
        request,
        "intake/consent_form.html",
        {
            "form": form,
            "participant": participant,
            "consent": selectors.consent_current(participant=participant),
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, participant_id, consent_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="återkalla medgivande"
    )
    consent = selectors.consent_get(participant=participant, consent_id=consent_id)
    if consent.withdrawn_on is not None:
        messages.error(request, _("Medgivandet är redan återkallat."))
        return _overview(participant.pk)
    form = WithdrawForm(request.POST or None, consent=consent)
    submitted = form_submit(
        request,
        form,
        lambda data: services.consent_withdraw(
            actor=request.user,
            consent=consent,
            withdrawn_on=data["withdrawn_on"],
            note=data["note"],
            expected_version=data["version"],
        ),
        success=_("Medgivandet är återkallat."),
    )
    if submitted.done:
        return _overview(participant.pk)
    return render(
        request,
        "intake/withdraw_form.html",
        {
            "form": form,
            "participant": participant,
            "consent_row": consent,
            "consent": selectors.consent_state(consent),
        },
        status=submitted.status,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def share(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="dela dokument"
    )
    consent = selectors.consent_current(participant=participant)
    initial = {}
    if request.GET.get("kind") in DocumentKind.values:
        initial["document_kind"] = request.GET["kind"]
    if request.GET.get("id", "").isdigit():
        initial["document_id"] = int(request.GET["id"])
    form = ShareForm(request.POST or None, initial=initial, consent=consent)
    submitted = form_submit(
        request,
        form,
        lambda data: services.document_share(
            actor=request.user,
            participant=participant,
            document_kind=data["document_kind"],
            document_id=data["document_id"],
            agency=data["agency"],
            shared_on=data["shared_on"],
            note=data["note"],
        ),
        success=_("Delningen är registrerad."),
    )
    if submitted.done:
        return _overview(participant.pk)
    return render(
        request,
        "intake/share.html",
        {
            "form": form,
            "participant": participant,
            "consent": consent,
            "shares": selectors.document_share_list(participant=participant)[:20],
        },
    )
