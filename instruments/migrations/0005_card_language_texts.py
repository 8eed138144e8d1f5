"""The card's participant texts per language (ADR 0024): Swedish and English moved from
the card's fields into a card language each, for every version; the shipped languages
(instruments/languages/*.json) added to the shipped versions."""

from types import SimpleNamespace

from django.db import migrations

from instruments.cardtexts import ENGLISH, ORIGINAL, card_intro, load_languages, texts_from_fields


def forwards(apps, schema_editor):
    m = SimpleNamespace(CardLanguage=apps.get_model("instruments", "CardLanguage"))
    InstrumentVersion = apps.get_model("instruments", "InstrumentVersion")
    for version in InstrumentVersion.objects.select_related("instrument"):
        if version.organisation_id is None:
            load_languages(version, m=m)
            continue
        intro = card_intro(version.instrument.code)
        for meta, reviewed in ((ORIGINAL, True), (ENGLISH, False)):
            m.CardLanguage.objects.get_or_create(
                version=version,
                organisation_id=version.organisation_id,
                code=meta["code"],
                defaults={
                    "name": meta["name"],
                    "swedish_name": meta["swedish_name"],
                    "direction": meta["direction"],
                    "texts": texts_from_fields(version, meta["code"], intro),
                    "review_state": "reviewed" if reviewed else "not_reviewed",
                    "reviewed_by": "Originaltexten" if reviewed else "",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("instruments", "0004_card_languages")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
