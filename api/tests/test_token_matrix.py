"""Every operation of the API's generated schema, including the writes, against every
kind of key (api/tests/url_matrix.py TOKEN_MATRIX). An operation without a row fails."""

import json

import pytest
import yaml
from django.test import Client

from accounts.models import Role
from accounts.tests.factories import make_user
from api.services import integration_revoke
from api.tests.factories import bearer, make_integration
from api.tests.url_matrix import KEYS, TOKEN_MATRIX
from api.tests.world import make_world

pytestmark = pytest.mark.django_db


def _operations() -> set[tuple[str, str]]:
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_api_operation_has_a_row():
    assert _operations() == set(TOKEN_MATRIX)


def _keys(world) -> dict[str, str | None]:
    unit = world.unit
    revoked, revoked_key = make_integration(Role.MANAGER, unit, name="Återkallad")
    integration_revoke(
        actor=make_user(Role.ADMINISTRATOR, organisation=unit.organisation), integration=revoked
    )
    return {
        "coach": make_integration(Role.COACH, unit)[1],
        "manager": make_integration(Role.MANAGER, unit)[1],
        "manager_org": make_integration(Role.MANAGER, organisation=unit.organisation)[1],
        "county_analyst": make_integration(Role.COUNTY_ANALYST, organisation=unit.organisation)[1],
        "outsider": make_integration(Role.COACH, world.other_participant.unit)[1],
        "revoked": revoked_key,
        "none": None,
    }


def _body(method: str, path: str, world) -> dict | None:
    """A valid body for each write: what succeeds for a key that may make it."""
    if method == "POST" and path == "/api/v1/participants/":
        return {
            "first_name": "Matris",
            "last_name": "Testsson",
            "gender": "man",
            "unit": world.unit.pk,
            "coach": world.coach.pk,
            "started_on": "2026-11-02",
            "referral_source": "employment_service",
        }
    if method == "PATCH":
        return {"version": world.participant.version, "preferred_language": "arabiska"}
    if method == "POST" and path.endswith("/assessments/"):
        codes = world.assessment.version.questions.filter(kind="scale").values_list(
            "code", flat=True
        )
        return {
            "instrument": "smail",
            "assessed_on": "2026-03-01",
            "answers": dict.fromkeys(codes, "4"),
        }
    if method == "POST" and path.endswith("/activities/"):
        return {
            "name": "Jobbsökarverkstad",
            "kind": "job_focused",
            "start_date": "2026-03-01",
            "status": "planned",
        }
    if method == "PUT":
        return {"start_date": "2026-02-01", "status": "paused", "version": world.activity.version}
    return None


@pytest.mark.parametrize("key_name", KEYS)
def test_every_api_operation_answers_each_key_as_expected(client, key_name):
    failures = []
    # One organisation for all operations: each write is made once and changes nothing
    # another operation starts from (the participant's and the activity's versions are
    # read when the body is made; the new assessment is on a day of its own).
    world = make_world()
    key = _keys(world)[key_name]
    for (method, path), row in TOKEN_MATRIX.items():
        world.participant.refresh_from_db()
        world.activity.refresh_from_db()
        url = path.format(
            participant_id=world.participant.pk,
            assessment_id=world.assessment.pk,
            activity_id=world.activity.pk,
            plan_id=world.plan.pk,
        )
        body = _body(method, path, world)
        extra = bearer(key) if key else {}
        response = client.generic(
            method,
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            **extra,
        )
        expected = row[KEYS.index(key_name)]
        if response.status_code != expected:
            failures.append(
                f"{method} {path} with {key_name}: got {response.status_code}, "
                f"expected {expected}: {response.content[:200]!r}"
            )
    assert not failures, "\n".join(failures)
