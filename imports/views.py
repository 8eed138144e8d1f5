from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import user_access
from core.exports import xlsx_response
from core.forms import form_submit
from core.permissions import manager_required

from . import selectors, services
from .columns import SHEET_ORDER, SHEETS
from .forms import UploadForm
from .template import template_workbook


# Managers: the import writes participants through participant_create, which is for the
# units one works with cases in; an administrator without a unit has no participant data.
@manager_required
@require_GET
def template_download(request):
    versions = selectors.card_version_list(
        organisation_id=user_access(request.user).organisation_id
    )
    return xlsx_response(template_workbook(versions=versions), "stegvis-import-mall.xlsx")


@manager_required
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.import_upload(
            actor=request.user, file_name=data["file"].name, data=data["file"].read()
        ),
    )
    if submitted.done:
        return redirect("imports:preview", batch_id=submitted.result.pk)
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "units": selectors.import_unit_list(actor=request.user),
            "batches": selectors.import_batch_list(actor=request.user),
        },
        status=submitted.status,
    )


@manager_required
@require_http_methods(["GET", "POST"])
def preview(request, batch_id):
    batch = selectors.import_batch_get(actor=request.user, batch_id=batch_id)
    if batch.status == batch.Status.DONE:
        result = None
    elif request.method == "POST":
        result = services.import_confirm(actor=request.user, batch=batch)
        if not result.problems:
            return redirect("imports:preview", batch_id=batch.pk)
    else:
        result = services.import_preview(actor=request.user, batch=batch)
    return render(
        request,
        "imports/preview.html",
        {
            "batch": batch,
            "result": result,
            "counts": _count_rows(result.counts if result else batch.counts),
        },
        status=422 if request.method == "POST" and result and result.problems else 200,
    )


def _count_rows(counts):
    return [
        {
            "sheet": SHEETS[kind][0],
            "created": counts.get(kind, {}).get("created", 0),
            "matched": counts.get(kind, {}).get("matched", 0),
        }
        for kind in SHEET_ORDER
    ]
