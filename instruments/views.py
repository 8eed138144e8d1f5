from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import action_submit, form_submit
from core.permissions import administrator_required

from . import selectors, services
from .forms import (
    CardLanguageAddForm,
    CardLanguageImportForm,
    CardLanguageReviewForm,
    CardLanguageTextsForm,
    VersionTextsForm,
)


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


# The card's languages (issue 18, ADR 0024).


@administrator_required
@require_http_methods(["GET", "POST"])
def language_list(request, version_id):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    form = CardLanguageAddForm(request.POST or None)
    submitted = form_submit(
        request,
        form,
        lambda data: services.card_language_add(actor=request.user, version=version, **data),
        success=_("Språket är tillagt. Fyll i texterna innan det slås på."),
    )
    if submitted.done:
        return redirect("instruments:language", version.pk, submitted.result.code)
    languages = selectors.card_languages(
        version=version, organisation_id=request.user.organisation_id
    )
    return render(
        request,
        "instruments/language_list.html",
        {
            "version": version,
            "form": form,
            "languages": [
                (language, len(selectors.card_language_missing(language=language)))
                for language in languages
            ],
        },
        status=submitted.status,
    )


def _language_or_404(request, version, code):
    language = selectors.card_language_get(
        version=version, organisation_id=request.user.organisation_id, code=code
    )
    if language is None:
        raise Http404
    return language


@administrator_required
@require_http_methods(["GET", "POST"])
def language_edit(request, version_id, code):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    language = _language_or_404(request, version, code)
    swedish = selectors.card_language_get(
        version=version, organisation_id=request.user.organisation_id, code="sv"
    )
    action = request.POST.get("action", "")
    rows = selectors.card_text_rows(language=language, swedish=swedish)
    texts_form = CardLanguageTextsForm(
        request.POST if action == "texts" else None, rows=rows, language=language
    )
    import_form = CardLanguageImportForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
    )
    review_form = CardLanguageReviewForm(request.POST if action == "review" else None)
    status = 200
    if action == "texts":
        submitted = form_submit(
            request,
            texts_form,
            lambda data: services.card_language_texts_update(
                actor=request.user,
                version=version,
                code=code,
                texts=texts_form.to_texts(),
                expected_revision=data["revision"],
            ),
            success=_("Texterna är sparade. Språket är ”ej granskad” tills det granskats."),
        )
        status = submitted.status
    elif action == "import":
        submitted = form_submit(
            request,
            import_form,
            lambda data: services.card_language_import(
                actor=request.user, version=version, code=code, content=data["file"].read()
            ),
            success=_("Texterna är inlästa från filen."),
        )
    elif action == "review":
        submitted = form_submit(
            request,
            review_form,
            lambda data: services.card_language_review(
                actor=request.user, version=version, code=code, **data
            ),
            success=_("Språket är markerat som granskat."),
        )
    else:
        submitted = None
    if submitted is not None and submitted.done:
        return redirect("instruments:language", version.pk, code)
    return render(
        request,
        "instruments/language_edit.html",
        {
            "version": version,
            "language": language,
            "missing": selectors.card_language_missing(language=language),
            "texts_form": texts_form,
            "import_form": import_form,
            "review_form": review_form,
        },
        status=status,
    )


@administrator_required
@require_POST
def language_enable(request, version_id, code):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    enabled = request.POST.get("enabled") == "1"
    action_submit(
        request,
        lambda: services.card_language_enable(
            actor=request.user, version=version, code=code, enabled=enabled
        ),
        success=_("Språket kan väljas.") if enabled else _("Språket är avstängt."),
    )
    return redirect("instruments:languages", version.pk)
