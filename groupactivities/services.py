"""Changes to group activities. Membership goes through the participant's activities,
so a group shows in the activity plan and counts for the method's rules."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_coach_in_unit, user_access
from activities.models import Format, ParticipantActivity
from activities.services import activity_add, activity_update
from audit.models import AccessEvent
from audit.services import access_event_record_list, access_events_record
from core.exceptions import ConflictError, RuleError
from core.services import locked_get, model_update
from participants.services import restriction_message

from .models import (
    Attendance,
    AttendanceStatus,
    GroupActivity,
    GroupMembership,
    GroupSession,
)

GROUP_FIELDS = ("catalogue_item", "name", "unit", "leader", "started_on", "ended_on", "schedule")
SESSION_FIELDS = ("held_on", "starts_at", "length_minutes", "note")


def _check_group(*, actor, data: dict, was=None) -> None:
    access = user_access(actor)
    unit, item = data["unit"], data["catalogue_item"]
    if unit.organisation_id != access.organisation_id or unit.pk not in access.case_unit_ids:
        raise RuleError(_("Du kan bara lägga upp gruppaktiviteter på dina egna enheter."))
    if item.organisation_id != access.organisation_id or item.format != Format.GROUP:
        raise RuleError(_("Välj en gruppaktivitet ur organisationens utbud."))
    if not item.is_active and (was is None or was.catalogue_item_id != item.pk):
        raise RuleError(_("Aktiviteten är arkiverad och kan inte väljas."))
    if not is_coach_in_unit(user=data["leader"], unit=unit):
        raise RuleError(_("Ledaren ska vara handledare på enheten."))
    if data.get("ended_on") and data["ended_on"] < data["started_on"]:
        raise RuleError(_("Slutdatumet kan inte ligga före startdatumet."))


@transaction.atomic
def group_save(
    *, actor, group: GroupActivity | None, data: dict, expected_version: int | None = None
) -> GroupActivity:
    values: dict[str, Any] = {f: data.get(f) for f in GROUP_FIELDS}
    values["name"] = (values["name"] or "").strip() or values["catalogue_item"].name
    values["schedule"] = (values["schedule"] or "").strip()
    if group is None:
        _check_group(actor=actor, data=values)
        return GroupActivity.objects.create(
            organisation_id=values["unit"].organisation_id, created_by=actor, **values
        )
    locked = locked_get(
        GroupActivity, pk=group.pk, expected_version=expected_version, none_skips=True
    )
    _check_group(actor=actor, data=values, was=locked)
    if values["unit"] != locked.unit and locked.memberships.exists():
        raise RuleError(_("En grupp med deltagare kan inte flyttas till en annan enhet."))
    model_update(locked, data=values)
    return locked


@transaction.atomic
def member_add(*, actor, group: GroupActivity, participant, joined_on: datetime.date):
    """Add a participant (read through ``participant_get``) to the group: a membership
    and the matching activity in the participant's plan."""
    if participant.unit_id != group.unit_id or participant.organisation_id != group.organisation_id:
        raise RuleError(_("Deltagaren tillhör inte gruppens enhet."))
    if joined_on < group.started_on or (group.ended_on and joined_on > group.ended_on):
        raise RuleError(_("Startdatumet ska ligga inom gruppens period."))
    if GroupMembership.objects.filter(
        group=group, participant=participant, left_on__isnull=True
    ).exists():
        raise RuleError(_("Deltagaren är redan med i gruppen."))
    activity = activity_add(
        actor=actor,
        participant=participant,
        catalogue_item=group.catalogue_item,
        data={
            "name": group.name,
            "start_date": joined_on,
            "end_date": group.ended_on,
            "hours_per_week": None,
            "status": ParticipantActivity.Status.ONGOING
            if joined_on <= timezone.localdate()
            else ParticipantActivity.Status.PLANNED,
        },
    )
    return GroupMembership.objects.create(
        group=group,
        participant=participant,
        activity=activity,
        joined_on=joined_on,
        created_by=actor,
    )


@transaction.atomic
def member_end(*, actor, membership: GroupMembership, left_on: datetime.date):
    """End a membership and the participant's activity with it."""
    locked = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.left_on is not None:
        raise RuleError(_("Deltagandet är redan avslutat."))
    if left_on < locked.joined_on:
        raise RuleError(_("Slutdatumet kan inte ligga före startdatumet."))
    locked.left_on = left_on
    locked.save(update_fields=["left_on"])
    activity_update(
        actor=actor,
        activity=locked.activity,
        data={"end_date": left_on, "status": ParticipantActivity.Status.FINISHED},
    )
    return locked


