"""One request id from nginx through Django's log lines, as JSON (core/requestlog.py)."""

import io
import json
import logging

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from core.requestlog import ClientAddressMiddleware, RequestIdFilter, current_request_id
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
NGINX_ID = "5d1c9a0e7f3b4c2a8e6d1f0b9a7c3e21"


@pytest.fixture
def json_log():
    """A handler like production's: the JSON formatter with the request id and masking."""
    from django.conf import settings

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter_config = dict(settings.LOGGING["formatters"]["json"])
    factory = formatter_config.pop("()")
    module, name = factory.rsplit(".", 1)
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    handler.setFormatter(formatter)
    from core.logmask import MaskTokensFilter

    handler.addFilter(RequestIdFilter())
    handler.addFilter(MaskTokensFilter())
    logger = logging.getLogger("stegvis.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_line_per_request_with_nginx_request_id(client, json_log):
    coach = make_user(Role.COACH, UnitFactory())
    participant = make_participant(coach=coach)
    client.force_login(coach)
    response = client.get(
        reverse("participants:detail", args=[participant.pk]), HTTP_X_REQUEST_ID=NGINX_ID
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == NGINX_ID
    [line] = lines(json_log)
    assert line["request_id"] == NGINX_ID
    assert line["logger"] == "stegvis.request"
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    assert line["path"] == f"/deltagare/{participant.pk}/"
    assert line["status"] == 200
    assert line["user_id"] == coach.pk
    text = json_log.getvalue()
    assert participant.first_name not in text
    assert participant.last_name not in text
    assert coach.username not in text


def test_without_nginx_an_id_is_made_and_a_bad_one_is_replaced(client, json_log):
    first = client.get("/logga-in/")
    forged = client.get("/logga-in/", HTTP_X_REQUEST_ID='x" injected\n{"level":"ERROR"}')
    assert len(first["X-Request-ID"]) == 32
    assert forged["X-Request-ID"] != first["X-Request-ID"]
    assert "injected" not in forged["X-Request-ID"]
    assert [line["request_id"] for line in lines(json_log)] == [
        first["X-Request-ID"],
        forged["X-Request-ID"],
    ]


def test_invitation_tokens_are_masked_in_the_request_log(client, json_log):
    token = "Zq8sJ2kVbQ1mXyT4nR7pLw"
    client.get(f"/s/{token}/")
    assert token not in json_log.getvalue()
    assert lines(json_log)[0]["path"] == "/s/[token]/"


def test_django_lines_written_after_the_middleware_carry_the_id_until_the_response_ends(
    client, caplog
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/finns-inte/", HTTP_X_REQUEST_ID=NGINX_ID)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    # The console handler's RequestIdFilter (settings.LOGGING) stamped the record when it
    # was written, after the middleware had returned; the filter here changes nothing.
    RequestIdFilter().filter(record)
    assert record.request_id == NGINX_ID
    assert current_request_id() is None


def test_client_address_is_taken_from_the_proxy_header_only_from_a_trusted_proxy(rf, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    seen = []
    middleware = ClientAddressMiddleware(lambda request: seen.append(request.META["REMOTE_ADDR"]))
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7"))
    middleware(rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_REAL_IP="198.51.100.7"))
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1"))
    assert seen == ["198.51.100.7", "203.0.113.9", "127.0.0.1"]
