from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities.selectors import activity_list
from assessments import selectors as assessment_selectors
from core.exceptions import ConflictError, RuleError
from core.permissions import case_worker_required
from participants.selectors import participant_get
from participants.services import open_period

from . import selectors, services
from .forms import PlanForm


def _context(request, participant):
    assessments = assessment_selectors.assessment_list(participant=participant)
    latest = assessments[-1] if assessments else None
    activities = activity_list(participant=participant)
    period = open_period(participant)
    plans = selectors.plan_list(participant=participant)
    current = next((p for p in plans if p.is_current), None)
    return {
        "participant": participant,
        "latest": latest,
        "activities": activities,
        "plans": plans,
        "current": current,
        "hints": selectors.method_hints(
            participant=participant,
            latest_assessment=latest,
            activities=activities,
            enrolled_on=period.started_on if period else None,
            today=assessment_selectors.today(),
        ),
        "is_active": period is not None,
    }


@case_worker_required
def plan(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="aktivitetsplan"
    )
    context = _context(request, participant)
    current = context["current"]
    if current is not None:
        current.scores = selectors.area_scores(current.assessment)
    return render(request, "plans/plan.html", context)


@case_worker_required
def plan_version(request, participant_id, plan_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="aktivitetsplan, äldre version"
    )
    version = selectors.plan_get(participant=participant, plan_id=plan_id)
    version.scores = selectors.area_scores(version.assessment)
    return render(request, "plans/version.html", {"participant": participant, "plan": version})


@case_worker_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="skriva aktivitetsplan"
    )
    context = _context(request, participant)
    latest, current = context["latest"], context["current"]
    if latest is None:
        messages.error(request, _("Gör en skattning först: planen skrivs utifrån den."))
        return redirect("plans:plan", participant.pk)
    if not context["is_active"]:
        messages.error(request, _("Deltagaren är avslutad."))
        return redirect("plans:plan", participant.pk)
    evaluate = current is not None and current.assessment_id != latest.pk
    form = PlanForm(
        request.POST or None,
        areas=latest.version.plan_areas.select_related("indicator", "theme"),
        activities=context["activities"],
        current=current,
        evaluate=evaluate,
        scores=selectors.area_scores(latest),
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        based_on_id = form.cleaned_data.get("based_on")
        based_on = next((p for p in context["plans"] if p.pk == based_on_id), None)
        try:
            services.plan_save(
                actor=request.user,
                participant=participant,
                assessment=latest,
                goal=form.cleaned_data["goal"],
                rows=form.rows(),
                evaluations=form.evaluations(),
                based_on=based_on,
            )
        except ConflictError:
            conflict = True
            form.add_error(
                None,
                _(
                    "Planen har ändrats av någon annan sedan du öppnade den, eller så utgår du "
                    "från en äldre version. Inget är sparat; öppna planen igen och gör om "
                    "ändringen i den senaste versionen."
                ),
            )
        except (RuleError, ValidationError) as error:
            form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, _("Aktivitetsplanen är sparad."))
            return redirect("plans:plan", participant.pk)
    return render(
        request,
        "plans/edit.html",
        {**context, "form": form, "evaluate": evaluate},
        status=409 if conflict else 200,
    )
