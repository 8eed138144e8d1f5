"""Administrators make new versions of a card; published versions never change."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, RuleError

from .models import (
    Indicator,
    InstrumentChoice,
    InstrumentVersion,
    PlanArea,
    Question,
    Theme,
)


def _copy_rows(model, rows, version, remap=None):
    remap = remap or {}
    copies = {}
    for row in rows:
        old_pk = row.pk
        row.pk = None
        row.id = None
        row.version = version
        for field, mapping in remap.items():
            value = getattr(row, f"{field}_id")
            if value is not None:
                setattr(row, f"{field}_id", mapping[value].pk)
        row.save()
        copies[old_pk] = row
    return copies


@transaction.atomic
def version_draft_create(*, actor, base: InstrumentVersion) -> InstrumentVersion:
    """A new draft version of the organisation's own, copied from `base`."""
    if base.organisation_id not in (None, actor.organisation_id):
        raise RuleError(_("Kortversionen tillhör en annan organisation."))
    number = (
        InstrumentVersion.objects.select_for_update()
        .filter(instrument=base.instrument)
        .aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    draft = InstrumentVersion.objects.get(pk=base.pk)
    draft.pk = None
    draft.id = None
    draft.number = number
    draft.organisation_id = actor.organisation_id
    draft.status = InstrumentVersion.Status.DRAFT
    draft.based_on = base
    draft.created_by = actor
    draft.published_at = None
    draft.change_note = ""
    draft.save()
    indicators = _copy_rows(Indicator, base.indicators.all(), draft)
    themes = _copy_rows(Theme, base.themes.all(), draft)
    _copy_rows(Question, base.questions.all(), draft, {"indicator": indicators, "theme": themes})
    _copy_rows(PlanArea, base.plan_areas.all(), draft, {"indicator": indicators, "theme": themes})
    return draft


def _editable(actor, version: InstrumentVersion) -> None:
    if version.organisation_id != actor.organisation_id:
        raise RuleError(_("Bara organisationens egna utkast kan ändras."))
    if version.is_published:
        raise RuleError(_("En publicerad version kan inte ändras. Skapa en ny version."))


@transaction.atomic
def version_texts_update(
    *,
    actor,
    version: InstrumentVersion,
    questions: dict,
    change_note: str,
    expected_revision: int | None = None,
) -> None:
    """`questions` maps a question code to {"text": {lang: str}, "levels": {level: {lang: str}}}.
    ``expected_revision`` is the draft's revision the form was opened on."""
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _editable(actor, version)
    if expected_revision is not None and version.revision != expected_revision:
        raise ConflictError
    for question in version.questions.filter(code__in=questions):
        new = questions[question.code]
        question.text = {k: v for k, v in new.get("text", question.text).items() if v}
        if "levels" in new:
            question.levels = {
                level: {k: v for k, v in texts.items() if v}
                for level, texts in new["levels"].items()
                if any(texts.values())
            }
        question.save(update_fields=["text", "levels"])
    version.change_note = change_note
    version.revision += 1
    version.save(update_fields=["change_note", "revision"])


@transaction.atomic
def version_publish(*, actor, version: InstrumentVersion) -> None:
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _editable(actor, version)
    missing = [q.code for q in version.questions.all() if not (q.text or {}).get("sv")]
    if missing:
        raise RuleError(_("Alla frågor måste ha en svensk text innan versionen publiceras."))
    version.status = InstrumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])


@transaction.atomic
def instrument_choice_set(*, actor, version: InstrumentVersion, in_use: bool) -> None:
    """Use (or stop using) this version of the card for the organisation's new assessments."""
    if not version.is_published or version.organisation_id not in (None, actor.organisation_id):
        raise RuleError(_("Bara publicerade versioner kan väljas."))
    InstrumentChoice.objects.filter(
        organisation_id=actor.organisation_id, instrument=version.instrument
    ).delete()
    if in_use:
        InstrumentChoice.objects.create(
            organisation_id=actor.organisation_id, instrument=version.instrument, version=version
        )
