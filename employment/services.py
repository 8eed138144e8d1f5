"""Changes to employment records. Each writes its access event in the same transaction."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import RuleError
from core.services import locked_get, model_update
from participants.models import Period
from participants.services import participant_change_record, participant_close

from .models import Employment
from .rules import employment_problems, outcome_for

EMPLOYMENT_FIELDS = (
    "employer",
    "occupation",
    "started_on",
    "ended_on",
    "extent",
    "is_resource_employment",
    "support",
)


def _check(values: dict) -> None:
    problems = employment_problems(
        started_on=values["started_on"],
        ended_on=values["ended_on"],
        extent=values["extent"],
        is_resource_employment=values["is_resource_employment"],
        support=values["support"],
    )
    if problems:
        raise RuleError(" ".join(problems.values()))


def _values(data: dict) -> dict:
    values = {field: data.get(field) for field in EMPLOYMENT_FIELDS}
    values["employer"] = (values["employer"] or "").strip()
    values["occupation"] = (values["occupation"] or "").strip()
    values["is_resource_employment"] = bool(values["is_resource_employment"])
    if not values["employer"]:
        raise RuleError(_("Ange arbetsgivaren."))
    return values


@transaction.atomic
def employment_add(*, actor, participant, data: dict) -> Employment:
    """Record an employment for a participant read through ``participant_get``."""
    values = _values(data)
    _check(values)
    employment = Employment.objects.create(participant=participant, created_by=actor, **values)
    participant_change_record(
        actor=actor, participant=participant, what=f"ny anställning: {employment.employer}"
    )
    return employment


@transaction.atomic
def employment_update(
    *, actor, employment: Employment, data: dict, expected_version: int
) -> Employment:
    locked = locked_get(Employment, pk=employment.pk, expected_version=expected_version)
    values = _values(data)
    _check(values)
    changed = model_update(locked, data=values, fields=EMPLOYMENT_FIELDS)
    participant_change_record(
        actor=actor,
        participant=locked.participant,
        what=f"anställning ändrad: {locked.employer} ({', '.join(changed) or '-'})",
    )
    return locked


def closing_note_for(employment: Employment) -> str:
    return _("Anställning hos %(employer)s från %(start)s.") % {
        "employer": employment.employer,
        "start": employment.started_on.isoformat(),
    }


@transaction.atomic
def employment_close_participant(
    *, actor, employment: Employment, closed_on: datetime.date | None = None
) -> Period:
    """Close the participant's open period with the outcome work this employment gives:
    subsidised with a support from Arbetsförmedlingen, otherwise unsubsidised."""
    closed_on = closed_on or employment.started_on
    if closed_on < employment.started_on:
        raise RuleError(_("Avslutsdatumet kan inte ligga före anställningens startdatum."))
    return participant_close(
        actor=actor,
        participant=employment.participant,
        closed_on=closed_on,
        outcome=outcome_for(support=employment.support),
        note=closing_note_for(employment),
    )
