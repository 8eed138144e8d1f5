"""Writing the mapping. Each change writes its access event in the same transaction.

Rules: a meeting needs a date (and not one in the future); a meeting over an hour is
saved with a warning; a meeting can be corrected or removed, but not so that the first
meeting comes after the period's matching decision or after the written summary; the
participant approves the summary, not before it is written; a change of the summary
after approval clears the approval, and what was approved is kept in ``MappingApproval``
(docs/adr/0008).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from core.services import model_update, version_check
from participants.models import Participant
from participants.services import (
    open_period,
    participant_change_record,
    participant_lock,
)

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


_lock_participant = participant_lock


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
    if expected_version is None and not created:
        raise ConflictError
    version_check(mapping, expected_version, none_skips=True)
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
        model_update(mapping)
    participant_change_record(actor=actor, participant=participant, action=action, what=what)


def _check_meeting(*, held_on: datetime.date | None, minutes: int | None) -> None:
    """The rules a meeting's own fields follow, on adding and on editing."""
    if held_on is None:
        raise RuleError(_("Ange datum för kartläggningssamtalet."), field="held_on")
    if held_on > timezone.localdate():
        raise RuleError(_("Ett kartläggningssamtal kan inte ligga i framtiden."), field="held_on")
    if minutes is None or minutes < 1:
        raise RuleError(_("Ange samtalets längd i minuter."), field="minutes")


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
    _check_meeting(held_on=held_on, minutes=minutes)
    assert held_on is not None  # _check_meeting refused an empty date
    assert minutes is not None  # and an empty length
    mapping = _open_mapping(participant)
    if held_on < mapping.period.started_on:
        raise RuleError(_("Samtalet kan inte ligga före inskrivningsdatumet."), field="held_on")
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


def _locked_meeting(participant: Participant, meeting_id: int) -> MappingMeeting:
    """The meeting of the participant's open period, locked with its mapping.

    A meeting that is gone (removed by someone else since the form was opened) is a
    conflict; callers have already answered 404 for a meeting that is not the
    participant's."""
    period = open_period(participant)
    if period is None:
        raise RuleError(_("Deltagaren är avslutad. Skriv in deltagaren på nytt för att kartlägga."))
    meeting = (
        MappingMeeting.objects.select_for_update()
        .select_related("mapping__period")
        .filter(pk=meeting_id, mapping__participant=participant)
        .first()
    )
    if meeting is None:
        raise ConflictError
    if meeting.mapping.period_id != period.pk:
        raise RuleError(_("Samtalet hör till en avslutad period och kan inte ändras."))
    Mapping.objects.select_for_update().get(pk=meeting.mapping_id)
    return meeting


def _check_order(
    *,
    participant: Participant,
    meeting: MappingMeeting,
    first: datetime.date | None,
    removing: bool = False,
) -> None:
    """What depends on the first meeting of the period: the matching decision may not be
    dated before it (matching/services.py) and the summary may not be written before it.

    ``first`` is the date of the period's first meeting after the change (None when no
    meeting is left)."""
    mapping = meeting.mapping
    period = mapping.period
    decisions = participant.matching_decisions.filter(decided_on__gte=period.started_on)
    if period.closed_on is not None:
        decisions = decisions.filter(decided_on__lte=period.closed_on)
    checks = (
        (
            decisions.aggregate(first=Min("decided_on"))["first"],
            _(
                "Samtalet kan inte tas bort: det är det enda kartläggningssamtalet och "
                "matchningsbeslutet bygger på kartläggningen."
            ),
            _(
                "Samtalet kan inte tas bort: då skulle det första kartläggningssamtalet "
                "ligga efter matchningsbeslutet (%(date)s)."
            ),
            _(
                "Det första kartläggningssamtalet kan inte ligga efter matchningsbeslutet "
                "(%(date)s). Välj ett datum senast %(date)s."
            ),
        ),
        (
            mapping.summary_written_on,
            _(
                "Samtalet kan inte tas bort: det är det enda kartläggningssamtalet och "
                "sammanfattningen bygger på det."
            ),
            _(
                "Samtalet kan inte tas bort: då skulle det första kartläggningssamtalet "
                "ligga efter datumet då sammanfattningen skrevs (%(date)s)."
            ),
            _(
                "Det första kartläggningssamtalet kan inte ligga efter datumet då "
                "sammanfattningen skrevs (%(date)s). Välj ett datum senast %(date)s."
            ),
        ),
    )
    for day, only_meeting, remove_later, move_later in checks:
        if day is None:
            continue
        if first is None:
            raise RuleError(only_meeting)
        if first > day:
            values = {"date": day.isoformat()}
            if removing:
                raise RuleError(remove_later % values)
            raise RuleError(move_later % values, field="held_on")


def _first_other(meeting: MappingMeeting) -> datetime.date | None:
    return (
        MappingMeeting.objects.filter(mapping_id=meeting.mapping_id)
        .exclude(pk=meeting.pk)
        .aggregate(first=Min("held_on"))["first"]
    )


@transaction.atomic
def mapping_meeting_update(
    *,
    actor,
    participant: Participant,
    meeting_id: int,
    held_on: datetime.date | None,
    minutes: int | None,
    interpreter_used: bool = False,
    expected_version: int | None,
) -> MappingMeeting:
    """Correct a meeting's date, length or interpreter. Same rules as adding; a meeting
    over an hour is saved (the view warns). ``expected_version`` is the meeting's version
    the form was opened on."""
    participant = _lock_participant(participant)
    meeting = _locked_meeting(participant, meeting_id)
    version_check(meeting, expected_version)
    _check_meeting(held_on=held_on, minutes=minutes)
    assert held_on is not None  # _check_meeting refused an empty date
    assert minutes is not None  # and an empty length
    if held_on < meeting.mapping.period.started_on:
        raise RuleError(_("Samtalet kan inte ligga före inskrivningsdatumet."), field="held_on")
    others = _first_other(meeting)
    _check_order(
        participant=participant,
        meeting=meeting,
        first=held_on if others is None else min(others, held_on),
    )
    before = meeting.held_on
    model_update(
        meeting,
        data={"held_on": held_on, "minutes": minutes, "interpreter_used": interpreter_used},
    )
    moved = f" (tidigare {before:%Y-%m-%d})" if before != held_on else ""
    _record(
        actor=actor,
        participant=participant,
        mapping=meeting.mapping,
        action=AccessEvent.Action.CHANGE,
        what=f"kartläggningssamtal {held_on:%Y-%m-%d}{moved}: ändrat",
        bump=False,
    )
    return meeting


@transaction.atomic
def mapping_meeting_remove(
    *,
    actor,
    participant: Participant,
    meeting_id: int,
    reason: str,
    expected_version: int | None,
) -> None:
    """Remove a meeting recorded by mistake. The reason is kept in the access log.

    Refused when the matching decision or the summary would be left without a meeting
    before it (the only meeting, or the first one when the next comes after them)."""
    participant = _lock_participant(participant)
    meeting = _locked_meeting(participant, meeting_id)
    version_check(meeting, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Ange varför samtalet tas bort."), field="reason")
    _check_order(
        participant=participant, meeting=meeting, first=_first_other(meeting), removing=True
    )
    mapping = meeting.mapping
    held_on = meeting.held_on
    meeting.delete()
    _record(
        actor=actor,
        participant=participant,
        mapping=mapping,
        action=AccessEvent.Action.DELETE,
        what=f"kartläggningssamtal {held_on:%Y-%m-%d} borttaget: {reason}",
        bump=False,
    )


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
    assert mapping.summary_written_on is not None  # has_summary
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
