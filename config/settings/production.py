"""Settings for a real deployment: PostgreSQL, HTTPS, secrets from the environment."""

from .base import *  # noqa: F403
from .base import LOGGING, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: refuse to start without one
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Password links must not end up in a log: a deployment sends mail through SMTP (a local
# relay unless EMAIL_URL names another).
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# /healthz and /readyz answer over plain HTTP too (a load balancer's probe to gunicorn).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
# WhiteNoise right after SecurityMiddleware (it serves static files when nginx does not).
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE = [
    *MIDDLEWARE[: _security + 1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_security + 1 :],
]

# nginx (deploy/nginx/stegvis.conf) sets X-Real-IP to the client's address.
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", default="HTTP_X_REAL_IP")

# JSON lines with one line per request, for journald and a log collector.
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "text"
LOGGING["loggers"]["stegvis.request"]["level"] = (
    "INFO" if env.bool("REQUEST_LOG", default=True) else "WARNING"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Two-factor authentication is required for password sign-ins unless turned off.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)

# Where collectstatic writes the files that nginx serves (deploy/nginx/stegvis.conf).
STATIC_ROOT = env.path("STATIC_ROOT", default=str(STATIC_ROOT))  # noqa: F405
