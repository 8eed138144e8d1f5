"""Settings for a developer's machine and `make demo`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-only-insecure-key-not-for-production")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Security keys on http://127.0.0.1 or localhost while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=True)

# A change shows in the figures at once while trying the product out (a coach's new
# assessment, then the manager's page); production keeps a selection's figures a minute.
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=0)
