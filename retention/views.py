from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import user_access
from core.forms import action_submit, form_submit
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.retention_rule_update(
            actor=request.user,
            case_years=data["case_years"],
            access_log_years=data["access_log_years"],
            expected_version=data["version"],
        ),
        success=_("Gallringsreglerna är sparade."),
    )
    if submitted.done:
        return redirect("retention:rule")
    return render(
        request,
        "retention/rule.html",
        {
            "form": form,
            "rule": rule,
            "runs": selectors.erasure_run_list(organisation_id=organisation_id),
        },
        status=submitted.status,
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
    submitted = form_submit(
        request,
        form,
        lambda data: services.retention_hold_place(
            actor=request.user,
            participant=participant,
            reason=data["reason"],
            reference=data["reference"],
        ),
        success=_("Akten är undantagen från gallring."),
    )
    if submitted.done:
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
    action_submit(
        request,
        lambda: services.retention_hold_lift(actor=request.user, hold=hold),
        success=_("Undantaget från gallring är upphävt."),
    )
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
    if (
        refusal is None
        and form_submit(
            request,
            form,
            lambda data: services.participant_erase(
                participant=participant,
                actor=request.user,
                reason=data["reason"],
                reference=data["reference"],
            ),
            success=_(
                "Personuppgifterna är borttagna. Akten finns kvar som en anonym rad i statistiken."
            ),
        ).done
    ):
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
