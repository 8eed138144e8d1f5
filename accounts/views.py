import logging
import smtplib

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import RuleError
from core.forms import action_submit, form_submit
from core.permissions import administrator_required

from . import lockout, selectors, services
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, UserForm

log = logging.getLogger(__name__)


@administrator_required
def organisation_overview(request):
    """The administrator's view of the organisation: units and who works where."""
    organisation = request.user.organisation
    units = selectors.unit_list(organisation=organisation)
    users = selectors.user_list_for_administration(actor=request.user)
    return render(
        request,
        "accounts/organisation_overview.html",
        {"organisation": organisation, "units": units, "users": users},
    )


# Account administration ------------------------------------------------------------


def _send_link(request, *, user, welcome: bool) -> bool:
    try:
        services.user_password_link_send(
            actor=request.user,
            user=user,
            domain=request.get_host(),
            use_https=request.is_secure(),
            welcome=welcome,
        )
    except RuleError as error:
        messages.error(request, str(error))
        return False
    except (smtplib.SMTPException, OSError):
        log.exception("The password link could not be sent")
        messages.error(
            request,
            _("E-postmeddelandet kunde inte skickas. Försök igen senare eller kontakta IT."),
        )
        return False
    return True


@administrator_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    units = selectors.units_for_administration(actor=request.user)
    form = UserForm(request.POST or None, units=units)
    submitted = form_submit(
        request,
        form,
        lambda data: services.user_create(
            actor=request.user,
            organisation=request.user.organisation,
            values=form.values(),
            memberships=form.memberships(),
        ),
        success=lambda user: _("Användaren %(user)s är skapad.") % {"user": user},
    )
    if submitted.done:
        user = submitted.result
        if user.email and _send_link(request, user=user, welcome=True):
            messages.success(
                request,
                _("En länk för att välja lösenord är skickad till %(email)s.")
                % {"email": user.email},
            )
        return redirect("accounts:user_detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": None})


@administrator_required
def user_detail(request, user_id):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "memberships": selectors.membership_list(user=user),
            "locked_until": selectors.locked_until(user=user),
            "events": selectors.security_events_for_user(actor=request.user, user=user),
            "is_self": user.pk == request.user.pk,
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_edit(request, user_id):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    units = selectors.units_for_administration(actor=request.user, user=user)
    form = UserForm(request.POST or None, units=units, user=user)
    submitted = form_submit(
        request,
        form,
        lambda data: services.user_update(
            actor=request.user,
            user=user,
            expected_version=data["version"],
            values=form.values(),
            memberships=form.memberships(),
        ),
        success=_("Ändringarna är sparade."),
    )
    if submitted.done:
        return redirect("accounts:user_detail", user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "subject": user},
        status=submitted.status,
    )


def _user_action(action, success_message):
    @administrator_required
    @require_POST
    def view(request, user_id):
        user = selectors.user_get(actor=request.user, user_id=user_id)
        action_submit(
            request, lambda: action(actor=request.user, user=user), success=success_message
        )
        return redirect("accounts:user_detail", user.pk)

    return view


user_deactivate = _user_action(
    services.user_deactivate,
    gettext_lazy(
        "Användaren är inaktiverad och utloggad. Hen kan inte logga in förrän du återaktiverar."
    ),
)
user_reactivate = _user_action(
    services.user_reactivate, gettext_lazy("Användaren är återaktiverad.")
)
user_unlock = _user_action(
    services.user_unlock, gettext_lazy("Kontot är upplåst och kan logga in igen.")
)


@administrator_required
@require_POST
def user_password_link(request, user_id):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    if _send_link(request, user=user, welcome=False):
        messages.success(
            request,
            _("En länk för att välja nytt lösenord är skickad till %(email)s.")
            % {"email": user.email},
        )
    return redirect("accounts:user_detail", user.pk)


# The user's own account --------------------------------------------------------------


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {"memberships": selectors.membership_list(user=request.user, order=("role",))},
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    """Ends every session of the user's, this one included (accounts.middleware)."""
    services.user_sessions_end(actor=request.user, user=request.user)
    return redirect("accounts:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_change_record(user=form.user)
        messages.success(self.request, _("Ditt lösenord är bytt."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    subject_template_name = "accounts/email/password_link_subject.txt"
    email_template_name = "accounts/email/password_link.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"site_name": "Stegvis", "link_days": services.password_link_days()}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"link_days": services.password_link_days}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password chosen through the e-mailed link also lifts a lock on the
        # account: the owner of the mailbox has shown who they are.
        lockout.account_unlock(username=form.user.get_username())
        services.password_reset_record(user=form.user, detail="new password set")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
