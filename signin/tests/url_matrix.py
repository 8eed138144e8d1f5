"""Rows of the project's authorization matrix (core/tests/test_authorization.py).

allauth's pages that change two-factor sign-in first ask a user who has not just signed
in to confirm their password (302 to "Bekräfta att det är du"), also for another user's
security key (a 404 after that, see signin/tests); pages about TOTP or recovery codes a
user does not have are 404; the SSO pages answer 404 when no identity provider is set.
"""

# fmt: off
MATRIX = {
    #                                 coach manager admin analyst outsider anonymous security
    "account_login":                  (302,  302,    302,  302,    302,     200, 302),
    "account_logout":                 (302,  302,    302,  302,    302,     302, 302),
    "account_inactive":               (200,  200,    200,  200,    200,     200, 200),
    "account_reauthenticate":         (200,  200,    200,  200,    200,     "login", 200),
    "mfa_index":                      (200,  200,    200,  200,    200,     "login", 200),
    "mfa_authenticate":               (302,  302,    302,  302,    302,     "login", 302),
    "mfa_reauthenticate":             (302,  302,    302,  302,    302,     "login", 302),
    "mfa_activate_totp":              (302,  302,    302,  302,    302,     "login", 302),
    "mfa_deactivate_totp":            (404,  404,    404,  404,    404,     "login", 404),
    "mfa_view_recovery_codes":        (404,  404,    404,  404,    404,     "login", 404),
    "mfa_generate_recovery_codes":    (302,  302,    302,  302,    302,     "login", 302),
    "mfa_download_recovery_codes":    (404,  404,    404,  404,    404,     "login", 404),
    "mfa_add_webauthn":               (302,  302,    302,  302,    302,     "login", 302),
    "mfa_list_webauthn":              (200,  200,    200,  200,    200,     "login", 200),
    "mfa_reauthenticate_webauthn":    (302,  302,    302,  302,    302,     "login", 302),
    "mfa_edit_webauthn":              (302,  302,    302,  302,    302,     "login", 302),
    "mfa_remove_webauthn":            (302,  302,    302,  302,    302,     "login", 302),
    "socialaccount_login_cancelled":  (200,  200,    200,  200,    200,     200, 200),
    "socialaccount_login_error":      (401,  401,    401,  401,    401,     401, 401),
    "socialaccount_signup":           (403,  403,    403,  403,    403,     403, 403),
    "openid_connect_login":           (404,  404,    404,  404,    404,     404, 404),
    "openid_connect_callback":        (404,  404,    404,  404,    404,     404, 404),
}
# fmt: on

METHOD = {"account_logout": "post"}


def url_kwargs(actors, converters) -> dict:
    kwargs = {}
    if "provider_id" in converters:
        kwargs["provider_id"] = "sso"
    if "pk" in converters:
        if "security_key" not in actors:
            from allauth.mfa.models import Authenticator

            actors["security_key"] = Authenticator.objects.create(
                user=actors["coach"], type=Authenticator.Type.WEBAUTHN, data={"name": "Nyckel"}
            )
        kwargs["pk"] = actors["security_key"].pk
    return kwargs
