from .models import Export


def export_list(*, user):
    """The user's own exports: nobody sees another's."""
    return Export.objects.filter(user=user)


def export_ready_get(*, user, export_id) -> Export | None:
    return Export.objects.filter(pk=export_id, user=user, status=Export.Status.READY).first()
