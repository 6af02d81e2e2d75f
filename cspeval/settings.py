"""cspeval settings: one module, every knob an environment variable.

Local defaults are safe (SQLite, in-process jobs, DEBUG on); production sets
DJANGO_DEBUG=false and must then give DJANGO_SECRET_KEY. A malformed value raises
ImproperlyConfigured naming the variable. `.env.example` lists every variable.
"""

import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_decimal(name: str, default: str) -> Decimal:
    raw = os.environ.get(name, default)
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "django-insecure-local-development-only-key-not-for-production-use-0001"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "providers",
    "assessments",
    "commitments",
    "compare",
    "notifications",
    "accounts",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cspeval.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "providers.context_processors.navigation",
            ],
        },
    },
    {
        # Only templates/assessments/_question.html, through the `question_items` tag: Django's engine
        # took 5 to 10 ms more server CPU for the 40 questions of a scorecard page (bench/README.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "cspeval.jinja.environment"},
    },
]

WSGI_APPLICATION = "cspeval.wsgi.application"

# --- Database: SQLite file when DATABASE_URL is unset ---------------------------------
_database_url = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
except Exception as exc:  # dj-database-url raises several kinds
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Bounded waits on PostgreSQL (RELIABILITY.md): a row lock, a statement or a transaction left idle
# (a client lost to a partition holds its locks until this ends it) never waits without limit.
# Set per session by libpq's `options` at connect; a worker's statement limit is its own (celery.py).
DB_LOCK_TIMEOUT_MS = env_int("DB_LOCK_TIMEOUT_MS", 5000, minimum=1)
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 30000, minimum=1)
DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = env_int("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 60000, minimum=1)
DB_CONNECT_TIMEOUT_SECONDS = env_int("DB_CONNECT_TIMEOUT_SECONDS", 5, minimum=2)  # libpq's own minimum is 2
# A peer that vanished (packets dropped) is noticed by TCP keepalives on an idle connection and by
# tcp_user_timeout when what was sent is never acknowledged; a server that is merely busy still answers both.
DB_KEEPALIVES_IDLE_SECONDS = env_int("DB_KEEPALIVES_IDLE_SECONDS", 10, minimum=1)
DB_KEEPALIVES_INTERVAL_SECONDS = env_int("DB_KEEPALIVES_INTERVAL_SECONDS", 5, minimum=1)
DB_KEEPALIVES_COUNT = env_int("DB_KEEPALIVES_COUNT", 3, minimum=1)
DB_TCP_USER_TIMEOUT_MS = env_int("DB_TCP_USER_TIMEOUT_MS", 15000, minimum=1000)
if DB_LOCK_TIMEOUT_MS >= DB_STATEMENT_TIMEOUT_MS:
    raise ImproperlyConfigured(
        f"DB_LOCK_TIMEOUT_MS ({DB_LOCK_TIMEOUT_MS}) must be less than DB_STATEMENT_TIMEOUT_MS ({DB_STATEMENT_TIMEOUT_MS})."
    )
if IS_POSTGRES:
    _pg = DATABASES["default"].setdefault("OPTIONS", {})
    _pg.update(
        connect_timeout=DB_CONNECT_TIMEOUT_SECONDS,
        keepalives=1,
        keepalives_idle=DB_KEEPALIVES_IDLE_SECONDS,
        keepalives_interval=DB_KEEPALIVES_INTERVAL_SECONDS,
        keepalives_count=DB_KEEPALIVES_COUNT,
        tcp_user_timeout=DB_TCP_USER_TIMEOUT_MS,
    )
    # after any `?options=` of DATABASE_URL (for a repeated -c the last counts); cspeval/celery.py
    # swaps the statement limit in a worker
    _pg["options"] = " ".join(
        filter(
            None,
            [
                _pg.get("options", ""),
                f"-c lock_timeout={DB_LOCK_TIMEOUT_MS}",
                f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
                f"-c idle_in_transaction_session_timeout={DB_IDLE_IN_TRANSACTION_TIMEOUT_MS}",
                # JIT compiling costs 50 to 200 ms per statement the planner deems expensive; the
                # recompute statements it picked run in less than that without it
                "-c jit=off",
            ],
        )
    )
else:
    # IMMEDIATE: a transaction takes the write lock when it begins, so two writers of one row wait
    # their turn (the second then sees the first's change: 409) instead of both reading and one
    # failing to upgrade its lock ("database is locked", a 500).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation: British English ---------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English (UK)")]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files: npm assets are copied into assets/vendor by scripts/vendor.mjs -----
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "assets"]
_manifest = env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 60 * 60 * 12, minimum=60)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# django-axes: lock a username + IP pair after repeated failures, for a finite time.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address behind DJANGO_BEHIND_PROXY: the entry the trusted proxies added to X-Forwarded-For
# (DJANGO_TRUSTED_PROXY_COUNT of them, counted from the right); without a proxy, REMOTE_ADDR only.
_trusted_proxy_count = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1, minimum=1)
TRUSTED_PROXY_COUNT = _trusted_proxy_count if env_bool("DJANGO_BEHIND_PROXY", False) else 0
AXES_CLIENT_IP_CALLABLE = "accounts.request_ip.client_ip"

