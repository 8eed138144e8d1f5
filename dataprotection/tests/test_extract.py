import datetime
import json

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from dataprotection.registry import SECTIONS
from dataprotection.selectors import (
    REFERENCES,
    register_extract_as_json,
    register_extract_build,
)
from participants.tests.factories import make_participant

from .factories import SECRET, make_participant_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(unit):
    return make_user(Role.COACH, unit, first_name="Cecilia", last_name="Coach")


@pytest.fixture
def manager(unit):
    return make_user(Role.MANAGER, unit, first_name="Maja", last_name="Chef")


@pytest.fixture
def full(unit, coach, manager):
    return make_participant_with_everything(unit=unit, coach=coach, manager=manager, tag="AAA")


def _json(client, participant, **data):
    response = client.post(
        reverse("dataprotection:extract", args=[participant.pk]),
        {"file_format": "json", **data},
    )
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_every_section_has_rows_for_a_participant_with_data_in_every_app(client, full, manager):
    client.force_login(manager)
    data = _json(client, full, include_restricted="on", reason="Deltagaren begärde allt")
    assert data["format"] == "stegvis-registerutdrag"
    assert set(data["sections"]) == {s.key for s in SECTIONS}
    empty = [key for key, section in data["sections"].items() if not section["rows"]]
    assert not empty, f"Sections without rows: {empty}"
    assert data["restricted_data"] == {"exists": True, "included": True}
    screening = data["sections"]["violence_screenings"]["rows"][0]
    assert screening["note"].startswith(SECRET)


def test_values_are_stored_values_with_a_legend(client, full, coach, manager):
    client.force_login(manager)
    data = _json(client, full)
    person = data["sections"]["participant"]["rows"][0]
    assert person["first_name"] == "HelaAAA"
    assert person["gender"] == "man"
    columns = data["sections"]["participant"]["columns"]
    assert columns["gender"]["label"] == "kön"
    assert columns["gender"]["choices"]["man"] == "Man"
    assert columns["unit"]["refers_to"] == "accounts.Unit"
    assert data["references"]["accounts.Unit"][str(full.unit_id)]["name"] == str(full.unit)
    answers = data["sections"]["answers"]
    assert answers["columns"]["assessment"]["refers_to"] == "assessments"
    assessment_ids = {row["id"] for row in data["sections"]["assessments"]["rows"]}
    assert {row["assessment"] for row in answers["rows"]} <= assessment_ids
    consent = data["sections"]["consents"]
    assert consent["rows"][0]["agencies"] == ["employment_service"]
    assert consent["columns"]["agencies"]["choices"]["employment_service"] == "Arbetsförmedlingen"
    coach_entry = data["references"]["accounts.User"][str(coach.pk)]
    assert coach_entry["name"] == "Cecilia Coach"
    assert coach_entry["roles"] == [f"Handledare, {full.unit}"]
    assert "token_hash" not in data["sections"]["self_rating_invitations"]["rows"][0]
    assert "rows" in data["legend"]


def test_the_access_log_says_who_did_what_and_when(client, full, coach, manager):
    client.force_login(manager)
    data = _json(client, full)
    log = data["sections"]["access_log"]
    assert set(log["columns"]) == {"id", "at", "actor", "action", "what"}
    actors = {row["actor"] for row in log["rows"]}
    assert {coach.pk, manager.pk} <= actors
    # The extract itself is in the log it gives out.
    assert any(
        row["action"] == "export" and row["what"] == "registerutdrag (JSON)" for row in log["rows"]
    )
    assert all("ip_address" not in row for row in log["rows"])
    assert all("hash" not in row for row in log["rows"])
    # List pages that showed the participant among others are in the log too.
    listed = data["sections"]["access_log_lists"]
    assert listed["columns"]["event"]["refers_to"] == "access_log"
    list_events = {row["event"] for row in listed["rows"]}
    assert list_events
    assert {row["action"] for row in log["rows"] if row["id"] in list_events} == {"view_list"}


def test_another_participants_data_never_appears(client, unit, coach, manager, full):
    other = make_participant_with_everything(unit=unit, coach=coach, manager=manager, tag="ZZZ")
    client.force_login(manager)
    text = json.dumps(_json(client, full, include_restricted="on", reason="begäran"))
    assert "AAA" in text
    assert "ZZZ" not in text
    assert other.first_name not in text
    ids = {
        (key, row["id"])
        for key, section in json.loads(text)["sections"].items()
        for row in section["rows"]
    }
    assert ("participant", other.pk) not in ids
    other_lists = set(other.listed_in_access_events.values_list("pk", flat=True))
    assert not {pk for key, pk in ids if key == "access_log_lists"} & other_lists


