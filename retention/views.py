from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import user_access
from core.exceptions import ConflictError, RuleError
from core.forms import add_rule_error
from core.permissions import administrator_required, manager_required
from participants.selectors import participant_get

from . import graph, selectors, services
from .forms import EraseForm, HoldForm, RuleForm


@administrator_required
@require_http_methods(["GET", "POST"])
def rule_edit(request):
    organisation_id = user_access(request.user).organisation_id
    rule = selectors.retention_rule_get(organisation_id=organisation_id)
    initial = {
        "case_years": rule.case_years,
        "access_log_years": rule.access_log_years,
        "version": rule.version,
    }
    form = RuleForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_rule_update(
                actor=request.user,
                case_years=form.cleaned_data["case_years"],
                access_log_years=form.cleaned_data["access_log_years"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            conflict = True
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat gallringsreglerna medan du redigerade. Dina "
                    "ändringar är inte sparade men finns kvar i formuläret. Ladda om sidan "
                    "för att se de nya värdena."
                ),
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Gallringsreglerna är sparade."))
            return redirect("retention:rule")
    return render(
        request,
        "retention/rule.html",
        {
            "form": form,
            "rule": rule,
            "runs": selectors.erasure_run_list(organisation_id=organisation_id),
        },
        status=409 if conflict else 200,
    )


def _managed_participant(request, participant_id, what):
    participant = participant_get(actor=request.user, participant_id=participant_id, what=what)
    if participant.unit_id not in user_access(request.user).manager_unit_ids:
        raise PermissionDenied
    return participant


@manager_required
@require_http_methods(["GET", "POST"])
def participant_retention(request, participant_id):
    participant = _managed_participant(request, participant_id, "gallring")
    hold = selectors.hold_in_force(participant=participant)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_hold_place(
                actor=request.user,
                participant=participant,
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("Akten är undantagen från gallring."))
            return redirect("retention:participant", participant.pk)
    rule = selectors.retention_rule_get(organisation_id=participant.organisation_id)
    last_entry_on = selectors.last_entry_of(participant_id=participant.pk)
    return render(
        request,
        "retention/participant.html",
        {
            "participant": participant,
            "hold": hold,
            "holds": selectors.hold_list(participant=participant),
            "form": form,
            "rule": rule,
            "last_entry_on": last_entry_on,
            "due_on": selectors.years_before(last_entry_on, -rule.case_years),
            "refusal": services.erasure_refusal(participant=participant),
        },
    )


@manager_required
@require_POST
def hold_lift(request, participant_id, hold_id):
    participant = _managed_participant(request, participant_id, "gallring: upphäva undantag")
    hold = selectors.hold_get(participant=participant, hold_id=hold_id)
    try:
        services.retention_hold_lift(actor=request.user, hold=hold)
    except RuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Undantaget från gallring är upphävt."))
    return redirect("retention:participant", participant.pk)


def _preview_rows(counts):
    rows = []
    for name, kinds in counts.items():
        meta = apps.get_model(name)._meta
        rows.append(
            {
                "kind": meta.verbose_name_plural,
                "deleted": kinds.get("deleted", 0),
                "anonymised": kinds.get("anonymised", 0),
            }
        )
    return rows


@manager_required
@require_http_methods(["GET", "POST"])
def participant_erase(request, participant_id):
    participant = _managed_participant(request, participant_id, "radering: bekräftelse")
    refusal = services.erasure_refusal(participant=participant)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.participant_erase(
                participant=participant,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Personuppgifterna är borttagna. Akten finns kvar som en anonym rad i "
                    "statistiken."
                ),
            )
            return redirect("participants:list")
    counts = services.erasure_preview(participant=participant) if refusal is None else {}
    rows = _preview_rows(counts)
    return render(
        request,
        "retention/erase.html",
        {
            "participant": participant,
            "form": form,
            "refusal": refusal,
            "deleted_rows": [r for r in rows if r["deleted"]],
            "kept_rows": [r for r in rows if r["anonymised"]],
            "erased_text": graph.ERASED_TEXT,
        },
    )
