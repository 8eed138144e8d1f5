"""Settings shared by every environment; values come from the environment."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# accounts comes first so that its createsuperuser (which applies the password rules
# also with --noinput) replaces django.contrib.auth's.
INSTALLED_APPS = [
    "accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "core",
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
    "downloads",
    "imports",
    # The REST API for integrations (ADR 0023). Django REST framework is used but not
    # installed as an app: its Swedish catalogue would replace Django's own Swedish for
    # the forms' messages ("Detta fält måste fyllas i."), which it translates differently.
    "api",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The fictional demo data (`manage.py demo_data`); no other app imports it.
    "demo",
    # signin before allauth: its templates replace allauth's.
    "signin",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "csp",
    "pgtrigger",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer before redirects, sessions and logs (core/health.py).
    "core.health.HealthMiddleware",
    # The client's address behind nginx, then the request id and one log line per request.
    "core.requestlog.ClientAddressMiddleware",
    "core.requestlog.RequestIdMiddleware",
    "core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRefreshMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.middleware.SwedishByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The figures' and log review's reads on the replica, when there is one (core/replica.py).
    "core.replica.ReplicaReadsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "signin.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "core.middleware.RuleErrorMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    "selfrating.middleware.KioskMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout response.
    "axes.middleware.AxesMiddleware",
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
                "signin.context_processors.sign_in",
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
# Behind PgBouncer in transaction pooling (docs/scaling.md): each transaction may run on
# another server connection, so no server-side cursors (they live across transactions).
# Django's psycopg 3 backend binds parameters on the client and prepares no statements;
# the code takes only transaction-scoped advisory locks and uses no LISTEN/NOTIFY.
DATABASE_TRANSACTION_POOLING = env.bool("DATABASE_TRANSACTION_POOLING", default=False)
# Seconds a connection is kept between requests (0: one per request); checked before reuse.
DATABASE_CONN_MAX_AGE = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A streaming replica (pg_basebackup -R) for the figures, the exports and the log review
# (core/replica.py); empty: everything on the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    # Not a database of its own in tests: the primary's, as on a real replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = DATABASE_CONN_MAX_AGE
    _database["CONN_HEALTH_CHECKS"] = DATABASE_CONN_MAX_AGE > 0
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLING
# Reads fall back to the primary when the replica lags more than this many seconds, and
# the replica's state is checked at most this often in each process.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=2.0)
# A selection's figures (the manager's and the county's pages, their exports and the
# API's figures) are kept this many seconds in the default cache and then computed
# anew; 0: computed on every request (figures.views._figures).
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes first: it refuses an attempt on a locked account or address before any
# password is checked.
# allauth's backend is Django's ModelBackend (inactive users cannot sign in) that also
# understands allauth's credentials.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Brute-force protection (accounts/lockout.py, ADR 0012). After AXES_FAILURE_LIMIT failed
# attempts for one account, or LOCKOUT_ADDRESS_FAILURE_LIMIT from one address, further
# attempts are refused for LOCKOUT_BASE_PERIOD, doubled for each further lock within
# LOCKOUT_MEMORY, at most LOCKOUT_MAX_PERIOD.
AXES_FAILURE_LIMIT = env.int("LOCKOUT_ACCOUNT_FAILURE_LIMIT", default=5)
LOCKOUT_ADDRESS_FAILURE_LIMIT = env.int("LOCKOUT_ADDRESS_FAILURE_LIMIT", default=20)
LOCKOUT_BASE_PERIOD = timedelta(minutes=env.int("LOCKOUT_BASE_MINUTES", default=15))
LOCKOUT_MAX_PERIOD = timedelta(hours=env.int("LOCKOUT_MAX_HOURS", default=24))
LOCKOUT_MEMORY = timedelta(hours=env.int("LOCKOUT_MEMORY_HOURS", default=24))
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Attempts refused during a lock do not prolong it: the period is what the growth says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The security log records sign-ins; axes' own log of them would keep personal data
# without a retention rule.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Sign-in, two-factor and single sign-on: django-allauth (ADR 0011, docs/security/sign-in.md).
ACCOUNT_ADAPTER = "signin.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "signin.forms.LoginForm",
    "reauthenticate": "signin.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser, as before
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]  # no codes by e-mail
# Repeated failed sign-ins are counted and locked by django-axes (issue #12), not twice.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# Two-factor authentication. MFA_REQUIRED (production: on) sends every user who signed in
# with a password and has no authenticator to enrolment (signin.middleware).
MFA_ADAPTER = "signin.adapters.MfaAdapter"
MFA_FORMS = {
    "authenticate": "signin.forms.MfaAuthenticateForm",
    "reauthenticate": "signin.forms.MfaReauthenticateForm",
    "activate_totp": "signin.forms.ActivateTotpForm",
    "add_webauthn": "signin.forms.AddWebAuthnForm",
    "edit_webauthn": "signin.forms.EditWebAuthnForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Stegvis")
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)

# Single sign-on through the municipality's OpenID Connect identity provider. Without
# OIDC_SERVER_URL there is no SSO button. A person signs in through it only if an
# administrator has given their user the claim SSO_MATCH_CLAIM's value (User.sso_identifier).
OIDC_SERVER_URL = env("OIDC_SERVER_URL", default="")
SSO_MATCH_CLAIM = env("SSO_MATCH_CLAIM", default="sub")
SOCIALACCOUNT_ADAPTER = "signin.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sso",
                # The button's text is "Logga in med <name>"; empty: "Kommunens inloggning".
                "name": env("OIDC_PROVIDER_NAME", default=""),
                "client_id": env("OIDC_CLIENT_ID", default=""),
                "secret": env("OIDC_CLIENT_SECRET", default=""),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    "oauth_pkce_enabled": env.bool("OIDC_PKCE", default=True),
                    "scope": env.list("OIDC_SCOPES", default=["openid", "profile", "email"]),
                },
            }
        ]
        if OIDC_SERVER_URL
        else [],
    }
}

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
    # Django's common-password list and zxcvbn's breached-password list, with variants.
    {"NAME": "accounts.validators.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# E-mail (password links): EMAIL_URL such as smtp+tls://user:password@smtp.example.se:587
# (django-environ); the console by default, which only suits a developer's machine.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Stegvis <stegvis@localhost>")
# Participants' links by SMS: a class with send(number, text), e.g. your SMS gateway's
# backend; the console backend writes the message to standard output.
SMS_BACKEND = env("SMS_BACKEND", default="selfrating.sending.ConsoleSmsBackend")
# How long a link to choose a password stays valid (Django's default: 3 days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 60 * 60)

# The session ends after this many seconds without activity.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# ...and, however active, this many seconds after signing in (accounts.middleware).
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=12 * 60 * 60)
# The idle timeout slides with each request; the session is written again (a database
# write) at most once a minute for it (core.middleware.SessionRefreshMiddleware), not on
# every request.
SESSION_REFRESH_SECONDS = 60
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

# Logs go to standard error: JSON lines (one object per line, python-json-logger) when
# LOG_FORMAT is "json" (production's default), plain text otherwise. Every record carries
# the request id that nginx gave the request (core/requestlog.py); invitation tokens are
# masked in every line (core/logmask.py).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_tokens": {"()": "core.logmask.MaskTokensFilter"},
        "request_id": {"()": "core.requestlog.RequestIdFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC, like nginx's and gunicorn's lines
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "mask_tokens"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "loggers": {
        name: {"filters": ["mask_tokens"]}
        for name in ("django.request", "django.server", "django.security", "django_ratelimit")
    }
    # Failures and locks go to the security log (audit.SecurityEvent); axes' own
    # warnings would repeat each of them on the console.
    | {"axes": {"level": "ERROR"}}
    # One line per request (core/requestlog.py) when REQUEST_LOG is on.
    | {
        "stegvis.request": {
            "level": "INFO" if env.bool("REQUEST_LOG", default=False) else "WARNING"
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Rate limits (django-ratelimit) count in the default cache. One process on one machine
# can use the local-memory cache; several gunicorn workers need a shared one (Redis,
# Memcached or the database cache), set through CACHE_URL.
DATABASE_CACHE_MAX_ENTRIES = 100_000


def database_cache_sized(config: dict) -> dict:
    """The database cache with room for every live entry. Django's default of 300 is
    soon passed by a county's rate-limit counters; past it, each write removes a third
    of the entries, live ones too: a counter removed between django-ratelimit's add
    and incr refuses the request (a 429 to a participant's answer in the load bench),
    and a used two-factor code removed could be used again. Expired entries are removed
    first when the cache passes this size (CACHE_URL's ?max_entries= sets another)."""
    if config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
        config.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", DATABASE_CACHE_MAX_ENTRIES)
    return config


CACHES = {"default": database_cache_sized(env.cache("CACHE_URL", default="locmemcache://"))}
SILENCED_SYSTEM_CHECKS = env.list(
    "SILENCED_SYSTEM_CHECKS", default=["django_ratelimit.E003", "django_ratelimit.W001"]
)
RATELIMIT_VIEW = "selfrating.views.rate_limited"

# Behind a reverse proxy, the client's address is in a header the proxy sets (nginx:
# X-Real-IP, as META key HTTP_X_REAL_IP); it is taken only from requests that come from
# TRUSTED_PROXIES. Empty: REMOTE_ADDR is the client (no proxy).
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", default="")
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])