def test_restricted_data_is_left_out_without_a_decision_and_says_so(client, full, manager):
    client.force_login(manager)
    data = _json(client, full)
    assert data["restricted_data"] == {"exists": True, "included": False}
    section = data["sections"]["violence_screenings"]
    assert section["restricted"] is True
    assert section["included"] is False
    assert section["rows"] == []
    assert SECRET not in json.dumps(data)
    assert not AccessEvent.objects.filter(
        participant=full, action=AccessEvent.Action.VIEW_RESTRICTED
    ).exists()


def test_including_restricted_data_needs_a_reason_and_is_logged(client, full, manager):
    client.force_login(manager)
    url = reverse("dataprotection:extract", args=[full.pk])
    response = client.post(url, {"file_format": "json", "include_restricted": "on", "reason": " "})
    assert response.status_code == 400
    assert "Skriv varför de skyddade uppgifterna ska med" in response.content.decode()
    assert not AccessEvent.objects.filter(
        participant=full, action=AccessEvent.Action.EXPORT, what__startswith="registerutdrag"
    ).exists()
    _json(client, full, include_restricted="on", reason="Deltagaren begärde utdrag")
    restricted = AccessEvent.objects.get(
        participant=full, action=AccessEvent.Action.VIEW_RESTRICTED, actor=manager
    )
    assert restricted.what == "registerutdrag med skyddade uppgifter: Deltagaren begärde utdrag"
    export = AccessEvent.objects.get(
        participant=full, action=AccessEvent.Action.EXPORT, what__startswith="registerutdrag"
    )
    assert export.what == (
        "registerutdrag (JSON) med skyddade uppgifter: Deltagaren begärde utdrag"
    )


def test_the_coach_makes_an_extract_but_cannot_include_restricted_data(client, full, coach):
    client.force_login(coach)
    page = client.get(reverse("dataprotection:extract", args=[full.pk]))
    assert page.status_code == 200
    assert 'name="include_restricted"' not in page.content.decode()
    data = _json(client, full, include_restricted="on", reason="försök")
    assert data["restricted_data"] == {"exists": True, "included": False}
    assert SECRET not in json.dumps(data)
    assert AccessEvent.objects.filter(
        participant=full,
        actor=coach,
        action=AccessEvent.Action.EXPORT,
        what="registerutdrag (JSON)",
    ).exists()


def test_a_coach_who_is_not_responsible_may_not(client, unit, full):
    colleague = make_user(Role.COACH, unit)
    client.force_login(colleague)
    url = reverse("dataprotection:extract", args=[full.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file_format": "json"}).status_code == 403
    assert not AccessEvent.objects.filter(
        action=AccessEvent.Action.EXPORT, what__startswith="registerutdrag"
    ).exists()


def test_another_organisation_gets_404_and_nothing_is_logged(client, full):
    outsider = make_user(Role.MANAGER, UnitFactory())
    client.force_login(outsider)
    url = reverse("dataprotection:extract", args=[full.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"file_format": "pdf"}).status_code == 404
    assert not AccessEvent.objects.filter(actor=outsider).exists()


def test_the_pdf_is_plain_swedish_and_logged(client, full, manager):
    from io import BytesIO

    from pypdf import PdfReader

    client.force_login(manager)
    response = client.post(
        reverse("dataprotection:extract", args=[full.pk]), {"file_format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Registerutdrag" in text
    assert "HelaAAA ResanAAA" in text
    assert "Vem har läst eller ändrat dina uppgifter" in text
    assert "Sammanfattning AAA" in text
    assert "Maja Chef" in text
    assert "Det finns skyddade uppgifter om dig" in text
    assert SECRET not in text
    assert AccessEvent.objects.filter(
        participant=full, action=AccessEvent.Action.EXPORT, what="registerutdrag (PDF)"
    ).exists()


def _count_build(django_assert_max_num_queries, participant, actor, limit):
    with django_assert_max_num_queries(limit):
        extract = register_extract_build(
            actor=actor, participant=participant, include_restricted=True
        )
        register_extract_as_json(extract)
    return extract


def test_a_fixed_number_of_queries_whatever_the_amount_of_data(
    django_assert_max_num_queries, unit, coach, manager, full
):
    from assessments.tests.factories import make_assessment

    little = make_participant(coach=coach)
    # One per section, one per many-to-many column (target groups, a plan row's
    # activities), one per kind of referenced record, the users' roles, the organisation.
    limit = len(SECTIONS) + 2 + len(REFERENCES) + 2
    _count_build(django_assert_max_num_queries, little, manager, limit)
    _count_build(django_assert_max_num_queries, full, manager, limit)
    for day in range(10, 20):
        make_assessment(coach=coach, participant=full, on=datetime.date(2026, 6, day))
    extract = _count_build(django_assert_max_num_queries, full, manager, limit)
    assert len(extract.section("assessments").rows) == 12
    assert len(extract.section("answers").rows) == 12 * 6
    assert len(extract.section("access_log").rows) > 30
