"""Issue 16 §4: a selection's figures are kept FIGURES_CACHE_SECONDS in the shared cache
(figures.views._figures), for the selection they were computed for and nobody else's.
The rest of the suite runs with the cache off (config/settings/test.py)."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import make_user
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
PARAMS = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
START = datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _kept_a_minute(settings):
    settings.FIGURES_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _people(coach, n: int) -> None:
    for _ in range(n):
        make_participant(coach=coach, started_on=D(2026, 2, 2))


def _active(client, **params) -> str:
    response = client.get(reverse("figures:manager"), {**PARAMS, **params})
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r"<tr><th scope=\"row\">Aktiva</th><td class=\"num\">([^<]*)</td>", html)
    assert row, html
    return row.group(1)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("figures:manager"), PARAMS)
    return len(queries)


def test_the_figures_are_kept_for_the_set_time_and_the_page_says_when_they_were_computed(
    client, manager, coach
):
    client.force_login(manager)
    _people(coach, 5)
    with time_machine.travel(START, tick=False) as traveller:
        assert _active(client) == "5"
        page = client.get(reverse("figures:manager"), PARAMS).content.decode()
        local = timezone.localtime(START).strftime("%H:%M")
        assert f"Siffrorna räknades fram kl. {local}." in page
        assert "när siffrorna är äldre än 60 sekunder" in page

        # Two more people: within the minute, the kept figures, without their queries.
        _people(coach, 2)
        traveller.shift(59)
        assert _active(client) == "5"
        kept = _queries(client)
        traveller.shift(2)  # 61 s after they were computed
        assert _active(client) == "7"
        cache.clear()
        computed = _queries(client)
        assert kept + 8 < computed, (kept, computed)


def test_no_cache_setting_computes_the_figures_on_every_request(settings, client, manager, coach):
    settings.FIGURES_CACHE_SECONDS = 0
    client.force_login(manager)
    _people(coach, 5)
    assert _active(client) == "5"
    _people(coach, 1)
    assert _active(client) == "6"
    page = client.get(reverse("figures:manager"), PARAMS).content.decode()
    assert "Siffrorna räknades fram kl." in page
    assert "räknas fram på nytt" not in page


def test_kept_figures_are_the_selections_own_never_another_units_or_filters(
    client, unit, other_unit, manager, coach
):
    other_coach = make_user(Role.COACH, other_unit)
    other_manager = make_user(Role.MANAGER, other_unit)
    _people(coach, 5)
    _people(other_coach, 6)
    client.force_login(manager)
    assert _active(client) == "5"
    # The other unit's manager, right after: their own units' figures.
    other = Client()
    other.force_login(other_manager)
    assert _active(other) == "6"
    # A filter is another selection: computed for it, not the unfiltered figures.
    make_participant(coach=coach, started_on=D(2026, 2, 2), gender="man")
    assert _active(client, gender="man") == "dold"
    assert _active(client, gender="woman") == "5"
    # A manager of both units sees both, not either one's kept figures.
    both = make_user(Role.MANAGER, unit)
    both.memberships.create(organisation=unit.organisation, unit=other_unit, role=Role.MANAGER)
    both_client = Client()
    both_client.force_login(both)
    assert _active(both_client) == "12"


def test_a_stricter_suppression_threshold_applies_at_once_to_kept_figures(
    settings, client, manager, coach
):
    client.force_login(manager)
    _people(coach, 6)
    assert _active(client) == "6"
    settings.STEGVIS = {**settings.STEGVIS, "SUPPRESSION_THRESHOLD": 10}
    assert _active(client) == "dold"


def test_kept_figures_that_no_longer_read_are_computed_anew(client, manager, coach, monkeypatch):
    """An entry kept by an earlier release whose classes have changed."""
    client.force_login(manager)
    _people(coach, 5)
    assert _active(client) == "5"

    def unreadable(key, default=None, version=None):
        raise AttributeError("Can't get attribute 'Effect' on <module 'figures.selectors'>")

    monkeypatch.setattr(cache, "get", unreadable)
    _people(coach, 1)
    assert _active(client) == "6"
