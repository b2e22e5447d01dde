"""Settings for the newsroom claim-review product.

Everything comes from the environment with safe defaults. The embedded default needs no
server: a SQLite file and Celery's filesystem broker under ``var/``. ``DATABASE_URL`` switches
to PostgreSQL, ``CELERY_BROKER_URL`` to Redis; the code is the same on both.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue
from whitenoise.compress import Compressor

from newsroom.cache import cache_settings
from newsroom.storage_config import StorageUrlError, storage_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "reviews.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: refuses an oversized request by its Content-Length alone.
    "reviews.web.limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the CSP middleware (its headers apply): the product's 404 page even with DEBUG on.
    "reviews.web.errors.ProductNotFoundMiddleware",
    # Last, as django-axes requires: turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "reviews.web.context.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that a real Celery worker process sees the test data too.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_newsroom.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve the dashboard on PostgreSQL; SQLite builds them without the
# extra columns, which is fine for the embedded default.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins (pages, admin, the API token endpoint) and locks the account out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: its password_changed() hook revokes the user's API tokens on every password change.
    {"NAME": "reviews.services.token_revocation.RevokeApiTokensOnPasswordChange"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = DEBUG
# Whitenoise's own list plus source maps: the API docs' bundles ship about 6 MB of .map files that only a
# developer's browser asks for; compressing them (brotli at its highest level) was most of collectstatic's CPU.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# Report files (reviews/storage.py): the filesystem under MEDIA_ROOT by default (one machine), or an
# S3-compatible object store every machine reaches: REPORTS_STORAGE_URL=s3://bucket[/prefix] with
# AWS_S3_ENDPOINT_URL (for a store other than AWS), AWS_S3_REGION_NAME and boto3's own credentials
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile or an instance role).
REPORTS_STORAGE_URL = env_str("REPORTS_STORAGE_URL", "")
# Downloads stream through the web process; with this on (S3 only) they redirect to a signed URL instead.
REPORTS_DOWNLOAD_REDIRECT = env_bool("REPORTS_DOWNLOAD_REDIRECT", False)
REPORTS_URL_EXPIRE_SECONDS = env_int("REPORTS_URL_EXPIRE_SECONDS", 300)
# Where a worker writes a report before storing it: local to each machine, never shared.
REPORTS_SCRATCH_DIR = Path(env_str("REPORTS_SCRATCH_DIR", str(VAR_DIR / "scratch")))
try:
    STORAGES["reports"] = storage_config(
        REPORTS_STORAGE_URL, env=dict(os.environ), url_expire_seconds=REPORTS_URL_EXPIRE_SECONDS
    )
except StorageUrlError as error:
    raise ImproperlyConfigured(str(error)) from None

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Security (secure defaults follow from DEBUG=0) ----------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP inside the network: /healthz answers there, not with a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp): everything from this origin only, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes): AXES_FAILURE_LIMIT failures for one username from one address
# lock that pair out for AXES_COOLOFF_MINUTES; a success resets the count.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout is not counted again: the lockout (and the per-account cool-off
# below) ends on time instead of being prolonged by whoever keeps trying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
# The client address, one rule for axes and the API throttles (newsroom/client_address.py): with
# NUM_PROXIES=0 (the default) only the socket address counts, since X-Forwarded-For is trivially
# forged; behind N proxies you run, the N-th address from the right of the header they append
# (AXES_IP_HEADERS names it: X-Forwarded-For unless set).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IP_HEADERS", ["REMOTE_ADDR"])
AXES_CLIENT_IP_CALLABLE = "newsroom.client_address.client_address"
AXES_VERBOSE = False
# Per account across addresses (reviews/services/login_limits.py): ACCOUNT_FAILURE_LIMIT failures for
# one username within the window, from any addresses, give it a short cool-off; addresses the user
# signed in from within ACCOUNT_KNOWN_ADDRESS_DAYS are exempt, so nobody can lock a known account out.
AXES_HANDLER = "reviews.axes_handler.NewsroomAxesHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
ACCOUNT_FAILURE_LIMIT = env_int("ACCOUNT_FAILURE_LIMIT", 20)
ACCOUNT_FAILURE_WINDOW = timedelta(minutes=env_int("ACCOUNT_FAILURE_WINDOW_MINUTES", 15))
ACCOUNT_COOLOFF = timedelta(minutes=env_int("ACCOUNT_COOLOFF_MINUTES", 5))
ACCOUNT_KNOWN_ADDRESS_DAYS = env_int("ACCOUNT_KNOWN_ADDRESS_DAYS", 30)

# Email: printed to the console unless EMAIL_HOST names an SMTP server (or EMAIL_BACKEND says otherwise).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "claim-review@localhost")

# --- Product settings -----------------------------------------------------------------
# An API token stops working this many days after it was issued or rotated, however it is used.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30)
ARTICLE_MAX_BYTES = env_int("ARTICLE_MAX_BYTES", 2 * 1024 * 1024)
# From this size up an article is stored at once (202, state "extracting") and extracted by a Celery
# task: extraction runs at about 2.8 s of CPU per MB here, so 700 KB is about 2 s in the request.
ARTICLE_ASYNC_MIN_BYTES = env_int("ARTICLE_ASYNC_MIN_BYTES", 700 * 1024)
# An article still "extracting" this long after it was stored lost its message (broker down at ingest,
# a purged queue): the beat task "sweep-stuck-extractions" sends it again (the task is idempotent).
ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS = env_int("ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS", 600)
# A saved web page (upload or URL) is refused over this size; its main text is then an article like any
# other (ARTICLE_MAX_BYTES applies to it). Pages carry templates, scripts and JSON: hence the larger limit.
WEBPAGE_MAX_BYTES = env_int("WEBPAGE_MAX_BYTES", 5 * 1024 * 1024)
# Fetching a page from its URL (reviews/services/webpages.py, through reviews/services/outbound.py): the
# whole exchange, redirects included, within this many seconds; at most this many redirects, each one
# checked like the first URL (0: a redirect is refused).
WEBPAGE_FETCH_TIMEOUT_SECONDS = float(env_str("WEBPAGE_FETCH_TIMEOUT_SECONDS", "10"))
WEBPAGE_FETCH_MAX_REDIRECTS = env_int("WEBPAGE_FETCH_MAX_REDIRECTS", 3)
# A page asked for by URL is fetched by a task (reviews.fetch_web_page); transient failures (timeouts,
# no answer, 5xx) are tried again with backoff up to this many attempts in all.
WEBPAGE_FETCH_MAX_ATTEMPTS = env_int("WEBPAGE_FETCH_MAX_ATTEMPTS", 4)
WEBPAGE_FETCH_RETRY_BASE_SECONDS = float(env_str("WEBPAGE_FETCH_RETRY_BASE_SECONDS", "10"))  # doubles, at most 5 min
_UPLOAD_MAX_BYTES = max(ARTICLE_MAX_BYTES, WEBPAGE_MAX_BYTES)
DATA_UPLOAD_MAX_MEMORY_SIZE = _UPLOAD_MAX_BYTES + 256 * 1024
# A request body larger than this is refused with 413 before a byte of it is read.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", _UPLOAD_MAX_BYTES + 256 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = _UPLOAD_MAX_BYTES + 256 * 1024
# JSON request bodies nesting arrays/objects deeper than this are refused (400) before they are parsed.
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
REVIEW_LEASE_MINUTES = env_int("REVIEW_LEASE_MINUTES", 10)
# While the reviewer is active on the claim page a heartbeat extends the lease, up to this long in all.
REVIEW_LEASE_MAX_HOLD_MINUTES = env_int("REVIEW_LEASE_MAX_HOLD_MINUTES", 60)
# How often (seconds) the claim page sends that heartbeat, when the reviewer was active since the last one.
REVIEW_HEARTBEAT_SECONDS = env_int("REVIEW_HEARTBEAT_SECONDS", 60)
REVIEW_MAX_LEASES_PER_REVIEWER = env_int("REVIEW_MAX_LEASES_PER_REVIEWER", 1)
# A hand-out first returns expired leases to the queue, at most this often per process (the beat
# task "release-expired-leases" sweeps every minute too). 0 sweeps on every hand-out.
REVIEW_SWEEP_INTERVAL_SECONDS = env_int("REVIEW_SWEEP_INTERVAL_SECONDS", 5)
# PostgreSQL: the hand-out's and the verdict's statements are prepared once per connection (parsed and
# planned once; reviews/services/statements.py). Turn off behind a pooler that cannot keep prepared
# statements (PgBouncer in transaction mode before 1.21, or with max_prepared_statements = 0).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)

# Claim matching (reviews/services/matching.py): after ingest a Celery task embeds each claim with
# MiniLM and links it to earlier claims at least this similar (cosine), keeping the best TOP_K.
CLAIM_MATCHING_ENABLED = env_bool("CLAIM_MATCHING_ENABLED", True)
CLAIM_MATCH_MIN_SIMILARITY = float(env_str("CLAIM_MATCH_MIN_SIMILARITY", "0.75"))
CLAIM_MATCH_TOP_K = env_int("CLAIM_MATCH_TOP_K", 5)
# The matching workers' approximate index (reviews/matching/index.py): a snapshot is written to this
# machine's folder, and to the reports storage when MATCHING_INDEX_SHARED, every SAVE_EVERY new vectors,
# so a restarted (or new) worker loads it and reads only the newer embeddings from the database.
MATCHING_INDEX_DIR = Path(env_str("MATCHING_INDEX_DIR", str(VAR_DIR / "matching-index")))
MATCHING_INDEX_SAVE_EVERY = env_int("MATCHING_INDEX_SAVE_EVERY", 10_000)
MATCHING_INDEX_SHARED = env_bool("MATCHING_INDEX_SHARED", True)
REPORT_STUCK_AFTER_MINUTES = env_int("REPORT_STUCK_AFTER_MINUTES", 15)
# A queued report whose message has not been picked up for this long is re-sent by the sweeper.
REPORT_STUCK_AFTER_SECONDS = env_int("REPORT_STUCK_AFTER_SECONDS", REPORT_STUCK_AFTER_MINUTES * 60)
# A running report writes a heartbeat at least every chunk (a few seconds); one silent for this long
# belongs to a dead worker and may be taken over by a redelivered or re-sent task.
REPORT_HEARTBEAT_STALE_SECONDS = env_int("REPORT_HEARTBEAT_STALE_SECONDS", 120)
REPORT_CHUNK_SIZE = env_int("REPORT_CHUNK_SIZE", 500)
REPORT_DIGEST_HOUR = env_int("REPORT_DIGEST_HOUR", 6)

# Learning from the newsroom's decisions (reviews/services/learning.py): a beat task retrains daily at
# LEARNING_RETRAIN_HOUR (admins can also ask for it); the newest LEARNING_MAX_DECISIONS decisions are read,
# at least LEARNING_MIN_DECISIONS are needed, the newest LEARNING_HELD_BACK_FRACTION (at least
# LEARNING_MIN_HELD_BACK) are held back to test the candidate. Promotion: a paired bootstrap with
# LEARNING_BOOTSTRAP_RESAMPLES resamples; the one-sided LEARNING_PROMOTION_CONFIDENCE lower bound of
# (candidate - active) must be at least -LEARNING_PROMOTION_MARGIN on every comparison.
LEARNING_RETRAIN_HOUR = env_int("LEARNING_RETRAIN_HOUR", 3)
LEARNING_MAX_DECISIONS = env_int("LEARNING_MAX_DECISIONS", 3000)
LEARNING_MIN_DECISIONS = env_int("LEARNING_MIN_DECISIONS", 20)
LEARNING_MIN_HELD_BACK = env_int("LEARNING_MIN_HELD_BACK", 5)
LEARNING_HELD_BACK_FRACTION = float(env_str("LEARNING_HELD_BACK_FRACTION", "0.2"))
LEARNING_BOOTSTRAP_RESAMPLES = env_int("LEARNING_BOOTSTRAP_RESAMPLES", 2000)
LEARNING_PROMOTION_MARGIN = float(env_str("LEARNING_PROMOTION_MARGIN", "0.02"))
LEARNING_PROMOTION_CONFIDENCE = float(env_str("LEARNING_PROMOTION_CONFIDENCE", "0.95"))
REPORTS_DIR = "reports"
NEWSROOM_NAME = env_str("NEWSROOM_NAME", "Newsroom Standards Desk")
NEWSROOM_URL = env_str("NEWSROOM_URL", "http://127.0.0.1:8000")
# Reports and public fact-checks print dates in the newsroom's own time zone (an IANA name).
NEWSROOM_TIME_ZONE = env_str("NEWSROOM_TIME_ZONE", TIME_ZONE)
WEBHOOK_TIMEOUT_SECONDS = float(env_str("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Outbound requests (reviews/services/outbound.py) go to public addresses only. This development
# switch lets them reach 127.0.0.0/8 and ::1 too (a receiver on this machine); `check --deploy` refuses it.
OUTBOUND_ALLOW_LOOPBACK = env_bool("OUTBOUND_ALLOW_LOOPBACK", False)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_BASE_SECONDS = float(env_str("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_RETRY_MAX_SECONDS = float(env_str("WEBHOOK_RETRY_MAX_SECONDS", "3600"))

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem:") and not urlsplit(CELERY_BROKER_URL).hostname:
    # The filesystem transport ignores the host, but kombu logs "No hostname was supplied. Reverting
    # to default 'localhost'" on every connection without one, which users read as an error.
    CELERY_BROKER_URL = "filesystem://localhost/"
    if "CELERY_BROKER_URL" in os.environ:
        # Celery reads this variable itself, ahead of the Django setting (celery.app.utils.Settings).
        os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "out"),
        "data_folder_out": str(_BROKER_DIR / "out"),
        "data_folder_processed": str(_BROKER_DIR / "processed"),
        # Exchange tables (they name the machine) live with the rest of the broker's state, not in
        # the working directory (kombu's default, "control/" relative to wherever a process starts).
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # Redis redelivers an unacknowledged message after this many seconds. It must exceed the longest
    # task: a 10,000-claim PDF takes well under two minutes (see benchmarks/reports.py), so an
    # hour leaves a wide margin. A duplicate delivery is harmless anyway: the report row's run token and
    # heartbeat let only one run compile it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# --- Cache (throttle counters, login cool-offs): shared by every process -----------------
# CACHE_URL: redis://... (Django's Redis backend; clear() removes only KEY_PREFIX's keys, see
# newsroom/cache.py) or locmem:// (one process only). Defaults to the broker's Redis when that is Redis.
CACHE_URL = env_str(
    "CACHE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else "locmem://"
)
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "newsroom")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test processes never share counters (bin/test sets one prefix per run).
    CACHE_KEY_PREFIX += "-" + os.environ["PYTEST_XDIST_WORKER"]
try:
    CACHES = {"default": cache_settings(url=CACHE_URL, key_prefix=CACHE_KEY_PREFIX)}
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None

CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Routed queues, so a slow embedding batch never delays a report and vice versa:
#   matching  embedding claims and searching precedents (needs the [matching] extra: torch and the model)
#   reports   compiling report files (never loads the model)
#   default   webhooks, emails, sweeps, digests, large-article extraction, web pages fetched by URL
# A worker started without -Q consumes all three (the demo's single worker); README "Scaling" has one
# command per kind. Every name starts with CELERY_QUEUE_PREFIX (empty in production): each test run,
# bench and load test sets its own, so their workers never take another run's tasks.
CELERY_QUEUE_PREFIX = env_str("CELERY_QUEUE_PREFIX", "")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Each parallel test process gets its own queues, so a real worker started by one test
    # process never takes a task meant for another process's database.
    CELERY_QUEUE_PREFIX += os.environ["PYTEST_XDIST_WORKER"] + "-"
QUEUE_KINDS = ("default", "matching", "reports")
NEWSROOM_QUEUES = {kind: CELERY_QUEUE_PREFIX + kind for kind in QUEUE_KINDS}
CELERY_TASK_DEFAULT_QUEUE = NEWSROOM_QUEUES["default"]
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name) for name in NEWSROOM_QUEUES.values()]
CELERY_TASK_ROUTES = {
    "reviews.embed_and_match_claims": {"queue": NEWSROOM_QUEUES["matching"]},
    # refits the stacker on embedding-side logits: needs the model, like matching
    "reviews.retrain_models": {"queue": NEWSROOM_QUEUES["matching"]},
    "reviews.compile_report": {"queue": NEWSROOM_QUEUES["reports"]},
    # outbound like webhooks, and extraction like reviews.extract_article_claims: no model, no report files
    "reviews.fetch_web_page": {"queue": NEWSROOM_QUEUES["default"]},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-extractions": {
        "task": "reviews.sweep_stuck_extractions",
        "schedule": timedelta(minutes=5),
    },
    # URL fetches whose message was lost (broker down when they were asked for) are sent again.
    "sweep-stuck-page-fetches": {
        "task": "reviews.sweep_stuck_page_fetches",
        "schedule": timedelta(minutes=5),
    },
    "release-expired-leases": {
        "task": "reviews.release_expired_leases",
        "schedule": timedelta(minutes=1),
    },
    "return-due-rereviews": {
        "task": "reviews.return_due_rereviews",
        "schedule": timedelta(hours=1),
    },
    # The per-account login limit reads the last 15 minutes of django-axes' failure log; older rows go.
    "prune-login-failures": {
        "task": "reviews.prune_login_failures",
        "schedule": timedelta(hours=1),
    },
    # Retires (deletes and audits) API tokens past API_TOKEN_TTL_DAYS; they are refused before that anyway.
    "expire-api-tokens": {
        "task": "reviews.expire_api_tokens",
        "schedule": timedelta(hours=1),
    },
    # The dashboard's count deltas into its tally rows (reviews/db_rollups.py); it reads both, so never stale.
    "fold-rollups": {
        "task": "reviews.fold_rollups",
        "schedule": timedelta(minutes=1),
    },
    "sweep-stuck-reports": {
        "task": "reviews.sweep_stuck_reports",
        "schedule": timedelta(minutes=2),
    },
    # Retrains the check-worthiness and status models from the newsroom's decisions (promoted only if not worse).
    "retrain-models": {
        "task": "reviews.retrain_models",
        "schedule": crontab(hour=LEARNING_RETRAIN_HOUR, minute=30),
    },
    # Runs every day; compiles yesterday's digest only when an editor has switched it on.
    "daily-digest": {
        "task": "reviews.compile_daily_digest",
        "schedule": crontab(hour=REPORT_DIGEST_HOUR, minute=0),
    },
}

# --- REST framework --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "reviews.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "reviews.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["reviews.api.filtering.FilterBackend"],
    # JSON only, both ways: every answer (errors included) is JSON whatever the Accept header asks, and
    # JSON bodies are depth-checked before parsing.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "reviews.api.negotiation.JSONWhateverAccepted",
    "DEFAULT_PARSER_CLASSES": [
        "reviews.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # `?format=` is a documented filter (reports), not DRF's renderer override; the schema view alone
    # keeps it (`/api/schema/?format=json`).
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "reviews.api.schema.NewsroomAutoSchema",
    "EXCEPTION_HANDLER": "reviews.api.errors.exception_handler",
    # Rates are read on every request (not frozen at import), so tests can override them.
    "DEFAULT_THROTTLE_CLASSES": [
        "reviews.api.throttling.AnonThrottle",
        "reviews.api.throttling.UserThrottle",
    ],
    "NUM_PROXIES": NUM_PROXIES,  # the throttles read the address through newsroom.client_address anyway
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "6000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom claim review API",
    "DESCRIPTION": "Ingest articles, review their check-worthy claims, compile review reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "reviews.api.schema.document_nul_refusal",
        "reviews.api.schema.document_report_scope",
    ],
    "ENUM_NAME_OVERRIDES": {
        "WebhookEventEnum": "reviews.models.webhooks.WebhookEvent",
        "VerdictEnum": "reviews.models.claims.Verdict",
        "ClaimStatusEnum": "reviews.models.claims.ClaimStatus",
        "EditorStatusEnum": "reviews.api.serializers.adjudication.EDITOR_CHOICES",
        "RecusalKindEnum": "reviews.models.recusals.RecusalKind",
        "NotificationKindEnum": "reviews.models.notifications.NotificationKind",
        "MissingSourceEnum": "reviews.models.reviewing.MissingSource",
        "ArticleStateEnum": "reviews.models.articles.ArticleState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; keep the worker's log about our tasks.
    "loggers": {"fontTools": {"level": "WARNING"}},
}
