"""Chain the rows logged before the hash chain existed, per organisation in id order."""

from django.db import migrations

from audit import chain

BATCH = 2000


def _chain(model, log):
    chains = {}
    rows = model.objects.order_by("id").iterator(chunk_size=BATCH)
    batch = []
    for row in rows:
        prev = chains.get(row.organisation_id, chain.GENESIS)
        row.prev_hash = prev
        row.hash = chains[row.organisation_id] = chain.event_digest(log, row)
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        model.objects.bulk_update(batch, ["prev_hash", "hash"])


def forwards(apps, schema_editor):
    # No list views were logged before this migration, so no listed participants.
    _chain(apps.get_model("audit", "AccessEvent"), chain.ACCESS)
    _chain(apps.get_model("audit", "SecurityEvent"), chain.SECURITY)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_access_log_integrity"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
