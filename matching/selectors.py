"""Reads of matching decisions and individual plans. Callers pass a participant that
came through ``participants.selectors.participant_get`` (scoped and logged)."""

from .models import MatchingDecision


def matching_decision_current(*, participant) -> MatchingDecision | None:
    """The decision in force: the latest one, or None before any decision."""
    return participant.matching_decisions.order_by("-decided_on", "-id").first()
