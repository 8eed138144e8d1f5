"""Integration keys: issued by an administrator, bound to an organisation and a role,
stored as a hash only, expiring, revocable, limited per key; each issue and revocation
in the security log."""

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from api.models import Integration
from api.services import integration_revoke
from api.tests.factories import bearer, make_integration
from audit.models import SecurityEvent
from core.exceptions import RuleError
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db

PARTICIPANTS = "/api/v1/participants/"


@pytest.fixture
def unit():
    return UnitFactory()


def test_the_key_is_stored_only_as_its_sha256(unit):
    integration, key = make_integration(Role.MANAGER, unit)
    integration.refresh_from_db()
    assert integration.token_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(value) for value in Integration.objects.values_list().get()]
    assert key not in stored
    assert integration.token_prefix == key[:12]


def test_a_key_reads_the_organisation_it_was_issued_for(client, unit):
    coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach)
    make_participant(coach=make_user(Role.COACH, UnitFactory()))  # another organisation
    _, key = make_integration(Role.MANAGER, unit)
    response = client.get(PARTICIPANTS, **bearer(key))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [participant.pk]


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer stegvis_guessed", "Bearer a b", "Basic dXNlcjpwYXNz"],
)
def test_without_a_valid_key_the_answer_is_401(client, unit, header):
    make_integration(Role.MANAGER, unit)
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(PARTICIPANTS, **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["detail"].startswith(("Ange", "Nyckeln"))  # in Swedish


def test_a_signed_in_person_does_not_reach_the_api_with_the_session(client, unit):
    client.force_login(make_user(Role.MANAGER, unit))
    assert client.get(PARTICIPANTS).status_code == 401


def test_an_expired_key_is_refused(client, unit):
    integration, key = make_integration(Role.MANAGER, unit)
    Integration.objects.filter(pk=integration.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(PARTICIPANTS, **bearer(key)).status_code == 401


def test_a_revoked_key_is_refused_and_its_account_deactivated(client, unit):
    integration, key = make_integration(Role.MANAGER, unit)
    assert client.get(PARTICIPANTS, **bearer(key)).status_code == 200
    administrator = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    integration_revoke(actor=administrator, integration=integration)
    assert client.get(PARTICIPANTS, **bearer(key)).status_code == 401
    integration.user.refresh_from_db()
    assert not integration.user.is_active


def test_issuing_and_revoking_are_in_the_security_log(unit):
    integration, _ = make_integration(Role.COACH, unit, name="Procapita")
    administrator = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    integration_revoke(actor=administrator, integration=integration)
    events = list(
        SecurityEvent.objects.filter(user=integration.user)
        .order_by("id")
        .values_list("kind", "detail")
    )
    assert [kind for kind, _ in events] == ["integration_issued", "integration_revoked"]
    assert events[0][1].startswith(f"Procapita (#{integration.pk}): Handledare, {unit.name}")


def test_the_service_account_cannot_sign_in_and_is_nobodys_coach(client, unit):
    integration, _ = make_integration(Role.COACH, unit)
    assert not integration.user.has_usable_password()
    from accounts.selectors import coach_list

    manager = make_user(Role.MANAGER, unit)
    assert integration.user not in coach_list(actor=manager)


@pytest.mark.parametrize(
    ("role", "with_unit", "field"),
    [
        (Role.COACH, False, "unit"),
        (Role.COUNTY_ANALYST, True, "unit"),
        (Role.ADMINISTRATOR, False, "role"),
    ],
)
def test_a_role_and_unit_that_do_not_go_together_are_refused(unit, role, with_unit, field):
    with pytest.raises(RuleError) as refused:
        make_integration(role, unit if with_unit else None, organisation=unit.organisation)
    assert field in refused.value.errors
    assert not Integration.objects.exists()


def test_a_unit_of_another_organisation_is_refused(unit):
    administrator = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    from api.services import integration_issue

    with pytest.raises(RuleError) as refused:
        integration_issue(
            actor=administrator,
            name="x",
            role=Role.COACH,
            unit=UnitFactory(),
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert "unit" in refused.value.errors


@override_settings(API_RATE_LIMIT="3/min")
def test_calls_are_limited_per_key(client, unit):
    cache.clear()
    _, first = make_integration(Role.MANAGER, unit, name="A")
    _, second = make_integration(Role.MANAGER, unit, name="B")
    responses = [client.get(PARTICIPANTS, **bearer(first)) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1].json()["detail"].startswith("För många anrop med nyckeln.")
    assert int(responses[-1]["Retry-After"]) > 0
    # Another key has its own count.
    assert client.get(PARTICIPANTS, **bearer(second)).status_code == 200
    cache.clear()


# The administrator's page -----------------------------------------------------------


def test_the_administrator_issues_a_key_shown_once(client, unit):
    administrator = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    client.force_login(administrator)
    response = client.post(
        "/organisation/api-nycklar/",
        {"name": "Power BI", "role": "manager", "unit": "", "expires_on": "2099-12-31"},
    )
    assert response.status_code == 200
    key = response.context["key"]
    assert key.startswith("stegvis_")
    assert key in response.content.decode()
    integration = Integration.objects.get()
    assert (integration.name, integration.role, integration.unit) == ("Power BI", "manager", None)
    assert integration.created_by == administrator
    # The list shows the key's beginning only, never the key again.
    listed = client.get("/organisation/api-nycklar/").content.decode()
    assert "Power BI" in listed
    assert key not in listed
    assert client.get(PARTICIPANTS, **bearer(key)).status_code == 200


def test_bad_input_is_said_at_the_field_and_nothing_is_issued(client, unit):
    client.force_login(make_user(Role.ADMINISTRATOR, organisation=unit.organisation))
    response = client.post(
        "/organisation/api-nycklar/",
        {"name": "Procapita", "role": "coach", "unit": "", "expires_on": "2000-01-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "unit" in errors
    assert "expires_on" in errors
    assert 'value="Procapita"' in response.content.decode()
    assert not Integration.objects.exists()


def test_the_administrator_revokes_a_key(client, unit):
    integration, key = make_integration(Role.MANAGER, unit)
    administrator = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    client.force_login(administrator)
    response = client.post(f"/organisation/api-nycklar/{integration.pk}/aterkalla/")
    assert response.status_code == 302
    integration.refresh_from_db()
    assert integration.revoked_by == administrator
    assert client.get(PARTICIPANTS, **bearer(key)).status_code == 401


def test_another_organisations_key_is_a_404(client, unit):
    integration, _ = make_integration(Role.MANAGER, unit)
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.post(f"/organisation/api-nycklar/{integration.pk}/aterkalla/")
    assert response.status_code == 404
    integration.refresh_from_db()
    assert integration.revoked_at is None
