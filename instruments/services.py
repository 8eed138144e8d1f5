"""Administrators make new versions of a card; published versions never change."""

import json
import re

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, RuleError

from .cardtexts import missing, text_keys, texts_from_fields
from .models import (
    CardLanguage,
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
    # The draft takes the languages as the organisation has them for the base version.
    effective: dict[str, CardLanguage] = {}
    for row in CardLanguage.objects.filter(version=base).filter(
        Q(organisation__isnull=True) | Q(organisation_id=actor.organisation_id)
    ):
        if row.code not in effective or row.organisation_id is not None:
            effective[row.code] = row
    for row in effective.values():
        row.pk = None
        row.id = None
        row.version = draft
        row.organisation_id = actor.organisation_id
        row.save()
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
    # The participant's Swedish and English follow the card's own fields.
    for language in CardLanguage.objects.filter(version=version, code__in=("sv", "en")):
        texts = dict(language.texts)
        for key, value in texts_from_fields(version, language.code).items():
            if key != "name" and key != "intro":
                if value:
                    texts[key] = value
                else:
                    texts.pop(key, None)
        language.texts = texts
        language.save(update_fields=["texts", "updated_at"])
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


# The card's languages (ADR 0024). An organisation's own row for a language takes the
# place of the shipped one for that organisation: editing or switching off a shipped
# language makes the organisation's copy, leaving the shipped row for the others.

LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


def _visible(actor, version: InstrumentVersion) -> None:
    if version.organisation_id not in (None, actor.organisation_id):
        raise RuleError(_("Kortversionen tillhör en annan organisation."))


def _own_language(actor, version: InstrumentVersion, code: str) -> CardLanguage:
    """The organisation's own row for the language, copied from the shipped one if need be."""
    _visible(actor, version)
    own = (
        CardLanguage.objects.select_for_update()
        .filter(version=version, organisation_id=actor.organisation_id, code=code)
        .first()
    )
    if own is not None:
        return own
    shipped = CardLanguage.objects.filter(
        version=version, organisation__isnull=True, code=code
    ).first()
    if shipped is None:
        raise RuleError(_("Kortet har inte det språket."))
    shipped.pk = None
    shipped.id = None
    shipped.organisation_id = actor.organisation_id
    shipped.save()
    return shipped


@transaction.atomic
def card_language_add(
    *, actor, version: InstrumentVersion, code: str, name: str, swedish_name: str, direction: str
) -> CardLanguage:
    """A new language for the card, switched off and "ej granskad" until its texts are in."""
    _visible(actor, version)
    code = code.strip().lower()
    if not LANGUAGE_CODE_RE.match(code):
        raise RuleError(
            _("Skriv en språkkod som ”pl” eller ”fa-af” (små bokstäver, bindestreck)."),
            field="code",
        )
    exists = CardLanguage.objects.filter(version=version, code=code).filter(
        Q(organisation__isnull=True) | Q(organisation_id=actor.organisation_id)
    )
    if exists.exists():
        raise RuleError(_("Kortet har redan det språket."), field="code")
    return CardLanguage.objects.create(
        version=version,
        organisation_id=actor.organisation_id,
        code=code,
        name=name.strip(),
        swedish_name=swedish_name.strip(),
        direction=direction,
        enabled=False,
        texts={},
    )


@transaction.atomic
def card_language_texts_update(
    *,
    actor,
    version: InstrumentVersion,
    code: str,
    texts: dict[str, str],
    expected_revision: int | None = None,
) -> CardLanguage:
    """Save the language's texts (keyed as cardtexts.text_keys). Changed texts are no
    longer reviewed: the state goes back to "ej granskad"."""
    if code == "sv":
        raise RuleError(_("Den svenska texten är originalet och ändras i en ny version av kortet."))
    language = _own_language(actor, version, code)
    if expected_revision is not None and language.revision != expected_revision:
        raise ConflictError
    keys = text_keys(version)
    unknown = sorted(set(texts) - set(keys))
    if unknown:
        raise RuleError(
            _("Okända texter: %(keys)s. Texterna ska ha kortets nycklar.")
            % {"keys": ", ".join(unknown[:10])}
        )
    new = {key: (texts.get(key) or "").strip() for key in keys}
    new = {key: value for key, value in new.items() if value}
    if new != language.texts:
        language.texts = new
        language.review_state = CardLanguage.Review.NOT_REVIEWED
        language.reviewed_by = ""
        language.reviewed_at = None
        language.review_recorded_by = None
    if language.enabled and missing(keys, new):
        language.enabled = False
    language.revision += 1
    language.save()
    return language


def card_language_import(*, actor, version: InstrumentVersion, code: str, content: bytes):
    """Texts from a file: a JSON object of key → text, or a shipped language file
    (instruments/languages/<code>.json) with "common" and "cards"."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RuleError(_("Filen är inte en JSON-fil i UTF-8."), field="file") from None
    if not isinstance(data, dict):
        raise RuleError(_("Filen ska innehålla ett JSON-objekt."), field="file")
    if "cards" in data or "common" in data:
        texts = {
            **(data.get("common") or {}),
            **((data.get("cards") or {}).get(version.instrument.code) or {}),
        }
    else:
        texts = data.get("texts", data)
    if not all(isinstance(v, str) for v in texts.values()):
        raise RuleError(_("Varje text i filen ska vara en sträng."), field="file")
    rows = {
        row.organisation_id is not None: row
        for row in CardLanguage.objects.filter(version=version, code=code).filter(
            Q(organisation__isnull=True) | Q(organisation_id=actor.organisation_id)
        )
    }
    current = rows.get(True) or rows.get(False)
    base = current.texts if current is not None else {}
    return card_language_texts_update(
        actor=actor, version=version, code=code, texts={**base, **texts}
    )


@transaction.atomic
def card_language_enable(
    *, actor, version: InstrumentVersion, code: str, enabled: bool
) -> CardLanguage:
    if code == "sv" and not enabled:
        raise RuleError(_("Svenska är kortets original och kan inte stängas av."))
    language = _own_language(actor, version, code)
    if enabled:
        gaps = missing(text_keys(version), language.texts)
        if gaps:
            raise RuleError(
                _("Språket saknar %(count)s texter och kan inte slås på förrän de finns.")
                % {"count": len(gaps)}
            )
    language.enabled = enabled
    language.save(update_fields=["enabled", "updated_at"])
    return language


@transaction.atomic
def card_language_review(
    *, actor, version: InstrumentVersion, code: str, reviewed_by: str, reviewed_at
) -> CardLanguage:
    """A qualified translator has reviewed the texts: "granskad", with who and when."""
    language = _own_language(actor, version, code)
    if not reviewed_by.strip():
        raise RuleError(_("Skriv vem som har granskat översättningen."), field="reviewed_by")
    language.review_state = CardLanguage.Review.REVIEWED
    language.reviewed_by = reviewed_by.strip()
    language.reviewed_at = reviewed_at
    language.review_recorded_by = actor
    language.save()
    return language
