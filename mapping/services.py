"""Writing the mapping. Each change writes its access event in the same transaction.

Rules: a meeting needs a date (and not one in the future); a meeting over an hour is
saved with a warning; the participant approves the summary, not before it is written;
a change of the summary after approval clears the approval, and what was approved is
kept in ``MappingApproval`` (docs/adr/0008).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent
from audit.services import access_event_record
from core.exceptions import ConflictError, RuleError
from participants.models import Participant
from participants.services import open_period, participant_touch

from .models import (
    MOTIVATION_FIELDS,
    SUMMARY_FIELDS,
    Area,
    Mapping,
    MappingApproval,
    MappingArea,
    MappingMeeting,
)


@dataclass
class AreaInput:
    area: str
    facts: str = ""
    obstacles: str = ""
    resources: str = ""


def _lock_participant(participant: Participant) -> Participant:
    return Participant.objects.select_for_update().get(pk=participant.pk)


def _open_mapping(participant: Participant, expected_version: int | None = -1) -> Mapping:
    """The mapping of the open period, created on the first write, locked.

    ``expected_version`` is the version the user's form was based on; None means the
    form was opened before there was a mapping; -1 skips the check (adding a meeting
    never conflicts with anything)."""
    period = open_period(participant)
    if period is None:
        raise RuleError(_("Deltagaren är avslutad. Skriv in deltagaren på nytt för att kartlägga."))
    mapping, created = Mapping.objects.get_or_create(
        period=period, defaults={"participant": participant}
    )
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    if expected_version == -1:
        return mapping
    if (expected_version is None and not created) or (
        expected_version is not None and mapping.version != expected_version
    ):
        raise ConflictError
    return mapping


def _not_in_future(day: datetime.date, message: str) -> None:
    if day > timezone.localdate():
        raise RuleError(message)


def _record(
    *, actor, participant, mapping: Mapping, action: str, what: str, bump: bool = True
) -> None:
    # Meetings do not change the texts, so they do not bump the version: a form
    # opened before a meeting was added can still be saved.
    if bump:
        mapping.version += 1
        mapping.save()
    participant_touch(participant=participant)
    access_event_record(actor=actor, participant=participant, action=action, what=what)


@transaction.atomic
def mapping_meeting_add(
    *,
    actor,
    participant: Participant,
    held_on: datetime.date | None,
    minutes: int,
    interpreter_used: bool = False,
) -> MappingMeeting:
    participant = _lock_participant(participant)
    if held_on is None:
        raise RuleError(_("Ange datum för kartläggningssamtalet."))
    _not_in_future(held_on, _("Ett kartläggningssamtal kan inte ligga i framtiden."))
    if minutes is None or minutes < 1:
        raise RuleError(_("Ange samtalets längd i minuter."))
    mapping = _open_mapping(participant)
    if held_on < mapping.period.started_on:
        raise RuleError(_("Samtalet kan inte ligga före inskrivningsdatumet."))
    meeting = MappingMeeting.objects.create(
        mapping=mapping,
        held_on=held_on,
        minutes=minutes,
        interpreter_used=interpreter_used,
        created_by=actor,
    )
    _record(
        actor=actor,
        participant=participant,
        mapping=mapping,
        action=AccessEvent.Action.CREATE,
        what=f"kartläggningssamtal {held_on:%Y-%m-%d}",
        bump=False,
    )
    return meeting


@transaction.atomic
def mapping_areas_save(
    *, actor, participant: Participant, areas: list[AreaInput], expected_version: int | None
) -> Mapping:
    participant = _lock_participant(participant)
    mapping = _open_mapping(participant, expected_version)
    valid = set(Area.values)
    existing = {row.area: row for row in mapping.areas.all()}
    changed = []
    for item in areas:
        if item.area not in valid:
            raise RuleError(_("Okänt område i kartläggningen."))
        texts = {
            "facts": item.facts.strip(),
            "obstacles": item.obstacles.strip(),
            "resources": item.resources.strip(),
        }
        row = existing.get(item.area)
        if row is None:
            if any(texts.values()):
                MappingArea.objects.create(mapping=mapping, area=item.area, **texts)
                changed.append(item.area)
        elif any(getattr(row, name) != value for name, value in texts.items()):
            for name, value in texts.items():
                setattr(row, name, value)
            row.save()
            changed.append(item.area)
    _record(
        actor=actor,
        participant=participant,
        mapping=mapping,
        action=AccessEvent.Action.CHANGE,
        what=f"kartläggning: områden {', '.join(changed) or '-'}",
    )
    return mapping


@transaction.atomic
def mapping_motivation_save(
    *, actor, participant: Participant, texts: dict[str, str], expected_version: int | None
) -> Mapping:
    participant = _lock_participant(participant)
    mapping = _open_mapping(participant, expected_version)
    for name in MOTIVATION_FIELDS:
        setattr(mapping, name, (texts.get(name) or "").strip())
    _record(
        actor=actor,
        participant=participant,
        mapping=mapping,
        action=AccessEvent.Action.CHANGE,
        what="kartläggning: motivationskors",
    )
    return mapping


def _withdraw_approval(mapping: Mapping) -> None:
    mapping.approved_on = None
    MappingApproval.objects.filter(mapping=mapping, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


@transaction.atomic
def mapping_summary_save(
    *,
    actor,
    participant: Participant,
    summary: str,
    assessment: str,
    rehabilitation_proposals: str,
    written_on: datetime.date,
    expected_version: int | None,
) -> tuple[Mapping, bool]:
    """Save the summary. Returns the mapping and whether an approval was cleared."""
    participant = _lock_participant(participant)
    mapping = _open_mapping(participant, expected_version)
    if not summary.strip():
        raise RuleError(_("Skriv sammanställningen i löpande text."))
    _not_in_future(written_on, _("Datumet kan inte ligga i framtiden."))
    first_meeting = mapping.meetings.order_by("held_on").first()
    if first_meeting is None:
        raise RuleError(
            _("Registrera minst ett kartläggningssamtal innan du skriver sammanfattningen.")
        )
    if written_on < first_meeting.held_on:
        raise RuleError(
            _("Sammanfattningen kan inte skrivas före det första kartläggningssamtalet.")
        )
    new = {
        "summary": summary.strip(),
        "assessment": assessment.strip(),
        "rehabilitation_proposals": rehabilitation_proposals.strip(),
    }
    changed = any(getattr(mapping, name) != new[name] for name in SUMMARY_FIELDS)
    cleared = False
    if mapping.approved_on is not None and (changed or written_on != mapping.summary_written_on):
        _withdraw_approval(mapping)
        cleared = True
    for name, value in new.items():
        setattr(mapping, name, value)
    mapping.summary_written_on = written_on
    _record(
        actor=actor,
        participant=participant,
        mapping=mapping,
        action=AccessEvent.Action.CHANGE,
        what="kartläggning: sammanfattning" + (", godkännandet återkallat" if cleared else ""),
    )
    return mapping, cleared


@transaction.atomic
def mapping_approve(
    *,
    actor,
    participant: Participant,
    approved_on: datetime.date | None,
    expected_version: int | None,
) -> Mapping:
    participant = _lock_participant(participant)
    mapping = _open_mapping(participant, expected_version)
    if approved_on is None:
        raise RuleError(_("Ange datum för deltagarens godkännande."))
    if not mapping.has_summary:
        raise RuleError(
            _("Skriv sammanfattningen först: deltagaren godkänner den skrivna sammanställningen.")
        )
    if mapping.approved_on is not None:
        raise RuleError(_("Sammanfattningen är redan godkänd."))
    if approved_on < mapping.summary_written_on:
        raise RuleError(_("Godkännandet kan inte ligga före datumet då sammanfattningen skrevs."))
    _not_in_future(approved_on, _("Godkännandet kan inte ligga i framtiden."))
    mapping.approved_on = approved_on
    MappingApproval.objects.create(
        mapping=mapping,
        approved_on=approved_on,
        summary=mapping.summary,
        assessment=mapping.assessment,
        rehabilitation_proposals=mapping.rehabilitation_proposals,
        recorded_by=actor,
    )
    _record(
        actor=actor,
        participant=participant,
        mapping=mapping,
        action=AccessEvent.Action.CHANGE,
        what=f"kartläggning: godkänd av deltagaren {approved_on:%Y-%m-%d}",
    )
    return mapping
