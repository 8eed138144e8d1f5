"""Settings for the test suite (SQLite by default, PostgreSQL when DATABASE_URL is set)."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env.str("DATABASE_URL", default=""):
    DATABASES["default"]["TEST"] = {"NAME": "stegvis_test"}  # noqa: F405

# The whole suite signs in from 127.0.0.1 many times a minute: no per-address limit here.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}

# Figures computed on every request: a test changes the data between two pages, and
# the local-memory cache outlives each test's database. The cache is tested with its
# own setting (figures/tests/test_figures_cache.py).
FIGURES_CACHE_SECONDS = 0

# Tasks run when they are queued, in the test's own transaction and process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Background exports' files in a directory of the test run's own.
EXPORT_DIR = tempfile.mkdtemp(prefix="stegvis-test-exports-")

# The API's own tests (and Schemathesis) call it many times a minute; the limit itself is
# tested with its own setting.
API_RATE_LIMIT = "100000/min"

# Blank forms made during the run, in a directory of its own.
BLANK_FORMS_DIR = tempfile.mkdtemp(prefix="stegvis-test-blank-forms-")
