"""The access log is append-only in the application: no save, delete or update of a row.

(The database's triggers that refuse the same on PostgreSQL are in test_postgres.py.)"""

import pytest

from audit.models import AccessEvent, AppendOnlyError

pytestmark = pytest.mark.django_db


def test_the_access_log_cannot_be_changed_or_deleted(participant):
    # Registering the participant wrote the first row about them.
    event = AccessEvent.objects.get(participant=participant)
    what = event.what
    event.what = "ändrat"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.update(what="x")
    assert AccessEvent.objects.get(pk=event.pk).what == what
    assert AccessEvent.objects.filter(participant=participant).count() == 1
