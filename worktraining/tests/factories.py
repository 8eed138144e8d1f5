import datetime
from decimal import Decimal

from matching.models import Destination, MatchingDecision
from worktraining import services
from worktraining.services import WeekInput, week_start_of


def make_matching_decision(
    *, participant, coach, on=datetime.date(2026, 1, 10), destination=Destination.WORK_TRAINING
):
    """The matching app's decision, made directly: the order rule only reads it."""
    return MatchingDecision.objects.create(
        participant=participant,
        decided_on=on,
        destination=destination,
        reason="Redo för arbetsträning enligt kartläggningen.",
        created_by=coach,
    )


def placement_data(**overrides) -> dict:
    data = {
        "workplace_kind": "employer",
        "workplace": "Norrby Trädgård AB",
        "tasks": "Plantering, vattning och skötsel av växthus.",
        "supervisor_name": "Per Lind",
        "supervisor_contact": "070-000 00 00",
        "decision_date": datetime.date(2026, 1, 12),
        "decision_reference": "AF-2026-001",
        "started_on": datetime.date(2026, 1, 19),
    }
    data.update(overrides)
    return data


def make_placement(*, coach, participant, matched=True, **overrides):
    if matched and not participant.matching_decisions.exists():
        make_matching_decision(participant=participant, coach=coach)
    return services.placement_start(
        actor=coach, participant=participant, data=placement_data(**overrides)
    )


def save_schedule(*, coach, placement, hours):
    """``hours``: (planned, actual or None) per week from the placement's first week."""
    first = week_start_of(placement.started_on)
    weeks = [
        WeekInput(
            week_start=first + datetime.timedelta(weeks=i),
            planned_hours=Decimal(planned),
            actual_hours=None if actual is None else Decimal(actual),
        )
        for i, (planned, actual) in enumerate(hours)
    ]
    placement.refresh_from_db()
    return services.schedule_save(
        actor=coach, placement=placement, weeks=weeks, expected_version=placement.version
    )


def follow_up_data(**overrides) -> dict:
    data = {
        "held_on": datetime.date(2026, 2, 16),
        "participant_present": True,
        "supervisor_present": True,
        "notes": "Det går bra; trivs i växthuset.",
        "development_areas": "Arbetstempo och att fråga när något är oklart.",
        "own_proposals": "Skriva en lista över dagens uppgifter på morgonen.",
        "support_needed": "Handledaren går igenom veckans uppgifter på måndagar.",
        "own_responsibility": "Meddela frånvaro före klockan 8.",
    }
    data.update(overrides)
    return data
