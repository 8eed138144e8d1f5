from django.db.models import Q, QuerySet
from django.http import Http404

from .cardtexts import missing, text_keys
from .models import (
    CardLanguage,
    Indicator,
    InstrumentChoice,
    InstrumentVersion,
    PlanArea,
    Question,
    localised,
)


def version_list(*, actor) -> QuerySet[InstrumentVersion]:
    """Shipped versions and the actor's organisation's own."""
    return (
        InstrumentVersion.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=actor.organisation_id)
        )
        .select_related("instrument", "organisation")
        .order_by("instrument__code", "number")
    )


def version_get(*, actor, version_id: int) -> InstrumentVersion:
    try:
        return version_list(actor=actor).get(pk=version_id)
    except (InstrumentVersion.DoesNotExist, ValueError):
        raise Http404 from None


def chosen_version_ids(*, organisation_id: int) -> set[int]:
    return set(
        InstrumentChoice.objects.filter(organisation_id=organisation_id).values_list(
            "version_id", flat=True
        )
    )


def instrument_versions_for_new(*, organisation_id: int) -> list[InstrumentVersion]:
    """The card versions the organisation uses for new assessments."""
    chosen = list(
        InstrumentChoice.objects.filter(organisation_id=organisation_id)
        .select_related("version__instrument")
        .order_by("instrument__code")
    )
    if chosen:
        return [choice.version for choice in chosen]
    latest = {}
    for version in (
        InstrumentVersion.objects.filter(status="published", organisation__isnull=True)
        .select_related("instrument")
        .order_by("instrument__code", "number")
    ):
        latest[version.instrument_id] = version
    return list(latest.values())


def indicator_choices(*, organisation_id: int, participant=None) -> list[tuple[str, str]]:
    """(code, name) of the indicators on the cards the organisation uses, one per code.
    With a participant who has been assessed: only the indicators of their cards (a
    SMAIL participant is not offered BIP's indicators)."""
    versions = instrument_versions_for_new(organisation_id=organisation_id)
    if participant is not None:
        theirs = set(
            InstrumentVersion.objects.filter(
                assessments__participant=participant, assessments__deleted_at__isnull=True
            ).values_list("instrument_id", flat=True)
        )
        if theirs:
            versions = [v for v in versions if v.instrument_id in theirs]
    seen: dict[str, str] = {}
    for indicator in Indicator.objects.filter(version__in=versions).order_by(
        "version__instrument__code", "number"
    ):
        seen.setdefault(indicator.code, localised(indicator.name))
    return list(seen.items())


def question_list(*, version: InstrumentVersion) -> QuerySet[Question]:
    """The card's questions in order, with their indicator and theme."""
    return version.questions.select_related("indicator", "theme").order_by("number", "id")


def plan_area_list(*, version: InstrumentVersion) -> QuerySet[PlanArea]:
    return version.plan_areas.select_related("indicator", "theme")


def version_get_for_print(*, actor, version_id: int) -> InstrumentVersion:
    """A published version the actor's organisation may use (for blank printouts)."""
    try:
        return version_list(actor=actor).get(pk=version_id, status="published")
    except (InstrumentVersion.DoesNotExist, ValueError):
        raise Http404 from None


def card_languages(*, version: InstrumentVersion, organisation_id: int) -> list[CardLanguage]:
    """The version's languages as the organisation has them: its own row for a language
    takes the place of the shipped one. Swedish first, then English, then by name."""
    effective: dict[str, CardLanguage] = {}
    for row in CardLanguage.objects.filter(version=version).filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    ):
        if row.code not in effective or row.organisation_id is not None:
            effective[row.code] = row
    order = {"sv": 0, "en": 1}
    return sorted(effective.values(), key=lambda r: (order.get(r.code, 2), r.swedish_name))


def card_language_get(
    *, version: InstrumentVersion, organisation_id: int, code: str
) -> CardLanguage | None:
    return next(
        (
            row
            for row in card_languages(version=version, organisation_id=organisation_id)
            if row.code == code
        ),
        None,
    )


def card_language_usable(
    *, version: InstrumentVersion, organisation_id: int, code: str
) -> CardLanguage | None:
    """The language if a participant may be shown it (not switched off)."""
    row = card_language_get(version=version, organisation_id=organisation_id, code=code)
    return row if row is not None and row.enabled else None


def card_language_missing(*, language: CardLanguage) -> list[str]:
    return missing(text_keys(language.version), language.texts)


def card_text_rows(*, language: CardLanguage, swedish: CardLanguage | None) -> list[dict]:
    """Each text of the card with its Swedish beside it, for the administrator's page."""
    theirs = language.texts or {}
    ours = (swedish.texts if swedish else {}) or {}
    return [
        {"key": key, "swedish": ours.get(key, ""), "text": theirs.get(key, "")}
        for key in text_keys(language.version)
    ]


def link_language_choices(
    *, versions: list[InstrumentVersion], organisation_id: int
) -> list[CardLanguage]:
    """The languages a coach can send a link in: those switched on for any of the cards
    the organisation uses (one per language; "ej granskad" if it is so for any card)."""
    found: dict[str, CardLanguage] = {}
    for version in versions:
        for language in card_languages(version=version, organisation_id=organisation_id):
            if not language.enabled:
                continue
            if language.code not in found or not language.is_reviewed:
                found[language.code] = language
    return list(found.values())


def published_version_list() -> QuerySet[InstrumentVersion]:
    """Every published version, of every organisation (blank forms made ahead)."""
    return InstrumentVersion.objects.filter(status="published").select_related("instrument")
