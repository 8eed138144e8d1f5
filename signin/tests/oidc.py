"""A real OpenID Connect provider (the oidc-provider-mock package) on 127.0.0.1.

It serves discovery, authorization, token, userinfo and signed ID tokens like any
provider; its sign-in page lets the test choose the subject (`sub`) to authenticate.
"""

import contextlib
import threading

import oidc_provider_mock
import werkzeug.serving

CLIENT_ID = "stegvis-test"
CLIENT_SECRET = "stegvis-test-secret"


@contextlib.contextmanager
def oidc_provider(users=()):
    """Yields the provider's base URL; `users` are oidc_provider_mock.User with claims."""
    app = oidc_provider_mock.app(require_nonce=False, user_claims=users)
    app.wsgi_app.trusted_hosts.append("127.0.0.1")
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def provider_settings(server_url: str, name: str = "Testkommunens inloggning") -> dict:
    """SOCIALACCOUNT_PROVIDERS as config/settings/base.py builds it from the environment."""
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": name,
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": server_url,
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ]
        }
    }
