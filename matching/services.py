"""Matching decisions and the individual plan towards work. Each change writes its
access event in the same transaction.

Order (seed 004): mapping, then matching, then the individual plan. A decision needs at
least one mapping meeting in the open period; a plan needs a decision. The plan's
content is locked by the first signature: revising a signed plan makes a new version
(docs/adr/0008). Marking a responsibility row done is follow-up, allowed on a signed plan.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from core.services import model_update, version_check
from mapping.models import MappingMeeting
from participants.models import Participant
from participants.services import (
    open_period,
    participant_change_record,
    participant_lock,
)

from .models import Destination, IndividualPlan, MatchingDecision, Party, ResponsibilityRow
from .selectors import matching_decision_current


@dataclass
class RowInput:
    what: str
    who: str
    due_on: datetime.date | None = None
    done: bool = False


_lock = participant_lock


def _not_in_future(day: datetime.date, message: str) -> None:
    if day > timezone.localdate():
        raise RuleError(message)


def _open_period_or_error(participant: Participant):
    period = open_period(participant)
    if period is None:
        raise RuleError(_("Deltagaren är avslutad."))
    return period


@transaction.atomic
def matching_decision_create(
    *,
    actor,
    participant: Participant,
    destination: str,
    reason: str,
    decided_on: datetime.date | None,
) -> MatchingDecision:
    participant = _lock(participant)
    period = _open_period_or_error(participant)
    if decided_on is None:
        raise RuleError(_("Ange datum för beslutet."))
    first_meeting = MappingMeeting.objects.filter(mapping__period=period).aggregate(
        first=Min("held_on")
    )["first"]
    if first_meeting is None:
        raise RuleError(
            _(
                "Matchningen görs med stöd av kartläggningen: registrera minst ett "
                "kartläggningssamtal först."
            )
        )
    if decided_on < first_meeting:
        raise RuleError(_("Beslutet kan inte ligga före det första kartläggningssamtalet."))
    _not_in_future(decided_on, _("Beslutet kan inte ligga i framtiden."))
    if destination not in Destination.values:
        raise RuleError(_("Välj vart deltagaren matchas."))
    if not reason.strip():
        raise RuleError(_("Skriv en motivering till beslutet."))
    decision = MatchingDecision.objects.create(
        participant=participant,
        decided_on=decided_on,
        destination=destination,
        reason=reason.strip(),
        created_by=actor,
    )
    participant_change_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CREATE,
        what=f"matchningsbeslut: {destination} {decided_on:%Y-%m-%d}",
    )
    return decision


def _current_plan(participant) -> IndividualPlan | None:
    return (
        IndividualPlan.objects.select_for_update()
        .filter(participant=participant, is_current=True)
        .first()
    )


@transaction.atomic
def individual_plan_save(
    *,
    actor,
    participant: Participant,
    goal: str,
    sub_goals: str,
    drawn_up_on: datetime.date | None,
    rows: list[RowInput],
    expected_version: int | None,
    based_on_id: int | None,
) -> IndividualPlan:
    """Write the plan. An unsigned plan is changed in place; a signed one is revised as a
    new version. ``based_on_id``/``expected_version`` are what the form was opened on."""
    participant = _lock(participant)
    _open_period_or_error(participant)
    decision = matching_decision_current(participant=participant)
    if decision is None:
        raise RuleError(
            _("Den individuella planen skrivs efter matchningen: gör ett matchningsbeslut först.")
        )
    current = _current_plan(participant)
    if (current.pk if current else None) != based_on_id:
        raise ConflictError
    if current is not None:
        version_check(current, expected_version)
    if drawn_up_on is None:
        raise RuleError(_("Ange datum då planen upprättades."))
    if drawn_up_on < decision.decided_on:
        raise RuleError(_("Planen kan inte upprättas före matchningsbeslutet."))
    _not_in_future(drawn_up_on, _("Datumet kan inte ligga i framtiden."))
    if not goal.strip():
        raise RuleError(_("Skriv deltagarens mål."))
    if not rows:
        raise RuleError(_("Skriv minst en rad i ansvarsfördelningen."))
    for row in rows:
        if not row.what.strip() or not row.who.strip():
            raise RuleError(_("Varje rad i ansvarsfördelningen behöver vad och vem."))
    if current is not None and not current.is_signed_by_anyone:
        plan = current
        plan.rows.all().delete()
        what = f"individuell plan version {plan.number}, ändrad"
    else:
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        number = (
            IndividualPlan.objects.filter(participant=participant).aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        plan = IndividualPlan(participant=participant, number=number, created_by=actor, version=0)
        what = f"individuell plan version {number}"
    model_update(
        plan,
        data={
            "matching_decision": decision,
            "goal": goal.strip(),
            "sub_goals": sub_goals.strip(),
            "drawn_up_on": drawn_up_on,
        },
    )
    ResponsibilityRow.objects.bulk_create(
        ResponsibilityRow(
            plan=plan,
            order=order,
            what=row.what.strip(),
            who=row.who.strip(),
            due_on=row.due_on,
            done=row.done,
        )
        for order, row in enumerate(rows)
    )
    participant_change_record(actor=actor, participant=participant, what=what)
    return plan


@transaction.atomic
def individual_plan_sign(
    *,
    actor,
    participant: Participant,
    signatures: dict[str, tuple[str, datetime.date]],
    expected_version: int | None,
) -> IndividualPlan:
    """Record who signed for each party given and when. A signature is never changed."""
    participant = _lock(participant)
    plan = _current_plan(participant)
    if plan is None:
        raise RuleError(_("Det finns ingen individuell plan att skriva under."))
    version_check(plan, expected_version)
    if not signatures:
        raise RuleError(_("Fyll i minst en underskrift: namn och datum."))
    labels = dict(Party.choices)
    for party, (name, signed_on) in signatures.items():
        if party not in labels:
            raise RuleError(_("Okänd part."))
        if getattr(plan, f"{party}_signed_on") is not None:
            raise RuleError(
                _("%(party)s har redan skrivit under planen.") % {"party": labels[party]}
            )
        if not name.strip() or signed_on is None:
            raise RuleError(_("En underskrift behöver både namn och datum."))
        if signed_on < plan.drawn_up_on:
            raise RuleError(_("En underskrift kan inte ligga före datumet då planen upprättades."))
        _not_in_future(signed_on, _("En underskrift kan inte ligga i framtiden."))
        setattr(plan, f"{party}_signed_by", name.strip())
        setattr(plan, f"{party}_signed_on", signed_on)
    model_update(plan)
    participant_change_record(
        actor=actor,
        participant=participant,
        what=f"individuell plan version {plan.number}: underskrift "
        + ", ".join(sorted(signatures)),
    )
    return plan


@transaction.atomic
def individual_plan_follow_up(
    *, actor, participant: Participant, done_row_ids: set[int], expected_version: int | None
) -> IndividualPlan:
    """Mark which responsibility rows are done (follow-up; the plan may be signed)."""
    participant = _lock(participant)
    plan = _current_plan(participant)
    if plan is None:
        raise RuleError(_("Det finns ingen individuell plan att följa upp."))
    version_check(plan, expected_version)
    rows = list(plan.rows.all())
    if not done_row_ids <= {row.pk for row in rows}:
        raise RuleError(_("Raden hör inte till den gällande planen."))
    changed = [row for row in rows if row.done != (row.pk in done_row_ids)]
    for row in changed:
        row.done = row.pk in done_row_ids
    ResponsibilityRow.objects.bulk_update(changed, ["done"])
    model_update(plan)
    participant_change_record(
        actor=actor,
        participant=participant,
        what=f"individuell plan version {plan.number}: uppföljning",
    )
    return plan
