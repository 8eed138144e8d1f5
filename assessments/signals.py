"""Sent by the assessment services after a write, inside its transaction.

Apps above this one follow the change without this app importing them: the figures
rebuild the participants' summary rows (ADR 0009, ADR 0019).
"""

from django.dispatch import Signal

# Keyword argument: participant_ids, the participants whose assessments changed.
assessments_changed = Signal()
