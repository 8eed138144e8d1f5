"""Schemathesis, a tool we did not write, against the API's own generated schema (issue
17 §3): every operation, with valid and invalid inputs it generates, called in-process
with an integration's key. No server error, and every response as the schema says
(status code, content type, body).

Path ids are sometimes the records of the key's organisation (so the operations are
tried on real records, not only on 404s), sometimes another organisation's, sometimes
what Schemathesis generated."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from api.tests.factories import make_integration
from api.tests.world import make_world

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded from the application in this process when the tests are collected: the schema
# view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    database="none",
)


@pytest.fixture(autouse=True)
def _one_connection():
    """Schemathesis calls the WSGI application itself, which closes the database
    connection at the end of each request (Django's request signals); the test's own
    transaction lives on that connection. Django's test client disconnects the same
    handlers for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def key(world):
    # A manager of the unit reaches every operation, the figures too.
    return make_integration(Role.MANAGER, world.unit)[1]


def _real_ids(case, world) -> None:
    """Point generated ids at real records for a share of the examples."""
    params = case.path_parameters
    if not params or not isinstance(params.get("participant_id"), int):
        return
    pick = params["participant_id"] % 3
    if pick == 0:
        return  # as generated: most often no such record
    mine = pick == 1
    records = {
        "participant_id": world.participant if mine else world.other_participant,
        "assessment_id": world.assessment if mine else world.other_assessment,
        "activity_id": world.activity if mine else world.other_activity,
        "plan_id": world.plan if mine else world.other_plan,
    }
    for name, record in records.items():
        if isinstance(params.get(name), int):
            params[name] = record.pk
    body = case.body if isinstance(case.body, dict) else {}
    if "unit" in body and mine:
        body["unit"] = world.unit.pk
    if "coach" in body and mine:
        body["coach"] = world.coach.pk


# The records are made once per operation and shared by its examples on purpose: they
# are what the generated calls read and (sometimes) change.
@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_answers_as_its_schema_says(case, world, key):
    _real_ids(case, world)
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
