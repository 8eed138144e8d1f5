"""Settings shared by every environment; values come from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "core",
    "accounts",
    "audit",
    "participants",
    "instruments",
    "assessments",
    "activities",
    "plans",
    "printouts",
    "selfrating",
    "figures",
    "journey",
    "referrals",
    "intake",
    "mapping",
    "matching",
    "worktraining",
    "employment",
    "groupactivities",
    "logreview",
    "dataprotection",
    "retention",
    "csp",
    "pgtrigger",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.middleware.SwedishByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "core.middleware.RuleErrorMiddleware",
    "selfrating.middleware.KioskMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database must serve a small unit where several people save at once.
    # WAL lets readers go on while one writes; writers queue for up to SQLITE_TIMEOUT
    # seconds instead of failing; IMMEDIATE transactions take the write lock when they
    # begin, so a transaction that read first cannot fail on upgrading its lock
    # ("database is locked"), which no timeout helps with.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The session ends after this many seconds without activity.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "selfrating.logging.MaskTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "loggers": {
        name: {"filters": ["mask_tokens"]}
        for name in ("django.request", "django.server", "django.security", "django_ratelimit")
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Rate limits (django-ratelimit) count in the default cache. One process on one machine
# can use the local-memory cache; several gunicorn workers need a shared one (Redis,
# Memcached or the database cache), set through CACHE_URL.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
SILENCED_SYSTEM_CHECKS = env.list(
    "SILENCED_SYSTEM_CHECKS", default=["django_ratelimit.E003", "django_ratelimit.W001"]
)
RATELIMIT_VIEW = "selfrating.views.rate_limited"

# No inline scripts anywhere; inline styles only where the PDF templates need them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Hours per week that count as full time in work training (the schedule steps up to it).
FULL_TIME_HOURS = env.int("FULL_TIME_HOURS", default=40)

# Thresholds of the method that an installation may change.
STEGVIS = {
    "ASSESSMENT_INTERVAL_WEEKS": env.int("ASSESSMENT_INTERVAL_WEEKS", default=13),
    "LOW_SCORE_THRESHOLD": 3,
    "ACTIVITY_GAP_DAYS": env.int("ACTIVITY_GAP_DAYS", default=14),
    "SUPPRESSION_THRESHOLD": env.int("SUPPRESSION_THRESHOLD", default=5),
    "INVITATION_DAYS": env.int("INVITATION_DAYS", default=7),
}

# Log review (logguppföljning, HSLF-FS 2016:40 4 kap. 9 §): the flags' thresholds and how
# often a review is due. The flags are defined in docs/adr/0014-log-review.md.
LOG_REVIEW = {
    # Access after a case was closed: days after the closing day that still count as
    # the case's own wind-down (letters, the final documentation).
    "AFTER_CLOSE_GRACE_DAYS": env.int("LOG_REVIEW_AFTER_CLOSE_GRACE_DAYS", default=30),
    # Many participants read by one user: more than this many distinct participants …
    "MANY_PARTICIPANTS": env.int("LOG_REVIEW_MANY_PARTICIPANTS", default=30),
    # … within this many minutes.
    "MANY_PARTICIPANTS_MINUTES": env.int("LOG_REVIEW_MANY_PARTICIPANTS_MINUTES", default=60),
    # A review is due this many months after the end of the last reviewed period.
    "INTERVAL_MONTHS": env.int("LOG_REVIEW_INTERVAL_MONTHS", default=1),
    # Rows per page on the search and flag pages, and the most rows one export holds.
    "PAGE_SIZE": 50,
    "EXPORT_MAX_ROWS": env.int("LOG_REVIEW_EXPORT_MAX_ROWS", default=100_000),
}
