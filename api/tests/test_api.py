"""What the API does with the records: the pages' scoping, rules, conflict checks and
access log; nothing restricted in any answer; the figures with the pages' suppression."""

import json

import pytest

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.models import ParticipantActivity
from api.tests.factories import bearer, make_integration
from api.tests.world import make_world
from assessments.models import Assessment
from audit.models import AccessEvent
from audit.verify import log_chains_verify
from participants.models import Participant
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db

BASE = "/api/v1/participants"


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def manager_key(world):
    return make_integration(Role.MANAGER, world.unit, name="Procapita")


def _post(client, url, data, key, method="post"):
    return getattr(client, method)(
        url, json.dumps(data), content_type="application/json", **bearer(key)
    )


def test_every_read_is_in_the_access_log_naming_the_integration(client, world, manager_key):
    integration, key = manager_key
    before = AccessEvent.objects.count()
    p = world.participant.pk
    for path in ("/", "/periods/", "/assessments/", "/activities/", "/plans/"):
        assert client.get(f"{BASE}/{p}{path}", **bearer(key)).status_code == 200
    events = list(AccessEvent.objects.order_by("id")[before:])
    assert len(events) == 5
    for event in events:
        assert event.participant_id == p
        assert event.actor_id == integration.user_id
        assert event.integration == f"Procapita (#{integration.pk})"
        assert event.what.startswith("API: ")
    # The list names every participant it showed.
    client.get(f"{BASE}/", **bearer(key))
    listed = AccessEvent.objects.order_by("-id").first()
    assert listed.action == AccessEvent.Action.VIEW_LIST
    assert list(listed.listed.values_list("participant_id", flat=True)) == [p]
    assert listed.integration == integration.label
    # The rows with the integration's name are chained like every other.
    assert log_chains_verify().ok


def test_nothing_restricted_is_ever_answered(client, world, manager_key):
    _, key = manager_key
    p, a = world.participant.pk, world.assessment.pk
    for path in (f"/{p}/assessments/", f"/{p}/assessments/{a}/"):
        body = client.get(f"{BASE}{path}", **bearer(key)).content.decode()
        assert "SKYDDAD-ANTECKNING" not in body
        assert "violence" not in body
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_RESTRICTED).exists()


def test_restricted_answers_are_not_accepted_either(client, world, manager_key):
    _, key = manager_key
    response = _post(
        client,
        f"{BASE}/{world.participant.pk}/assessments/",
        _card(world, assessed_on="2026-03-01") | {"violence_asked": "yes"},
        key,
    )
    assert response.status_code == 201
    assert not hasattr(Assessment.objects.get(pk=response.json()["id"]), "violence_screening")


def test_another_organisations_records_are_404(client, world, manager_key):
    _, key = manager_key
    other = world.other_participant.pk
    for path in (
        f"/{other}/",
        f"/{other}/assessments/",
        f"/{other}/assessments/{world.other_assessment.pk}/",
        f"/{world.participant.pk}/assessments/{world.other_assessment.pk}/",
        f"/{world.participant.pk}/activities/{world.other_activity.pk}/",
        f"/{world.participant.pk}/plans/{world.other_plan.pk}/",
    ):
        assert client.get(f"{BASE}{path}", **bearer(key)).status_code == 404, path


def test_a_coach_key_sees_its_own_unit_only(client, world):
    sibling = UnitFactory(organisation=world.unit.organisation)
    elsewhere = make_participant(coach=make_user(Role.COACH, sibling))
    _, key = make_integration(Role.COACH, world.unit)
    ids = [row["id"] for row in client.get(f"{BASE}/", **bearer(key)).json()["results"]]
    assert ids == [world.participant.pk]
    assert client.get(f"{BASE}/{elsewhere.pk}/", **bearer(key)).status_code == 404


def _new_participant(world, **extra):
    return {
        "first_name": "Ada",
        "last_name": "Andersson",
        "gender": "woman",
        "unit": world.unit.pk,
        "coach": world.coach.pk,
        "started_on": "2026-11-01",
        "referral_source": "social_services",
    } | extra


