"""/metrics (core/metrics.py): request and database time per view, failed sign-ins; only
for a scraper on this machine or one with the token."""

import re

import pytest

pytestmark = pytest.mark.django_db


def sample(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = rf"^{name}\{{{re.escape(wanted)}\}} (\S+)$" if labels else rf"^{name} (\S+)$"
    match = re.search(pattern, text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def scrape(client, **extra) -> str:
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert not response.cookies
    return response.content.decode()


def test_requests_are_timed_per_view_with_their_database_time(client):
    before = scrape(client)
    count = "stegvis_request_seconds_count"
    db_count = "stegvis_request_database_seconds_count"
    client.get("/logga-in/")
    client.get("/logga-in/")
    client.get("/finns-inte/")
    after = scrape(client)
    labels = {"method": "GET", "view": "accounts:login"}
    assert sample(after, count, **labels) - sample(before, count, **labels) == 2
    assert sample(after, count, method="GET", view="unresolved") >= 1
    assert sample(after, db_count, view="accounts:login") >= 2
    # The scrapes themselves and the health endpoints are not requests of the product.
    assert "healthz" not in after
    assert 'view="metrics"' not in after


def test_failed_sign_ins_are_counted(client):
    from accounts.models import Role
    from accounts.tests.factories import UnitFactory, make_user

    make_user(Role.COACH, UnitFactory(), username="kalle")
    name = "stegvis_failed_sign_ins_total"
    before = sample(scrape(client), name)
    client.post("/logga-in/", {"login": "kalle", "password": "fel-losen-123"})
    assert sample(scrape(client), name) == before + 1


def test_only_a_local_scraper_or_one_with_the_token_gets_the_metrics(client, settings):
    # Through nginx (X-Real-IP set), or from another machine: as if there were none.
    assert (
        client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7").status_code
        == 404
    )
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 404
    settings.METRICS_TOKEN = "skrapnyckel-7f3a"
    assert (
        client.get("/metrics", REMOTE_ADDR="10.0.0.9", HTTP_AUTHORIZATION="Bearer fel").status_code
        == 404
    )
    allowed = client.get(
        "/metrics", REMOTE_ADDR="10.0.0.9", HTTP_AUTHORIZATION="Bearer skrapnyckel-7f3a"
    )
    assert allowed.status_code == 200
    assert b"stegvis_request_seconds" in allowed.content
