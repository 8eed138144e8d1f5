"""Issue 18 §1: the card's texts per language, every shipped language complete."""

import pytest

from instruments import cardtexts
from instruments.models import CardLanguage, InstrumentVersion

pytestmark = pytest.mark.django_db

SHIPPED = ("sv", "en", *cardtexts.SHIPPED_LANGUAGES)


def _missing_report() -> dict[str, list[str]]:
    report = {}
    for version in InstrumentVersion.objects.filter(organisation__isnull=True):
        keys = cardtexts.text_keys(version)
        rows = {row.code: row for row in version.card_languages.filter(organisation__isnull=True)}
        for code in SHIPPED:
            row = rows.get(code)
            gaps = keys if row is None else cardtexts.missing(keys, row.texts)
            if gaps:
                report[f"{version.instrument.code} v{version.number} {code}"] = gaps
            if row is not None:
                unknown = sorted(set(row.texts) - set(keys))
                if unknown:
                    report[f"{version.instrument.code} v{version.number} {code} unknown"] = unknown
    return report


def test_every_shipped_language_covers_every_text_of_both_cards():
    report = _missing_report()
    assert report == {}, "Missing card texts:\n" + "\n".join(
        f"  {where}: {', '.join(keys)}" for where, keys in report.items()
    )


def test_the_report_lists_a_missing_text():
    row = CardLanguage.objects.get(
        version__instrument__code="bip", organisation__isnull=True, code="ti"
    )
    del row.texts["q.health.level.2"]
    row.save()
    assert _missing_report() == {"bip v1 ti": ["q.health.level.2"]}


def test_shipped_translations_are_marked_not_reviewed_and_swedish_is_the_original():
    rows = CardLanguage.objects.filter(organisation__isnull=True)
    assert {r.code for r in rows} == set(SHIPPED)
    for row in rows:
        assert row.is_reviewed == (row.code == "sv"), row.code
    directions = {r.code: r.direction for r in rows}
    assert [c for c in SHIPPED if directions[c] == "rtl"] == ["ar", "fa", "fa-af"]


def test_dari_differs_from_farsi_in_the_scales_words():
    smail = {
        r.code: r.texts
        for r in CardLanguage.objects.filter(
            version__instrument__code="smail", organisation__isnull=True
        )
    }
    assert smail["fa-af"]["scale.1"] != smail["fa"]["scale.1"]
    # Elsewhere Dari is written on the Farsi text.
    assert smail["fa-af"]["q.q1"] == smail["fa"]["q.q1"]