# /metrics (core/metrics.py) answers a scraper on this machine talking to gunicorn
# directly, or any that sends "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# What /readyz checks (core/health.py): each a function that raises when not ready.
READINESS_CHECKS = [
    "core.health.database",
    "core.health.migrations",
    "core.health.cache_reachable",
    "core.health.task_queue",
]
# /readyz fails when a background task has waited this long without a worker taking it.
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=60)

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

# The REST API for integrations (api/, ADR 0023): keys an administrator issues
# (Authorization: Bearer <key>), no sessions; its OpenAPI 3 schema is generated from the
# code and its documentation (Swagger UI) served from the installed package, no CDN.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.IntegrationKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.IntegrationRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stegvis API",
    "DESCRIPTION": (
        "Deltagare, inskrivningsperioder, skattningar, insatser, aktivitetsplaner och "
        "ledningens siffror för integrationer. Nyckeln utfärdas av en administratör under "
        "Organisation → API-nycklar och skickas som `Authorization: Bearer <nyckel>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to swagger.io's validator: nothing leaves the installation.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "activities.models.Kind",
        "FigureKindEnum": ["count", "percent", "mean", "days", "text"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.bound_path_ids",
    ],
}
# Calls per key, counted in the default cache (shared between workers in production).
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/min")
# How long a new key is valid unless the administrator chooses otherwise (days).
API_KEY_DEFAULT_DAYS = env.int("API_KEY_DEFAULT_DAYS", default=365)

