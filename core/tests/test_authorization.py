"""Every URL of the project against every role, an outsider and an anonymous visitor.

A new URL pattern without an entry in EXPECTED fails this test, so the matrix
grows with the product.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db

ROLES = ("coach", "manager", "administrator", "county_analyst", "outsider", "anonymous")
LOGIN = "login"  # a redirect to the login page

# status per role: coach and manager work in the participant's unit; the outsider is a
# coach in another organisation.
EXPECTED = {
    "home": {
        "coach": 302,
        "manager": 302,
        "administrator": 302,
        "county_analyst": 302,
        "outsider": 302,
        "anonymous": LOGIN,
    },
    "set_language": {
        "coach": 302,
        "manager": 302,
        "administrator": 302,
        "county_analyst": 302,
        "outsider": 302,
        "anonymous": 302,
    },
    "accounts:login": {
        "coach": 302,
        "manager": 302,
        "administrator": 302,
        "county_analyst": 302,
        "outsider": 302,
        "anonymous": 200,
    },
    "accounts:logout": {
        "coach": 302,
        "manager": 302,
        "administrator": 302,
        "county_analyst": 302,
        "outsider": 302,
        "anonymous": 302,
    },
    "accounts:organisation_overview": {
        "coach": 403,
        "manager": 403,
        "administrator": 200,
        "county_analyst": 403,
        "outsider": 403,
        "anonymous": LOGIN,
    },
    "accounts:county_overview": {
        "coach": 403,
        "manager": 403,
        "administrator": 403,
        "county_analyst": 200,
        "outsider": 403,
        "anonymous": LOGIN,
    },
    "participants:caseload": {
        "coach": 200,
        "manager": 200,
        "administrator": 403,
        "county_analyst": 403,
        "outsider": 200,
        "anonymous": LOGIN,
    },
    "participants:list": {
        "coach": 200,
        "manager": 200,
        "administrator": 403,
        "county_analyst": 403,
        "outsider": 200,
        "anonymous": LOGIN,
    },
    "participants:create": {
        "coach": 200,
        "manager": 200,
        "administrator": 403,
        "county_analyst": 403,
        "outsider": 200,
        "anonymous": LOGIN,
    },
}
PARTICIPANT_PAGE = {
    "coach": 200,
    "manager": 200,
    "administrator": 403,
    "county_analyst": 403,
    "outsider": 404,
    "anonymous": LOGIN,
}
for name in ("detail", "edit", "close", "coach_change"):
    EXPECTED[f"participants:{name}"] = PARTICIPANT_PAGE
# Re-enrolment is for closed participants: an active one is refused by the service on POST,
# the form itself may be shown.
EXPECTED["participants:reenrol"] = PARTICIPANT_PAGE
EXPECTED["participants:access_log"] = dict(PARTICIPANT_PAGE, coach=403)

# Which requests are sent: logout and set_language only accept POST.
METHOD = {"accounts:logout": "post", "set_language": "post"}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            yield f"{namespace}{pattern.name}", pattern


def test_every_url_has_an_expectation():
    missing = {name for name, _ in _url_names()} - set(EXPECTED)
    assert not missing, f"Add these URLs to EXPECTED: {sorted(missing)}"


@pytest.fixture
def actors():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    outsider = make_user(Role.COACH, UnitFactory())
    return {
        "participant": make_participant(coach=coach),
        "coach": coach,
        "manager": make_user(Role.MANAGER, unit),
        "administrator": make_user(Role.ADMINISTRATOR, organisation=unit.organisation),
        "county_analyst": make_user(Role.COUNTY_ANALYST),
        "outsider": outsider,
        "anonymous": None,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected(client, actors, role):
    failures = []
    for name, pattern in _url_names():
        kwargs = {}
        if "participant_id" in pattern.pattern.converters:
            kwargs["participant_id"] = actors["participant"].pk
        url = reverse(name, kwargs=kwargs)
        client.logout()
        if actors[role] is not None:
            client.force_login(actors[role])
        response = getattr(client, METHOD.get(name, "get"))(url)
        expected = EXPECTED[name][role]
        if expected == LOGIN:
            ok = response.status_code == 302 and reverse("accounts:login") in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{name} as {role}: got {response.status_code}, expected {expected}")
    assert not failures, "\n".join(failures)
