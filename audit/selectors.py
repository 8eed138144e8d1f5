from django.db.models import Q

from .models import AccessEvent, AccessEventParticipant


def access_event_list_for_participant(*, participant, limit: int = 200):
    """The participant's access log: events about them and list pages that showed them."""
    listed = AccessEventParticipant.objects.filter(participant=participant).values("event_id")
    return (
        AccessEvent.objects.filter(Q(participant=participant) | Q(id__in=listed))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
