import datetime

from mapping import services
from mapping.selectors import mapping_current


def make_meeting(*, coach, participant, held_on=None, minutes=50, interpreter_used=False):
    """A mapping meeting through the real service (creates the mapping on the first)."""
    held_on = held_on or participant.periods.get(closed_on__isnull=True).started_on + (
        datetime.timedelta(days=5)
    )
    return services.mapping_meeting_add(
        actor=coach,
        participant=participant,
        held_on=held_on,
        minutes=minutes,
        interpreter_used=interpreter_used,
    )


def make_summary(*, coach, participant, summary="Sammanställning i löpande text.", written_on=None):
    mapping = mapping_current(participant=participant)
    first = mapping.meetings.order_by("held_on").first().held_on
    mapping, _ = services.mapping_summary_save(
        actor=coach,
        participant=participant,
        summary=summary,
        assessment="Bedömning.",
        rehabilitation_proposals="Förslag.",
        written_on=written_on or first,
        expected_version=mapping.version,
    )
    return mapping