# Thresholds of the method that an installation may change. Read them through
# core/method.py, which also applies an organisation's own value where it has one.
STEGVIS = {
    "ASSESSMENT_INTERVAL_WEEKS": env.int("ASSESSMENT_INTERVAL_WEEKS", default=13),
    "CADENCE_GRACE_DAYS": env.int("CADENCE_GRACE_DAYS", default=0),
    "LOW_SCORE_THRESHOLD": env.int("LOW_SCORE_THRESHOLD", default=3),
    "ACTIVITY_GAP_DAYS": env.int("ACTIVITY_GAP_DAYS", default=14),
    # Hours per week that count as full time in work training (the schedule steps up to it).
    "FULL_TIME_HOURS": env.int("FULL_TIME_HOURS", default=40),
    "SUPPRESSION_THRESHOLD": env.int("SUPPRESSION_THRESHOLD", default=5),
    # "What works" warns that a comparison rests on few people below this many.
    "FIGURES_FEW_PEOPLE": env.int("FIGURES_FEW_PEOPLE", default=20),
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

# Background work (long exports): django-tasks with its database backend, on the database
# the installation already has; `manage.py db_worker` runs the tasks (ADR 0021).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Where background exports keep their files, and for how long (hours) before removal.
EXPORT_DIR = env("EXPORT_DIR", default=str(BASE_DIR / "var" / "exports"))
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)
# Where the blank cards and plan forms (PDF) are kept once made (printouts/blank.py).
BLANK_FORMS_DIR = env("BLANK_FORMS_DIR", default=str(BASE_DIR / "var" / "blank-forms"))
# The largest spreadsheet a unit may upload to import its history (bytes).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
