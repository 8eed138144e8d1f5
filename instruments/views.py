from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import action_submit, form_submit
from core.permissions import administrator_required

from . import selectors, services
from .forms import VersionTextsForm


@administrator_required
def version_list(request):
    versions = selectors.version_list(actor=request.user)
    return render(
        request,
        "instruments/version_list.html",
        {
            "versions": versions,
            "chosen": selectors.chosen_version_ids(organisation_id=request.user.organisation_id),
        },
    )


@administrator_required
def version_detail(request, version_id):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    return render(
        request,
        "instruments/version_detail.html",
        {
            "version": version,
            "questions": selectors.question_list(version=version),
            "indicators": version.indicators.all(),
            "themes": version.themes.all(),
            "editable": not version.is_published
            and version.organisation_id == request.user.organisation_id,
        },
    )


@administrator_required
@require_POST
def version_new(request, version_id):
    base = selectors.version_get(actor=request.user, version_id=version_id)
    submitted = action_submit(
        request,
        lambda: services.version_draft_create(actor=request.user, base=base),
        success=_("Ett utkast till en ny version är skapat."),
    )
    if not submitted.done:
        return redirect("instruments:list")
    return redirect("instruments:edit", submitted.result.pk)


@administrator_required
@require_http_methods(["GET", "POST"])
def version_edit(request, version_id):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    if version.is_published or version.organisation_id != request.user.organisation_id:
        messages.error(request, _("En publicerad version kan inte ändras. Skapa en ny version."))
        return redirect("instruments:detail", version.pk)
    form = VersionTextsForm(request.POST or None, version=version)
    submitted = form_submit(
        request,
        form,
        lambda data: services.version_texts_update(
            actor=request.user,
            version=version,
            questions=form.to_texts(),
            change_note=data["change_note"],
            expected_revision=data["revision"],
        ),
        success=_("Texterna är sparade i utkastet."),
    )
    if submitted.done:
        return redirect("instruments:detail", version.pk)
    return render(
        request,
        "instruments/version_edit.html",
        {"form": form, "version": version},
        status=submitted.status,
    )


@administrator_required
@require_POST
def version_publish(request, version_id):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    action_submit(
        request,
        lambda: services.version_publish(actor=request.user, version=version),
        success=_("Versionen är publicerad och kan väljas."),
    )
    return redirect("instruments:detail", version.pk)


@administrator_required
@require_POST
def version_choose(request, version_id):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    action_submit(
        request,
        lambda: services.instrument_choice_set(
            actor=request.user, version=version, in_use=request.POST.get("in_use") == "1"
        ),
        success=_("Valet av kort är sparat."),
    )
    return redirect("instruments:list")
