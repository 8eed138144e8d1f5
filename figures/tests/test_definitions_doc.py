"""One place for the figures' definitions: the page's help texts and docs/figures.md."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from figures.definitions import DEFINITIONS, definition
from figures.selectors import Cadence
from participants.tests.factories import make_participant

DOC = Path(django_settings.BASE_DIR) / "docs" / "figures.md"


def test_the_docs_page_lists_every_definition_as_the_page_says_it(settings):
    settings.STEGVIS = {**settings.STEGVIS, "ASSESSMENT_INTERVAL_WEEKS": 13}
    text = DOC.read_text(encoding="utf-8")
    with translation.override("sv"):
        for key in DEFINITIONS:
            assert f"`{key}`" in text
            assert definition(key) in text, key


def test_the_texts_say_the_numbers_in_force(settings):
    settings.STEGVIS = {
        **settings.STEGVIS,
        "ACTIVITY_GAP_DAYS": 21,
        "LOW_SCORE_THRESHOLD": 4,
        "CADENCE_GRACE_DAYS": 0,
    }
    with translation.override("sv"):
        assert "längre än 21 dagar" in definition("gap")
        assert "Senaste under 4" in definition("low_latest")
        cadence = definition("cadence", cadence=Cadence(1, 1, 1, interval_weeks=10))
        assert "högst 10 veckor (70 dagar)" in cadence
        assert "marginal" not in cadence
        graced = definition("cadence", cadence=Cadence(1, 1, 1, interval_weeks=13, grace_days=7))
        assert "marginal på 7 dagar" in graced
        mixed = definition("cadence", cadence=Cadence(1, 1, 1, interval_weeks=None))
        assert "sitt eget" in mixed
    with translation.override("en"):
        assert definition("gap") != str(DEFINITIONS["gap"])  # translated and filled in


@pytest.mark.django_db
def test_the_managers_page_shows_the_definitions(client):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    make_participant(coach=coach, started_on=datetime.date(2026, 1, 5))
    client.force_login(make_user(Role.MANAGER, unit))
    html = client.get(
        reverse("figures:manager"),
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
    ).content.decode()
    # Every definition but the comparison's and the outcomes' (shown only with a
    # comparison and with closed periods) and the three per indicator (shown for one
    # card at a time, none chosen here).
    assert 'id="choose-card"' in html
    assert html.count('class="definition"') == len(DEFINITIONS) - 5
    assert "Skattningar var 13:e vecka" in html
    assert "klusterrobusta standardfel" in html
