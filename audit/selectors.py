from .models import AccessEvent


def access_event_list_for_participant(*, participant, limit: int = 200):
    return (
        AccessEvent.objects.filter(participant=participant)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
