"""Reads of self-rating invitations."""

from django.shortcuts import get_object_or_404

from .models import Invitation


def invitation_current(*, invitation_id: int) -> Invitation | None:
    """The invitation a self-rating session is on, with its participant and card."""
    return (
        Invitation.objects.select_related("participant", "version__instrument")
        .filter(pk=invitation_id)
        .first()
    )


def invitation_list(*, participant):
    return participant.invitations.select_related("version__instrument", "created_by")


def invitation_get(*, participant, invitation_id: int) -> Invitation:
    """One of the participant's invitations; any other id is a 404."""
    return get_object_or_404(Invitation, pk=invitation_id, participant=participant)
