"""The summary tables follow the writes of assessments and activities: their services
send a signal inside their transaction, and the rows are rebuilt in it (ADR 0009), so
a change and its figures commit or roll back together. Connected in ``FiguresConfig``."""

from .services import summaries_refresh


def summaries_follow(sender, *, participant_ids, **kwargs) -> None:
    summaries_refresh(participant_ids=participant_ids)
