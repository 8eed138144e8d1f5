"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                                  coach manager admin analyst outsider anonymous security
    "accounts:user_create":            (403,  403,    200,  403,    403,     "login"),
    "accounts:user_detail":            (403,  403,    200,  403,    403,     "login"),
    "accounts:user_edit":              (403,  403,    200,  403,    403,     "login"),
    "accounts:user_deactivate":        (403,  403,    302,  403,    403,     "login"),
    "accounts:user_reactivate":        (403,  403,    302,  403,    403,     "login"),
    "accounts:user_unlock":            (403,  403,    302,  403,    403,     "login"),
    "accounts:user_password_link":     (403,  403,    302,  403,    403,     "login"),
    "accounts:account":                (200,  200,    200,  200,    200,     "login", 200),
    "accounts:sign_out_everywhere":    (302,  302,    302,  302,    302,     "login", 302),
    "accounts:password_change":        (200,  200,    200,  200,    200,     "login", 200),
    "accounts:password_reset":         (200,  200,    200,  200,    200,     200, 200),
    "accounts:password_reset_done":    (200,  200,    200,  200,    200,     200, 200),
    "accounts:password_reset_confirm": (200,  200,    200,  200,    200,     200, 200),
    "accounts:password_reset_complete": (200, 200,    200,  200,    200,     200, 200),
}
# fmt: on

METHOD = {
    "accounts:user_deactivate": "post",
    "accounts:user_reactivate": "post",
    "accounts:user_unlock": "post",
    "accounts:user_password_link": "post",
    "accounts:sign_out_everywhere": "post",
}


def url_kwargs(actors, converters) -> dict:
    kwargs = {}
    if "user_id" in converters:
        if "member" not in actors:
            from accounts.models import Role
            from accounts.tests.factories import make_user

            coach = actors["coach"]
            unit = coach.memberships.get().unit
            actors["member"] = make_user(Role.COACH, unit, email="member@example.se")
        kwargs["user_id"] = actors["member"].pk
    if "uidb64" in converters:
        kwargs.update(uidb64="MQ", token="a-guessed-token")
    return kwargs
