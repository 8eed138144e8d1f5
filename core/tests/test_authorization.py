"""Every URL of the project against every role, an outsider and an anonymous visitor.

A new URL pattern without an entry in EXPECTED fails this test, so the matrix
grows with the product. An app may keep its own rows in ``<app>/tests/url_matrix.py``:
``MATRIX`` (same columns), optionally ``METHOD`` and ``url_kwargs(actors, converters)``
that adds the keyword arguments its own URLs' converters need (it may create records for
the participant in ``actors``).

The security officer is the seventh column. A row with six entries expects 403 for them:
the role reaches the log review and nothing else (no participant pages, no administration),
so a new page is closed to them unless its row says otherwise.
"""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.tests.factories import make_activity, make_catalogue_item
from assessments.tests.factories import card, make_assessment
from participants.tests.factories import make_participant
from plans.tests.factories import make_plan
from selfrating.services import invitation_create

pytestmark = pytest.mark.django_db

ROLES = (
    "coach",
    "manager",
    "administrator",
    "county_analyst",
    "outsider",
    "anonymous",
    "security_officer",
)
LOGIN = "login"  # a redirect to the login page

# Status per role, in the order of ROLES. Coach and manager work in the participant's
# unit; the outsider is a coach in another organisation; the security officer is in the
# participant's organisation (seventh column, 403 when left out).
# fmt: off
MATRIX = {
    #                                    coach manager admin analyst outsider anonymous security
    "home":                              (302,  302,    302,  302,    302,     LOGIN, 302),
    "set_language":                      (302,  302,    302,  302,    302,     302,   302),
    "accounts:login":                    (302,  302,    302,  302,    302,     200,   302),
    "accounts:logout":                   (302,  302,    302,  302,    302,     302,   302),
    "accounts:organisation_overview":    (403,  403,    200,  403,    403,     LOGIN),
    "figures:manager":                   (403,  200,    403,  403,    403,     LOGIN),
    "figures:county":                    (403,  403,    403,  200,    403,     LOGIN),
    "participants:caseload":             (200,  200,    403,  403,    200,     LOGIN),
    "participants:list":                 (200,  200,    403,  403,    200,     LOGIN),
    "participants:create":               (200,  200,    403,  403,    200,     LOGIN),
    "participants:detail":               (200,  200,    403,  403,    404,     LOGIN),
    "participants:edit":                 (200,  200,    403,  403,    404,     LOGIN),
    "participants:close":                (200,  200,    403,  403,    404,     LOGIN),
    "participants:coach_change":         (200,  200,    403,  403,    404,     LOGIN),
    "participants:reenrol":              (200,  200,    403,  403,    404,     LOGIN),
    "participants:access_log":           (403,  200,    403,  403,    404,     LOGIN),
    "assessments:create":                (200,  200,    403,  403,    404,     LOGIN),
    "assessments:detail":                (200,  200,    403,  403,    404,     LOGIN),
    "assessments:edit":                  (200,  200,    403,  403,    404,     LOGIN),
    "assessments:delete":                (200,  200,    403,  403,    404,     LOGIN),
    # The matrix's assessment was made with the coach: its review redirects to it.
    "assessments:review":                (302,  302,    403,  403,    404,     LOGIN),
    "activities:catalogue":              (200,  200,    200,  403,    200,     LOGIN),
    "activities:catalogue_create":       (403,  200,    200,  403,    403,     LOGIN),
    "activities:catalogue_edit":         (403,  200,    200,  403,    403,     LOGIN),
    "activities:activity_create":        (200,  200,    403,  403,    404,     LOGIN),
    "activities:activity_edit":          (200,  200,    403,  403,    404,     LOGIN),
    "plans:plan":                        (200,  200,    403,  403,    404,     LOGIN),
    "plans:edit":                        (200,  200,    403,  403,    404,     LOGIN),
    "plans:version":                     (200,  200,    403,  403,    404,     LOGIN),
    "printouts:plan":                    (200,  200,    403,  403,    404,     LOGIN),
    "printouts:plan_pdf":                (200,  200,    403,  403,    404,     LOGIN),
    "printouts:materials":               (200,  200,    200,  403,    200,     LOGIN),
    "printouts:blank_card":              (200,  200,    200,  403,    200,     LOGIN),
    "printouts:blank_plan":              (200,  200,    200,  403,    200,     LOGIN),
    "printouts:thanks":                  (200,  200,    200,  403,    200,     LOGIN),
    "selfrating:open":                   (404,  404,    404,  404,    404,     404,   404),
    "selfrating:start":                  (404,  404,    404,  404,    404,     404,   404),
    "selfrating:step":                   (404,  404,    404,  404,    404,     404,   404),
    "selfrating:review":                 (404,  404,    404,  404,    404,     404,   404),
    "selfrating:submit":                 (404,  404,    404,  404,    404,     404,   404),
    "selfrating:thanks":                 (404,  404,    404,  404,    404,     404,   404),
    "selfrating:language":               (404,  404,    404,  404,    404,     404,   404),
    "selfrating:kiosk_exit":             (403,  403,    403,  403,    403,     403),
    "selfrating:invitations":            (200,  200,    403,  403,    404,     LOGIN),
    "selfrating:revoke":                 (302,  302,    403,  403,    404,     LOGIN),
    "instruments:list":                  (403,  403,    200,  403,    403,     LOGIN),
    "instruments:detail":                (403,  403,    200,  403,    403,     LOGIN),
    "instruments:edit":                  (403,  403,    302,  403,    403,     LOGIN),
    "instruments:new":                   (403,  403,    302,  403,    403,     LOGIN),
    "instruments:publish":               (403,  403,    302,  403,    403,     LOGIN),
    "instruments:choose":                (403,  403,    302,  403,    403,     LOGIN),
}
# fmt: on

