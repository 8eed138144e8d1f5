"""Loads a card from its data file (instruments/data/*.json) into the database.

Works with the real models and with a migration's historical models alike, so the
shipped cards are created by a data migration.
"""

import json
from pathlib import Path
from types import SimpleNamespace

from .cardtexts import load_languages

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED = ("smail.json", "bip.json")


def read_card(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def real_models() -> SimpleNamespace:
    from . import models

    return SimpleNamespace(**{n: getattr(models, n) for n in _MODEL_NAMES})


_MODEL_NAMES = (
    "Instrument",
    "InstrumentVersion",
    "Indicator",
    "Theme",
    "Question",
    "PlanArea",
    "CardLanguage",
)


def load_card(data: dict, *, m: SimpleNamespace | None = None):
    """Create the card's version if it is not there yet. Returns the version."""
    m = m or real_models()
    instrument, _ = m.Instrument.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"]}
    )
    existing = m.InstrumentVersion.objects.filter(
        instrument=instrument, number=data["version"]
    ).first()
    if existing:
        if m.CardLanguage is not None:
            load_languages(existing, m=m)
        return existing
    scale = data.get("scale", {})
    version = m.InstrumentVersion.objects.create(
        instrument=instrument,
        organisation=None,
        number=data["version"],
        status="published",
        languages=data.get("languages", ["sv"]),
        translations=data.get("translations", {}),
        scale_min=scale.get("min", 1),
        scale_max=scale.get("max", 5),
        scale_anchors=scale.get("anchors", {}),
        decline_label=data.get("decline_label", {"sv": "Vill inte svara"}),
        coach_rating=data.get("coach_rating") or {},
        source=data.get("source", ""),
        source_notes=data.get("source_notes", []),
    )
    indicators = {}
    for item in data["indicators"]:
        indicators[item["code"]] = m.Indicator.objects.create(
            version=version,
            code=item["code"],
            number=item["number"],
            name=item["name"],
            plan_label=item.get("plan_label") or {},
            rated_by=item.get("rated_by", "participant"),
        )
    themes = {}
    for number, item in enumerate(data.get("themes", []), start=1):
        themes[item["code"]] = m.Theme.objects.create(
            version=version,
            code=item["code"],
            number=item.get("number", number),
            name=item["name"],
            help_questions=item.get("help_questions", []),
        )
    for number, item in enumerate(data["questions"], start=1):
        m.Question.objects.create(
            version=version,
            code=item["code"],
            number=item.get("number") or number,
            kind=item["kind"],
            text=item["text"],
            short_label=item.get("short_label", {}),
            indicator=indicators.get(item.get("indicator")),
            theme=themes.get(item.get("theme")),
            levels=item.get("levels", {}),
            options=item.get("options", []),
            alternatives=item.get("alternatives", []),
            unit_label=item.get("unit", {}),
        )
    for number, item in enumerate(data.get("plan_areas", []), start=1):
        m.PlanArea.objects.create(
            version=version,
            code=item["code"],
            number=number,
            name=item["name"],
            indicator=indicators.get(item.get("indicator")),
            theme=themes.get(item.get("theme")),
        )
    if m.CardLanguage is not None:
        load_languages(version, m=m)
    return version


def load_shipped_cards(apps=None, schema_editor=None):
    m = None
    if apps:
        # An early migration's state has no card languages yet (added in 0004).
        found = {}
        for name in _MODEL_NAMES:
            try:
                found[name] = apps.get_model("instruments", name)
            except LookupError:
                found[name] = None
        m = SimpleNamespace(**found)
    for name in SHIPPED:
        load_card(read_card(name), m=m)
