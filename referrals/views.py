from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_access
from core.forms import form_submit
from core.permissions import case_worker_required, manager_required

from . import selectors, services
from .forms import AssignForm, ReferralEditForm, ReferralForm


@manager_required
def inbox(request):
    referrals = list(selectors.referral_inbox(actor=request.user))
    recent = list(selectors.referral_recently_assigned(actor=request.user))
    services.referral_inbox_access_record(actor=request.user, referrals=referrals, recent=recent)
    return render(request, "referrals/inbox.html", {"referrals": referrals, "recent": recent})


@case_worker_required
@require_http_methods(["GET", "POST"])
def referral_create(request):
    form = ReferralForm(request.POST or None, actor=request.user)
    submitted = form_submit(
        request,
        form,
        lambda data: services.referral_register(actor=request.user, data=form.data_for_service()),
        success=lambda referral: (
            _("Aktualiseringen av %(name)s är registrerad och väntar på fördelning.")
            % {"name": referral.full_name}
        ),
    )
    if submitted.done:
        if submitted.result.unit_id in user_access(request.user).manager_unit_ids:
            return redirect("referrals:inbox")
        return redirect("referrals:detail", submitted.result.pk)
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.referral_update(
            actor=request.user,
            referral=referral,
            data=form.data_for_service(),
            expected_version=data["version"],
        ),
        success=_("Aktualiseringen är sparad."),
    )
    if submitted.done:
        return redirect("referrals:detail", referral.pk)
    return render(
        request,
        "referrals/form.html",
        {"form": form, "referral": referral, "creating": False},
        status=submitted.status,
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.referral_assign(
            actor=request.user,
            referral=referral,
            coach=data["coach"],
            assigned_on=data["assigned_on"],
            expected_version=data["version"],
        ),
        success=lambda assigned: (
            _("%(name)s är inskriven med %(coach)s som ansvarig handledare.")
            % {"name": assigned.participant, "coach": assigned.assigned_coach}
        ),
    )
    if submitted.done:
        return redirect("referrals:inbox")
    return render(
        request,
        "referrals/assign.html",
        {"form": form, "referral": referral},
        status=submitted.status,
    )
