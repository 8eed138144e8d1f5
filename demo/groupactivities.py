"""Demo data: seed 004's group activities with sessions over the last eight weeks."""

import datetime
import random

from accounts.models import Role, User
from activities.models import CatalogueItem
from activities.services import catalogue_item_save
from demo.catalogue import CATALOGUE
from groupactivities.models import AttendanceStatus, GroupActivity
from groupactivities.services import attendance_record, group_save, member_add, session_save

# (catalogue name, group name, first session in days before today, days between
#  sessions, number of sessions, start time, minutes, ends with the last session)
GROUPS = [
    ("Språkcafé", "Språkcafé måndagar", 56, 7, 8, datetime.time(13, 0), 120, False),
    ("Jobbsök", "Jobbsök torsdagar", 53, 7, 8, datetime.time(13, 0), 180, False),
    ("Utbildningspaket", "Utbildningspaket hösten", 55, 6, 10, datetime.time(9, 0), 180, True),
]


def _catalogue_item(organisation, name) -> CatalogueItem:
    item = CatalogueItem.objects.filter(organisation=organisation, name=name).first()
    if item is not None:
        return item
    row = next(r for r in CATALOGUE if r[0] == name)
    editor = User.objects.filter(
        organisation=organisation,
        memberships__organisation=organisation,
        memberships__role__in=[Role.MANAGER, Role.ADMINISTRATOR],
    ).first()
    keys = ("name", "description", "kind", "phase", "indicator_codes", "provider", "format")
    data: dict[str, object] = dict(zip(keys, row[:7], strict=True))
    data.update(schedule=row[7], capacity=row[8], is_active=True)
    return catalogue_item_save(actor=editor, item=None, data=data)


def _enrolled_on(participant) -> datetime.date | None:
    period = participant.periods.filter(closed_on__isnull=True).first()
    return period.started_on if period else None


def demo_groups(*, organisation, unit, coach, participants, today: datetime.date) -> list:
    """A weekly language café, a weekly job-search group and a training package of ten
    three-hour sessions, each with a few of ``participants`` and their attendance."""
    rng = random.Random(2026)
    people = list({p.pk: p for p in participants if p.unit_id == unit.pk}.values())
    groups = []
    for index, (item_name, name, first, step, count, starts_at, minutes, ends) in enumerate(GROUPS):
        if GroupActivity.objects.filter(organisation=organisation, name=name).exists():
            continue
        started_on = today - datetime.timedelta(days=first)
        days = [started_on + datetime.timedelta(days=step * n) for n in range(count)]
        days = [day for day in days if day <= today]
        group = group_save(
            actor=coach,
            group=None,
            data={
                "catalogue_item": _catalogue_item(organisation, item_name),
                "name": name,
                "unit": unit,
                "leader": coach,
                "started_on": started_on,
                "ended_on": days[-1] if ends else None,
                "schedule": "",
            },
        )
        sessions = [
            session_save(
                group=group,
                session=None,
                data={"held_on": day, "starts_at": starts_at, "length_minutes": minutes},
            )
            for day in days
        ]
        members = people[index : index + 4] if len(people) > 4 else people
        marks: dict[tuple[int, int], str] = {}
        for participant in members:
            enrolled = _enrolled_on(participant)
            if enrolled is None or (group.ended_on and enrolled > group.ended_on):
                continue
            joined_on = max(started_on, enrolled)
            member_add(actor=coach, group=group, participant=participant, joined_on=joined_on)
            for session in sessions:
                if session.held_on >= joined_on:
                    marks[(session.pk, participant.pk)] = rng.choices(
                        [
                            AttendanceStatus.PRESENT,
                            AttendanceStatus.NOTIFIED,
                            AttendanceStatus.ABSENT,
                        ],
                        weights=[75, 15, 10],
                    )[0]
        attendance_record(actor=coach, group=group, marks=marks)
        groups.append(group)
    return groups