# Which requests are sent: logout and set_language only accept POST.
METHOD = {
    "accounts:logout": "post",
    "set_language": "post",
    "instruments:new": "post",
    "selfrating:submit": "post",
    "selfrating:language": "post",
    "selfrating:revoke": "post",
    "instruments:publish": "post",
    "instruments:choose": "post",
}

APP_MATRICES = [
    importlib.import_module(f"{path.parent.parent.name}.tests.url_matrix")
    for path in sorted(Path(settings.BASE_DIR).glob("*/tests/url_matrix.py"))
]
for _module in APP_MATRICES:
    MATRIX.update(_module.MATRIX)
    METHOD.update(getattr(_module, "METHOD", {}))
EXPECTED = {
    name: dict(zip(ROLES, row if len(row) == len(ROLES) else (*row, 403), strict=True))
    for name, row in MATRIX.items()
}


def _url_names(resolver=None, namespace="", converters=None):
    """(name, converters) of every URL, with those of the includes around it."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    for pattern in resolver.url_patterns:
        # A regular expression's named groups count as converters too.
        named_groups = dict.fromkeys(pattern.pattern.regex.groupindex)
        here = {**converters, **named_groups, **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, ns, here)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            yield f"{namespace}{pattern.name}", here


def test_every_url_has_an_expectation():
    missing = {name for name, _ in _url_names()} - set(EXPECTED)
    assert not missing, f"Add these URLs to EXPECTED: {sorted(missing)}"


@pytest.fixture
def actors():
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    outsider = make_user(Role.COACH, UnitFactory())
    participant = make_participant(coach=coach)
    assessment = make_assessment(coach=coach, participant=participant)
    item = make_catalogue_item(organisation=unit.organisation)
    activity = make_activity(coach=coach, participant=participant, item=item)
    return {
        "participant": participant,
        "assessment": assessment,
        "catalogue_item": item,
        "activity": activity,
        "plan": make_plan(coach=coach, participant=participant, assessment=assessment),
        "invitation": invitation_create(actor=coach, participant=participant, version=card("bip"))[
            0
        ],
        "version": card("smail"),
        "coach": coach,
        "manager": make_user(Role.MANAGER, unit),
        "administrator": make_user(Role.ADMINISTRATOR, organisation=unit.organisation),
        "county_analyst": make_user(Role.COUNTY_ANALYST),
        "security_officer": make_user(Role.SECURITY_OFFICER, organisation=unit.organisation),
        "outsider": outsider,
        "anonymous": None,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected(client, actors, role):
    failures = []
    for name, converters in _url_names():
        kwargs = {}
        if "participant_id" in converters:
            kwargs["participant_id"] = actors["participant"].pk
        if "assessment_id" in converters:
            kwargs["assessment_id"] = actors["assessment"].pk
        if "item_id" in converters:
            kwargs["item_id"] = actors["catalogue_item"].pk
        if "activity_id" in converters:
            kwargs["activity_id"] = actors["activity"].pk
        if "plan_id" in converters:
            kwargs["plan_id"] = actors["plan"].pk
        if "token" in converters:
            kwargs["token"] = "a-guessed-token"
        if "number" in converters:
            kwargs["number"] = 1
        if "invitation_id" in converters:
            kwargs["invitation_id"] = actors["invitation"].pk
        if "version_id" in converters:
            kwargs["version_id"] = actors["version"].pk
        # An app's url_kwargs fills in its own URLs only, so two apps may use the same
        # converter name (intake's and mapping's meeting_id) for different records.
        for module in APP_MATRICES:
            if name in module.MATRIX and hasattr(module, "url_kwargs"):
                kwargs.update(module.url_kwargs(actors, converters))
        kwargs = {key: value for key, value in kwargs.items() if key in converters}
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
