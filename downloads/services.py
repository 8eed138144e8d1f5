"""Starting, running and pruning background exports (ADR 0021)."""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from audit.services import access_events_record_export
from core.replica import configured as replica_configured
from core.replica import primary_lsn, replica_reads

from .models import Export
from .registry import WRITERS

logger = logging.getLogger(__name__)


def export_dir() -> Path:
    path = Path(settings.EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_path(export: Export) -> Path:
    return export_dir() / f"{export.pk}.{WRITERS[export.kind].extension}"


def export_start(
    *, user, kind: str, title: str, params: dict, organisation_ids: list[int], filename: str
) -> Export:
    """Queue an export for the worker (`manage.py db_worker`); the user follows it on
    "Mina exporter". With the immediate backend (tests) it has run on return."""
    from .tasks import export_run

    if kind not in WRITERS:
        raise ValueError(f"no writer registered for {kind!r}")
    export = Export.objects.create(
        user=user,
        kind=kind,
        title=title[:200],
        params=params,
        organisation_ids=sorted(set(organisation_ids)),
        filename=filename,
    )
    export_run.enqueue(str(export.pk))
    return export


def export_run_now(export_id: str) -> None:
    """What the task does: write the file, counting rows as it goes."""
    export = Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).first()
    if export is None:
        return  # pruned, or run already
    writer = WRITERS[export.kind]
    # The data set is read on the replica when it may serve it (core/replica.py): one
    # that has replayed at least everything committed before this task began, which
    # includes what the user wrote before asking for the export.
    after = primary_lsn() if replica_configured() else None
    with replica_reads(after_lsn=after):
        rows_total = writer.total(export.params)
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, rows_total=rows_total, rows_done=0
    )

    def progress(rows_done: int) -> None:
        Export.objects.filter(pk=export.pk).update(rows_done=rows_done)

    path = export_path(export)
    partial = path.with_suffix(".part")
    try:
        with replica_reads(after_lsn=after):
            rows = writer.write(export.params, partial, progress=progress)
        partial.replace(path)
    except Exception:
        logger.exception("export %s failed", export.pk)
        partial.unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, finished_at=timezone.now()
        )
        raise
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.READY,
        rows_done=rows,
        rows_total=max(rows, rows_total),
        finished_at=timezone.now(),
    )


def exports_prune(*, now=None) -> int:
    """Remove exports, and their files, older than EXPORT_RETENTION_HOURS."""
    now = now or timezone.now()
    old = list(
        Export.objects.filter(created_at__lt=now - timedelta(hours=settings.EXPORT_RETENTION_HOURS))
    )
    for export in old:
        if export.kind in WRITERS:
            export_path(export).unlink(missing_ok=True)
            export_path(export).with_suffix(".part").unlink(missing_ok=True)
    Export.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)


def export_download_record(*, actor, export: Export) -> None:
    """The data set leaves the system when it is downloaded: that is what is logged, in
    each organisation whose data is in it."""
    access_events_record_export(
        actor=actor,
        organisation_ids=export.organisation_ids,
        what=f"{export.kind} hämtad: {export.title}",
    )
