from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from core.permissions import exporter_required

from . import selectors, services
from .registry import WRITERS


@exporter_required
def export_list(request):
    services.exports_prune()
    exports = list(selectors.export_list(user=request.user))
    return render(
        request,
        "downloads/list.html",
        {
            "exports": exports,
            "working": any(e.status in ("queued", "running") for e in exports),
            "retention_hours": settings.EXPORT_RETENTION_HOURS,
        },
    )


@exporter_required
def export_download(request, export_id):
    export = selectors.export_ready_get(user=request.user, export_id=export_id)
    if export is None:
        raise Http404
    path = services.export_path(export)
    if not path.exists():
        raise Http404
    services.export_download_record(actor=request.user, export=export)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=WRITERS[export.kind].content_type,
    )