# --- API tokens: they expire, and end at sign-out and at a password change (accounts/) ------------
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30, minimum=1)
if API_TOKEN_TTL_DAYS > 3650:
    raise ImproperlyConfigured(f"API_TOKEN_TTL_DAYS must be at most 3650 (ten years), not {API_TOKEN_TTL_DAYS}.")
API_TOKEN_THROTTLE_RATE = env_str("API_TOKEN_THROTTLE_RATE", "10/minute").strip()
if not re.fullmatch(r"[1-9][0-9]{0,6}/(s|sec|second|m|min|minute|h|hour|d|day)", API_TOKEN_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_TOKEN_THROTTLE_RATE must be requests per period, such as 10/minute, not {API_TOKEN_THROTTLE_RATE!r}."
    )

# --- Forms and pages -----------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "cspeval.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cspeval API",
    "DESCRIPTION": "Evaluate indirect CSP providers and the commitments made to them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cspeval.api_schema.add_error_responses",
    ],
}

# --- Background jobs: eager in-process when no broker is configured -----------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "cspeval")
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 30)
# Celery's Django fix-up closes every database connection around each job unless this is set, and
# a new PostgreSQL backend per job costs more than most jobs (13 ms against 5 ms for one
# scorecard). With it set, cspeval/celery.py drops only the connections that are broken or past
# DATABASE_CONN_MAX_AGE around each job, as Django does around each request.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000, minimum=1)
# A worker's statement limit (cspeval/celery.py sets it in `celery worker` processes): a fleet batch
# may need longer than a request, but a statement must end below the soft time limit, since no
# signal interrupts a wait inside libpq; the task then retries it.
DB_WORKER_STATEMENT_TIMEOUT_MS = env_int(
    "DB_WORKER_STATEMENT_TIMEOUT_MS", min(120000, CELERY_TASK_SOFT_TIME_LIMIT * 500), minimum=1
)
if DB_WORKER_STATEMENT_TIMEOUT_MS >= CELERY_TASK_SOFT_TIME_LIMIT * 1000:
    raise ImproperlyConfigured(
        f"DB_WORKER_STATEMENT_TIMEOUT_MS ({DB_WORKER_STATEMENT_TIMEOUT_MS}) must be less than the tasks' soft time"
        f" limit ({CELERY_TASK_SOFT_TIME_LIMIT} s, CELERY_TASK_TIME_LIMIT less 30)."
    )
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "max_retries": 1,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# A periodic sweep recomputes whatever is still dirty (see assessments/tasks.py).
RECOMPUTE_SWEEP_SECONDS = env_int("RECOMPUTE_SWEEP_SECONDS", 30, minimum=1)
RECOMPUTE_SWEEP_GRACE_SECONDS = env_int("RECOMPUTE_SWEEP_GRACE_SECONDS", 5, minimum=0)
RECOMPUTE_COALESCE_SECONDS = env_decimal("RECOMPUTE_COALESCE_SECONDS", "1.0")
REDIS_URL = env_str("REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")

# --- Product rules --------------------------------------------------------------------------
AGGREGATE_MIN_SCORECARDS = env_int("AGGREGATE_MIN_SCORECARDS", 3, minimum=1)

# --- E-mail: console by default ---------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cspeval <noreply@cspeval.example>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