def test_a_participant_is_registered_as_on_the_page(client, world, manager_key):
    integration, key = manager_key
    response = _post(
        client, f"{BASE}/", _new_participant(world, personal_identity_number="19900101-0017"), key
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["coach"] == world.coach.pk
    assert body["birth_year"] == 1990  # from the personal identity number, as on the page
    assert body["personal_identity_number"] != "199001010017"  # masked
    created = Participant.objects.get(pk=body["id"])
    assert created.periods.get().created_by == integration.user
    event = AccessEvent.objects.filter(participant=created).latest("id")
    assert (event.action, event.integration) == ("create", integration.label)


def test_the_pages_rules_refuse_bad_input_field_by_field(client, world, manager_key):
    _, key = manager_key
    other_coach = make_user(Role.COACH, UnitFactory(organisation=world.unit.organisation))
    response = _post(
        client,
        f"{BASE}/",
        _new_participant(world, coach=other_coach.pk, started_on="2099-01-01", birth_year=1850),
        key,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"coach", "started_on", "birth_year"}
    assert "framtiden" in errors["started_on"][0]
    assert Participant.objects.count() == 2  # nothing saved


def test_a_type_error_is_said_at_the_field(client, world, manager_key):
    _, key = manager_key
    response = _post(client, f"{BASE}/", _new_participant(world, unit="en"), key)
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]


def test_a_change_on_an_old_version_is_a_conflict_and_saves_nothing(client, world, manager_key):
    _, key = manager_key
    url = f"{BASE}/{world.participant.pk}/"
    first = _post(client, url, {"version": 1, "first_name": "Berit"}, key, method="patch")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = _post(client, url, {"version": 1, "first_name": "Cecilia"}, key, method="patch")
    assert second.status_code == 409
    assert Participant.objects.get(pk=world.participant.pk).first_name == "Berit"


def _card(world, assessed_on="2026-02-01", **extra):
    codes = list(
        world.assessment.version.questions.filter(kind="scale").values_list("code", flat=True)
    )
    return {
        "instrument": "smail",
        "assessed_on": assessed_on,
        "answers": dict.fromkeys(codes, "3") | {codes[0]: "declined"},
    } | extra


def test_a_second_assessment_the_same_day_asks_for_confirmation(client, world, manager_key):
    _, key = manager_key
    url = f"{BASE}/{world.participant.pk}/assessments/"
    count = Assessment.objects.count()
    refused = _post(client, url, _card(world), key)  # the world's assessment is on 2026-02-01
    assert refused.status_code == 400
    assert "same_day_confirmed" in refused.json()["errors"]
    assert Assessment.objects.count() == count
    confirmed = _post(client, url, _card(world, same_day_confirmed=True), key)
    assert confirmed.status_code == 201, confirmed.content
    answers = {a["question"]: a for a in confirmed.json()["answers"]}
    assert answers["q1"]["declined"] is True


def test_an_unknown_question_or_level_is_refused(client, world, manager_key):
    _, key = manager_key
    url = f"{BASE}/{world.participant.pk}/assessments/"
    card = _card(world, assessed_on="2026-03-02")
    card["answers"]["q2"] = "7"
    response = _post(client, url, card, key)
    assert response.status_code == 400
    assert "answers.q2" in response.json()["errors"]
    card = _card(world, assessed_on="2026-03-02")
    card["answers"]["nope"] = "3"
    assert _post(client, url, card, key).status_code == 400
    assert _post(client, url, _card(world, instrument="xyz"), key).status_code == 400