@transaction.atomic
def session_save(
    *,
    group: GroupActivity,
    session: GroupSession | None,
    data: dict,
    expected_version: int | None = None,
):
    """Sessions hold no personal data: no access event. ``expected_version`` is the
    version the edit form was opened on (None when creating)."""
    values: dict[str, Any] = {f: data.get(f) for f in SESSION_FIELDS}
    values["note"] = (values["note"] or "").strip()
    held_on = values["held_on"]
    if held_on < group.started_on or (group.ended_on and held_on > group.ended_on):
        raise RuleError(_("Tillfället ska ligga inom gruppens period."))
    if not 1 <= values["length_minutes"] <= 720:
        raise RuleError(_("Ange längden i minuter, från 1 till 720."))
    if session is None:
        return GroupSession.objects.create(group=group, **values)
    locked = locked_get(
        GroupSession, pk=session.pk, group=group, expected_version=expected_version, none_skips=True
    )
    model_update(locked, data=values)
    return locked


@transaction.atomic
def attendance_record(
    *,
    actor,
    group: GroupActivity,
    marks: dict[tuple[int, int], str],
    seen: dict[tuple[int, int], str] | None = None,
) -> int:
    """Record attendance: ``marks`` maps (session id, participant id) to a status.

    ``seen`` maps the same keys to the status the grid showed when it was opened ("" for
    none). A mark equal to what was seen is not the user's change and is left alone, so a
    grid opened earlier does not undo someone else's marks; a mark the user changed on a
    cell that someone else has changed since raises ConflictError and saves nothing.

    Marks for someone who was not a member on the session's date, or for another group's
    session, are refused. A fixed number of queries whatever the size of the grid; one
    access event per participant whose attendance changed. Returns how many changed.
    """
    valid = set(AttendanceStatus.values)
    if any(status not in valid for status in marks.values()):
        raise RuleError(_("Ogiltig närvaromarkering."))
    sessions = {
        s.pk: s
        for s in GroupSession.objects.filter(
            group=group, pk__in={session_id for session_id, _p in marks}
        )
    }
    memberships: dict[int, list[GroupMembership]] = {}
    for membership in GroupMembership.objects.filter(
        group=group, participant_id__in={p for _s, p in marks}
    ).select_related("participant"):
        memberships.setdefault(membership.participant_id, []).append(membership)
    for session_id, participant_id in marks:
        session = sessions.get(session_id)
        if session is None or not any(
            m.covers(session.held_on) for m in memberships.get(participant_id, [])
        ):
            raise RuleError(_("Närvaro kan bara registreras för gruppens deltagare."))
    existing = {
        (a.session_id, a.participant_id): a
        for a in Attendance.objects.select_for_update().filter(
            session_id__in=sessions, participant_id__in=memberships
        )
    }
    if seen is not None:
        marks = {key: status for key, status in marks.items() if seen.get(key) != status}
        for key in marks:
            if key in seen:
                row = existing.get(key)
                if (row.status if row else "") != seen[key]:
                    raise ConflictError
    now = timezone.now()
    created, updated, changed_people = [], [], set()
    for (session_id, participant_id), status in marks.items():
        row = existing.get((session_id, participant_id))
        if row is None:
            created.append(
                Attendance(
                    session_id=session_id,
                    participant_id=participant_id,
                    status=status,
                    recorded_by=actor,
                    recorded_at=now,
                )
            )
        elif row.status != status:
            row.status, row.recorded_by, row.recorded_at = status, actor, now
            updated.append(row)
        else:
            continue
        # The grid is saved as a whole; a restricted member's marks must stay as they are.
        participant = memberships[participant_id][0].participant
        if participant.is_restricted:
            raise RuleError(f"{participant}: {restriction_message(participant)}")
        changed_people.add(participant_id)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(updated, ["status", "recorded_by", "recorded_at"])
    access_events_record(
        actor=actor,
        organisation_id=group.organisation_id,
        participant_ids=sorted(changed_people),
        action=AccessEvent.Action.CHANGE,
        what=f"närvaro: {group.name}",
    )
    return len(created) + len(updated)


def group_members_access_record(
    *, actor, group: GroupActivity, participants, what: str = ""
) -> None:
    """The group's page or member picker names its participants: one VIEW_LIST row."""
    access_event_record_list(
        actor=actor,
        organisation_id=group.organisation_id,
        participants=participants,
        what=what or f"gruppaktivitet: {group.name}",
    )
