from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_access
from audit.models import AccessEvent
from audit.services import access_event_record_for_organisation, access_event_record_list
from core.exceptions import ConflictError
from core.permissions import case_worker_required, manager_required

from . import selectors, services
from .forms import AssignForm, ReferralEditForm, ReferralForm

CONFLICT_MESSAGE = gettext_lazy(
    "Någon annan har ändrat aktualiseringen medan du arbetade med den. Dina ändringar är "
    "inte sparade men finns kvar i formuläret. Öppna aktualiseringen i en ny flik för att "
    "se de nya uppgifterna."
)


@manager_required
def inbox(request):
    referrals = list(selectors.referral_inbox(actor=request.user))
    recent = list(selectors.referral_recently_assigned(actor=request.user))
    _inbox_access_record(request.user, referrals, recent)
    return render(request, "referrals/inbox.html", {"referrals": referrals, "recent": recent})


def _inbox_access_record(actor, referrals, recent) -> None:
    """One VIEW_LIST row: the participants shown, and the unassigned referrals by id
    (they name a person who is not yet a participant)."""
    shown = [r for r in referrals + recent if r.participant_id is None]
    what = "aktualiseringar: inkorgen"
    if shown:
        what += "; aktualiseringar " + ", ".join(str(r.pk) for r in shown)
    participants = [r.participant_id for r in referrals + recent if r.participant_id]
    if participants:
        access_event_record_list(
            actor=actor,
            organisation_id=actor.organisation_id,
            participants=participants,
            what=what,
        )
    elif shown:
        access_event_record_for_organisation(
            actor=actor,
            organisation_id=actor.organisation_id,
            action=AccessEvent.Action.VIEW_LIST,
            what=what,
        )


@case_worker_required
@require_http_methods(["GET", "POST"])
def referral_create(request):
    form = ReferralForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_register(actor=request.user, data=form.data_for_service())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Aktualiseringen av %(name)s är registrerad och väntar på fördelning.")
                % {"name": referral.full_name},
            )
            if referral.unit_id in user_access(request.user).manager_unit_ids:
                return redirect("referrals:inbox")
            return redirect("referrals:detail", referral.pk)
    return render(request, "referrals/form.html", {"form": form, "creating": True})


@case_worker_required
def referral_detail(request, referral_id):
    referral = selectors.referral_get(actor=request.user, referral_id=referral_id)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "can_assign": not referral.is_assigned
            and referral.unit_id in user_access(request.user).manager_unit_ids,
        },
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def referral_edit(request, referral_id):
    referral = selectors.referral_get(
        actor=request.user, referral_id=referral_id, what="ändra uppgifter"
    )
    if referral.is_assigned:
        messages.error(request, _("Aktualiseringen är redan fördelad och kan inte ändras."))
        return redirect("referrals:detail", referral.pk)
    form = ReferralEditForm(request.POST or None, instance=referral, actor=request.user)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(
                actor=request.user,
                referral=referral,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            conflict = True
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Aktualiseringen är sparad."))
            return redirect("referrals:detail", referral.pk)
    return render(
        request,
        "referrals/form.html",
        {"form": form, "referral": referral, "creating": False},
        status=409 if conflict else 200,
    )


@case_worker_required
@require_http_methods(["GET", "POST"])
def referral_assign(request, referral_id):
    referral = selectors.referral_get(actor=request.user, referral_id=referral_id, what="fördela")
    if referral.unit_id not in user_access(request.user).manager_unit_ids:
        raise PermissionDenied
    if referral.is_assigned:
        messages.error(request, _("Aktualiseringen är redan fördelad."))
        return redirect("referrals:detail", referral.pk)
    form = AssignForm(request.POST or None, actor=request.user, referral=referral)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_assign(
                actor=request.user,
                referral=referral,
                coach=form.cleaned_data["coach"],
                assigned_on=form.cleaned_data["assigned_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            conflict = True
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s är inskriven med %(coach)s som ansvarig handledare.")
                % {"name": referral.participant, "coach": referral.assigned_coach},
            )
            return redirect("referrals:inbox")
    return render(
        request,
        "referrals/assign.html",
        {"form": form, "referral": referral},
        status=409 if conflict else 200,
    )
