"""The participant's texts of a card, per language (ADR 0024).

A card's texts are keyed by the card's stable identifiers:

    name, intro, decline, scale.<n>                    the card, its scale's meaning
    q.<question>                                       a question
    q.<question>.level.<n>                             a level's description
    q.<question>.option.<option>                       a job-search option
    q.<question>.unit, q.<question>.alternative.<alt>  the salary question
    plan.<area>                                        a row of the activity plan

Swedish and English come from the card's own fields (the coach's pages use those);
the other shipped languages from instruments/languages/<code>.json. Works with the real
models and a migration's historical models alike.
"""

import json
from pathlib import Path

LANGUAGE_DIR = Path(__file__).resolve().parent / "languages"
CARD_DIR = Path(__file__).resolve().parent / "data"

# Shipped besides Swedish and English; every one "ej granskad" until a qualified
# translator has reviewed it (README).
SHIPPED_LANGUAGES = ("ar", "fa", "fa-af", "so", "ti", "uk", "sv-x-easy")

ORIGINAL = {"code": "sv", "name": "Svenska", "swedish_name": "svenska", "direction": "ltr"}
ENGLISH = {"code": "en", "name": "English", "swedish_name": "engelska", "direction": "ltr"}


def _text(texts, language: str) -> str:
    return ((texts or {}).get(language) or "").strip()


def texts_from_fields(version, language: str, intro: dict | None = None) -> dict[str, str]:
    """The card's texts in Swedish or English as its fields hold them (every key, with an
    empty string where the field has no text in that language)."""
    texts = {
        "name": _text(version.instrument.name, language),
        "intro": _text(intro, language),
        "decline": _text(version.decline_label, language),
    }
    for level, words in sorted((version.scale_anchors or {}).items()):
        texts[f"scale.{level}"] = _text(words, language)
    for question in version.questions.order_by("number", "id"):
        key = f"q.{question.code}"
        texts[key] = _text(question.text, language)
        for level, words in sorted((question.levels or {}).items()):
            texts[f"{key}.level.{level}"] = _text(words, language)
        for option in question.options or []:
            texts[f"{key}.option.{option['code']}"] = _text(option["text"], language)
        if question.unit_label:
            texts[f"{key}.unit"] = _text(question.unit_label, language)
        for alternative in question.alternatives or []:
            texts[f"{key}.alternative.{alternative['code']}"] = _text(alternative["text"], language)
    for area in version.plan_areas.order_by("number"):
        texts[f"plan.{area.code}"] = _text(area.name, language)
    return texts


def text_keys(version) -> list[str]:
    """Every text a language of this version must have, in the card's order."""
    return list(texts_from_fields(version, "sv"))


def card_intro(instrument_code: str) -> dict:
    """The card's introduction ({"sv": ..., "en": ...}) from its data file."""
    path = CARD_DIR / f"{instrument_code}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("intro", {})


def read_language(code: str) -> dict:
    return json.loads((LANGUAGE_DIR / f"{code}.json").read_text(encoding="utf-8"))


def shipped_texts(code: str, instrument_code: str) -> dict[str, str]:
    """A shipped language's texts for a card: its base language's (Dari is written on
    Farsi and differs where the words differ), then its shared texts, then the card's."""
    data = read_language(code)
    texts = shipped_texts(data["base"], instrument_code) if data.get("base") else {}
    texts.update(data.get("common", {}))
    texts.update(data.get("cards", {}).get(instrument_code, {}))
    return texts


def missing(keys, texts: dict) -> list[str]:
    return [key for key in keys if not (texts.get(key) or "").strip()]


def load_languages(version, *, m) -> None:
    """Swedish, English and the shipped languages of a shipped version, unless there."""
    have = set(
        m.CardLanguage.objects.filter(version=version, organisation__isnull=True).values_list(
            "code", flat=True
        )
    )
    intro = card_intro(version.instrument.code)
    rows = []
    for meta, reviewed in ((ORIGINAL, True), (ENGLISH, False)):
        if meta["code"] not in have:
            rows.append(
                m.CardLanguage(
                    version=version,
                    texts=texts_from_fields(version, meta["code"], intro),
                    review_state="reviewed" if reviewed else "not_reviewed",
                    reviewed_by="Originaltexten" if reviewed else "",
                    **meta,
                )
            )
    for code in SHIPPED_LANGUAGES:
        if code in have:
            continue
        data = read_language(code)
        rows.append(
            m.CardLanguage(
                version=version,
                code=code,
                name=data["name"],
                swedish_name=data["swedish_name"],
                direction=data.get("direction", "ltr"),
                texts=shipped_texts(code, version.instrument.code),
                review_state="not_reviewed",
            )
        )
    m.CardLanguage.objects.bulk_create(rows)