def test_an_activity_is_added_and_changed_with_the_conflict_check(client, world, manager_key):
    _, key = manager_key
    url = f"{BASE}/{world.participant.pk}/activities/"
    added = _post(
        client,
        url,
        {"name": "Praktik", "kind": "job_focused", "start_date": "2026-03-01", "status": "ongoing"},
        key,
    )
    assert added.status_code == 201, added.content
    activity = added.json()
    change = {"start_date": "2026-03-01", "status": "finished", "version": activity["version"]}
    missing_end = _post(client, f"{url}{activity['id']}/", change, key, method="put")
    assert missing_end.status_code == 400
    assert "end_date" in missing_end.json()["errors"]
    change["end_date"] = "2026-04-01"
    done = _post(client, f"{url}{activity['id']}/", change, key, method="put")
    assert done.status_code == 200
    stale = _post(client, f"{url}{activity['id']}/", change, key, method="put")
    assert stale.status_code == 409
    assert ParticipantActivity.objects.get(pk=activity["id"]).version == activity["version"] + 1


def test_keys_without_a_case_role_do_not_reach_participants(client, world):
    _, key = make_integration(Role.COUNTY_ANALYST, organisation=world.unit.organisation)
    assert client.get(f"{BASE}/", **bearer(key)).status_code == 403
    assert client.get(f"{BASE}/{world.participant.pk}/", **bearer(key)).status_code == 403


def test_the_figures_are_the_pages_with_its_suppression(client, world, manager_key):
    integration, key = manager_key
    response = client.get("/api/v1/figures/?date_from=2026-01-01&date_to=2026-12-31", **bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["suppression_threshold"] == 5
    active = next(r for r in body["rows"] if r["row"] == "Aktiva")
    # One participant: under the threshold, hidden, never a number.
    assert (active["hidden"], active["value"], active["text"]) == (True, None, "dold")
    event = AccessEvent.objects.latest("id")
    assert (event.action, event.integration) == ("export", integration.label)
    assert event.participant_id is None


def test_the_figures_show_numbers_from_enough_people(client, world, manager_key):
    _, key = manager_key
    for _ in range(5):
        make_participant(coach=world.coach)
    rows = client.get(
        "/api/v1/figures/?date_from=2026-01-01&date_to=2026-12-31", **bearer(key)
    ).json()["rows"]
    active = next(r for r in rows if r["row"] == "Aktiva")
    assert (active["hidden"], active["value"]) == (False, 6.0)


def test_the_figures_refuse_a_bad_period(client, world, manager_key):
    _, key = manager_key
    response = client.get("/api/v1/figures/?date_from=2026-12-31&date_to=2026-01-01", **bearer(key))
    assert response.status_code == 400
    assert "date_to" in response.json()["errors"]


def test_a_county_analyst_key_reads_the_county_and_a_coach_key_no_figures(client, world):
    _, analyst = make_integration(Role.COUNTY_ANALYST, organisation=world.unit.organisation)
    assert client.get("/api/v1/figures/", **bearer(analyst)).status_code == 200
    _, coach = make_integration(Role.COACH, world.unit)
    assert client.get("/api/v1/figures/", **bearer(coach)).status_code == 403


def test_an_unknown_api_address_answers_in_json(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_list_makes_no_query_per_participant(
    client, world, manager_key, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, key = manager_key

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{BASE}/", **bearer(key)).status_code == 200
        return len(captured)

    queries()  # the first call also notes that the key was used
    one = queries()
    for _ in range(4):
        make_participant(coach=world.coach)
    assert queries() == one


def test_the_figures_as_csv_for_excel(client, world, manager_key):
    _, key = manager_key
    response = client.get(
        "/api/v1/figures/?date_from=2026-01-01&date_to=2026-12-31&format=csv", **bearer(key)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "section;table;row;column;kind;value;text;hidden"
    assert any(";Aktiva;" in line and line.endswith(";dold;True") for line in lines)
    refused = client.get(
        "/api/v1/figures/?date_from=2026-12-31&date_to=2026-01-01",
        HTTP_ACCEPT="text/csv",
        **bearer(key),
    )
    assert refused.status_code == 400
    assert refused.content.decode("utf-8-sig").startswith("date_to;")
