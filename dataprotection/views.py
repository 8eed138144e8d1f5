import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import case_worker_required
from participants.selectors import participant_get
from printouts.pdf import render_pdf

from . import selectors, services
from .forms import ExtractForm, LiftForm, RestrictForm


def _filename(participant, extension: str) -> str:
    # No name in the file name: it ends up in download folders and browser histories.
    return f"registerutdrag-{participant.pk}-{timezone.localdate().isoformat()}.{extension}"


@never_cache
@case_worker_required
@require_http_methods(["GET", "POST"])
def extract(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="registerutdrag"
    )
    if not selectors.may_make_extract(actor=request.user, participant=participant):
        raise PermissionDenied
    may_decide = selectors.may_decide_on_restricted(actor=request.user, participant=participant)
    form = ExtractForm(request.POST or None, may_decide_on_restricted=may_decide)
    submitted = form_submit(
        request,
        form,
        lambda data: services.register_extract_record(
            actor=request.user,
            participant=participant,
            file_format=data["file_format"],
            include_restricted=bool(data.get("include_restricted")),
            reason=data.get("reason", ""),
        ),
    )
    if submitted.done:
        data = form.cleaned_data
        include_restricted = bool(data.get("include_restricted"))
        result = selectors.register_extract_build(
            actor=request.user, participant=participant, include_restricted=include_restricted
        )
        if data["file_format"] == "json":
            response = HttpResponse(
                json.dumps(
                    selectors.register_extract_as_json(result),
                    cls=DjangoJSONEncoder,
                    ensure_ascii=False,
                    indent=2,
                ),
                content_type="application/json; charset=utf-8",
            )
            filename = _filename(participant, "json")
        else:
            response = render_pdf(
                "dataprotection/extract_print.html",
                {"extract": result, "participant": participant},
                request=request,
                filename=_filename(participant, "pdf"),
            )
            filename = _filename(participant, "pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "dataprotection/extract.html",
        {"participant": participant, "form": form, "may_decide_on_restricted": may_decide},
        status=400 if form.errors else 200,
    )


@never_cache
@case_worker_required
@require_http_methods(["GET", "POST"])
def restriction(request, participant_id):
    participant = participant_get(
        actor=request.user, participant_id=participant_id, what="spärr av uppgifter"
    )
    if not selectors.may_restrict(actor=request.user, participant=participant):
        raise PermissionDenied
    form_class = LiftForm if participant.is_restricted else RestrictForm
    form = form_class(request.POST or None)
    if participant.is_restricted:
        submitted = form_submit(
            request,
            form,
            lambda data: services.participant_restriction_lift(
                actor=request.user, participant=participant, note=data["note"]
            ),
            success=_("Spärren är hävd. Uppgifterna kan ändras igen."),
        )
    else:
        submitted = form_submit(
            request,
            form,
            lambda data: services.participant_restrict(
                actor=request.user, participant=participant, reason=data["reason"]
            ),
            success=_("Uppgifterna är spärrade. De kan läsas men inte ändras."),
        )
    if submitted.done:
        return redirect("participants:detail", participant.pk)
    return render(
        request,
        "dataprotection/restriction.html",
        {"participant": participant, "form": form},
        status=400 if form.errors else 200,
    )
