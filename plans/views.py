from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities.selectors import activity_list, catalogue_list, suggestions_for
from assessments import selectors as assessment_selectors
from core import method
from core.forms import form_submit
from core.permissions import case_worker_required
from instruments.selectors import card_languages, plan_area_list
from participants.selectors import participant_get
from participants.services import open_period

from . import selectors, services
from .forms import PlanForm, activity_add_forms, with_activity_ticked


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
        # The plan printed in the participant's language with the Swedish under it.
        context["print_languages"] = [
            language
            for language in card_languages(
                version=current.assessment.version, organisation_id=participant.organisation_id
            )
            if language.enabled and language.code != "sv"
        ]
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
    areas = list(plan_area_list(version=latest.version))
    today = assessment_selectors.today()
    data = request.POST if request.method == "POST" else None
    adding = _adding(request, areas)
    add_forms = _add_forms(participant, latest, areas, today, data=data, adding=adding)
    if adding is not None:
        # An activity from the catalogue, added to a row without leaving the form: the
        # plan is not saved, and everything typed comes back as it was.
        added = form_submit(
            request,
            add_forms[adding],
            lambda d: services.plan_activity_add(
                actor=request.user,
                participant=participant,
                catalogue_item=d["catalogue_item"],
                start_date=d["start_date"],
                today=today,
            ),
            success=lambda activity: (
                _("%(name)s är tillagd och ikryssad i planen. Planen är inte sparad än.")
                % {"name": activity.name}
            ),
        )
        if added.done:
            data = with_activity_ticked(data, area_id=adding, activity_id=added.result.pk)
            add_forms = _add_forms(participant, latest, areas, today)
            context = _context(request, participant)  # the reminders count the new one
    form = PlanForm(
        data,
        areas=areas,
        activities=context["activities"],
        current=current,
        evaluate=evaluate,
        scores=selectors.area_scores(latest),
        low_below=method.low_score_threshold(),
        add_forms=add_forms,
    )
    if adding is not None:
        return render(
            request,
            "plans/edit.html",
            {**context, "form": form.without_validation(), "evaluate": evaluate, "editing": True},
        )
    submitted = form_submit(
        request,
        form,
        lambda data: services.plan_save(
            actor=request.user,
            participant=participant,
            assessment=latest,
            goal=data["goal"],
            rows=form.rows(),
            evaluations=form.evaluations(),
            based_on=next((p for p in context["plans"] if p.pk == data.get("based_on")), None),
        ),
        success=_("Aktivitetsplanen är sparad."),
    )
    if submitted.done:
        return redirect("plans:plan", participant.pk)
    return render(
        request,
        "plans/edit.html",
        {**context, "form": form, "evaluate": evaluate, "editing": True},
        status=submitted.status,
    )


def _adding(request, areas) -> int | None:
    """The plan area whose "add an activity" button was pressed, if any."""
    value = request.POST.get("add_activity", "") if request.method == "POST" else ""
    return next((a.pk for a in areas if str(a.pk) == value), None)


def _add_forms(participant, latest, areas, today, data=None, adding=None):
    catalogue = list(catalogue_list(organisation_id=participant.organisation_id))
    codes = selectors.area_indicator_codes(latest)
    by_code = suggestions_for(
        organisation_id=participant.organisation_id,
        indicator_codes=sorted(set().union(*codes.values())),
    )
    suggested = {
        pk: {item.pk for code in area_codes for item in by_code[code]}
        for pk, area_codes in codes.items()
    }
    return activity_add_forms(
        areas=areas, catalogue=catalogue, suggested=suggested, today=today, data=data, adding=adding
    )
