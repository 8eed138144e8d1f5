"""Rows of the project's authorization matrix (core/tests/test_authorization.py) for the
API's addresses, and the API's own matrix by key (TOKEN_MATRIX, api/tests/test_token_matrix.py).

With a session (a person signed in on the pages) the API answers 401 to everyone: it
takes keys only. Its schema and documentation are public: they hold no data."""

import datetime

from django.utils import timezone

from api.services import integration_issue

# fmt: off
MATRIX = {
    #                      coach manager admin analyst outsider anonymous security
    "api:keys":            (403,  403,    200,  403,    403,     "login"),
    "api:key_revoke":      (403,  403,    302,  403,    403,     "login"),
    "api:schema":          (200,  200,    200,  200,    200,     200,     200),
    "api:docs":            (200,  200,    200,  200,    200,     200,     200),
    "api:participants":    (401,  401,    401,  401,    401,     401,     401),
    "api:participant":     (401,  401,    401,  401,    401,     401,     401),
    "api:periods":         (401,  401,    401,  401,    401,     401,     401),
    "api:assessments":     (401,  401,    401,  401,    401,     401,     401),
    "api:assessment":      (401,  401,    401,  401,    401,     401,     401),
    "api:activities":      (401,  401,    401,  401,    401,     401,     401),
    "api:activity":        (401,  401,    401,  401,    401,     401,     401),
    "api:plans":           (401,  401,    401,  401,    401,     401,     401),
    "api:plan":            (401,  401,    401,  401,    401,     401,     401),
    "api:figures":         (401,  401,    401,  401,    401,     401,     401),
}
# fmt: on

METHOD = {"api:key_revoke": "post"}


def url_kwargs(actors, converters):
    if "integration_id" not in converters:
        return {}
    integration, _ = integration_issue(
        actor=actors["administrator"],
        name="Matrisen",
        role="manager",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return {"integration_id": integration.pk}


# The API by key ----------------------------------------------------------------------
#
# Keys: a coach and a manager of the participant's unit, a manager of the whole
# organisation, a county analyst, a coach of another organisation (the outsider: the
# participant is another organisation's record to it), a revoked key and no key.
KEYS = ("coach", "manager", "manager_org", "county_analyst", "outsider", "revoked", "none")

# Every operation of the generated schema, by (method, path): the status for each key.
# A participant's records are 404 to another organisation; a valid write succeeds.
# fmt: off
P = "/api/v1/participants/{participant_id}"
TOKEN_MATRIX = {
    # In the order of KEYS: coach, manager, manager_org, county_analyst, outsider, revoked, none.
    ("GET", "/api/v1/participants/"):                (200, 200, 200, 403, 200, 401, 401),
    ("POST", "/api/v1/participants/"):               (201, 201, 201, 403, 400, 401, 401),
    ("GET", f"{P}/"):                                (200, 200, 200, 403, 404, 401, 401),
    ("PATCH", f"{P}/"):                              (200, 200, 200, 403, 404, 401, 401),
    ("GET", f"{P}/periods/"):                        (200, 200, 200, 403, 404, 401, 401),
    ("GET", f"{P}/assessments/"):                    (200, 200, 200, 403, 404, 401, 401),
    ("POST", f"{P}/assessments/"):                   (201, 201, 201, 403, 404, 401, 401),
    ("GET", f"{P}/assessments/{{assessment_id}}/"):  (200, 200, 200, 403, 404, 401, 401),
    ("GET", f"{P}/activities/"):                     (200, 200, 200, 403, 404, 401, 401),
    ("POST", f"{P}/activities/"):                    (201, 201, 201, 403, 404, 401, 401),
    ("GET", f"{P}/activities/{{activity_id}}/"):     (200, 200, 200, 403, 404, 401, 401),
    ("PUT", f"{P}/activities/{{activity_id}}/"):     (200, 200, 200, 403, 404, 401, 401),
    ("GET", f"{P}/plans/"):                          (200, 200, 200, 403, 404, 401, 401),
    ("GET", f"{P}/plans/{{plan_id}}/"):              (200, 200, 200, 403, 404, 401, 401),
    ("GET", "/api/v1/figures/"):                     (403, 200, 200, 200, 403, 401, 401),
}
# fmt: on
