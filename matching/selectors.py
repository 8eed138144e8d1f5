"""Reads of matching decisions and individual plans. Callers pass a participant that
came through ``participants.selectors.participant_get`` (scoped and logged)."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from journey.steps import Step

from .models import IndividualPlan, MatchingDecision


def matching_decision_current(*, participant) -> MatchingDecision | None:
    """The decision in force: the latest one, or None before any decision."""
    return participant.matching_decisions.order_by("-decided_on", "-id").first()


def matching_decision_list(*, participant) -> list[MatchingDecision]:
    return list(participant.matching_decisions.select_related("created_by"))


def _plans(participant):
    return (
        IndividualPlan.objects.filter(participant=participant)
        .select_related("matching_decision", "created_by")
        .prefetch_related("rows")
    )


def individual_plan_current(*, participant) -> IndividualPlan | None:
    return _plans(participant).filter(is_current=True).first()


def individual_plan_list(*, participant) -> list[IndividualPlan]:
    """Every version, newest first (numbers and dates only on the page)."""
    return list(
        IndividualPlan.objects.filter(participant=participant)
        .only("id", "number", "is_current", "drawn_up_on", "participant_id")
        .order_by("-number")
    )


def individual_plan_get(*, participant, plan_id: int) -> IndividualPlan:
    try:
        return _plans(participant).get(pk=plan_id)
    except (IndividualPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def journey_steps(*, participant) -> list[Step]:
    """The matching step (done on the decision date) and the individual plan (done on
    the date of the last of the three signatures). Two queries."""
    decision = matching_decision_current(participant=participant)
    plan = (
        IndividualPlan.objects.filter(participant=participant, is_current=True)
        .defer("goal", "sub_goals")
        .first()
    )
    if plan is None:
        plan_detail = ""
    else:
        signed = sum(1 for s in plan.signatures() if s["on"])
        plan_detail = _("%(n)s av 3 underskrifter") % {"n": signed}
    return [
        Step(
            key="matching",
            label=_("Matchning"),
            done_on=decision.decided_on if decision else None,
            url=reverse("matching:decision", args=[participant.pk]),
            detail=str(decision.get_destination_display()) if decision else "",
        ),
        Step(
            key="individual_plan",
            label=_("Individuell plan mot arbete"),
            done_on=plan.fully_signed_on if plan else None,
            url=reverse("matching:plan", args=[participant.pk]),
            detail=plan_detail,
        ),
    ]
