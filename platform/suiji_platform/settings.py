"""Django settings for Suiji, read from the environment (django-environ).

Variables: DATABASE_URL, REDIS_URL, SECRET_KEY, FIELD_ENCRYPTION_KEY, ALLOWED_HOSTS, DEBUG,
SUIJI_ENV (production — the default — | development | test), SECURE_SSL (production behind TLS, default on).
An optional `.env` file at the repository root is read first.
"""

import hashlib
from pathlib import Path
from typing import Any

import environ

from suiji_platform.keys import WeakKeyError, check_field_encryption_keys, check_secret_key

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(REPO_DIR / ".env", overwrite=False)

# Without configuration a process is a production process: it needs its keys, and it never
# shows a debug page. Development and test checkouts say so (make demo / make test,
# tools/e2e.sh, pytest's suiji_platform.settings_test).
SUIJI_ENVIRONMENTS = ("production", "development", "test")
SUIJI_ENV = env.str("SUIJI_ENV", default="production")
if SUIJI_ENV not in SUIJI_ENVIRONMENTS:
    raise environ.ImproperlyConfigured(
        f"SUIJI_ENV={SUIJI_ENV!r}: use one of {', '.join(SUIJI_ENVIRONMENTS)}"
    )
PRODUCTION = SUIJI_ENV == "production"
# Django's debug pages (tracebacks, settings) only when asked for, and never in production.
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise environ.ImproperlyConfigured(
        "DEBUG is on with SUIJI_ENV=production: a production process never shows debug pages. "
        "Unset DEBUG (or set SUIJI_ENV=development on a developer's machine)."
    )

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)

# Fernet keys (urlsafe base64, 32 bytes), comma separated: the first encrypts, all decrypt
# (rotation: prepend the new key, re-encrypt, then drop the old one).
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEY", default=[] if PRODUCTION else [_DEV_FIELD_KEY]
)
if PRODUCTION:
    # A missing or weak key refuses to start, with a message that says how to make a good one.
    try:
        check_secret_key(SECRET_KEY)
        check_field_encryption_keys(FIELD_ENCRYPTION_KEYS)
    except WeakKeyError as exc:
        raise environ.ImproperlyConfigured(f"Refusing to start in production: {exc}") from None

# Key of the blind index (HMAC-SHA256) used to find encrypted values by exact match. Separate
# from the encryption keys so that rotating those does not change lookups. The default is
# derived from SECRET_KEY; set FIELD_HASH_KEY in production so a new SECRET_KEY keeps lookups.
FIELD_HASH_KEY = env.str(
    "FIELD_HASH_KEY",
    default=hashlib.sha256(b"field-hash:" + SECRET_KEY.encode()).hexdigest(),
)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/suiji"),
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"].setdefault("CONN_MAX_AGE", 0)
# Separate checkouts on one machine can keep their test databases apart.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="") or None}
# Optional streaming replica for anonymous public-portal reads (suiji_platform/dbrouter.py).
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
    DATABASES["replica"]["ENGINE"] = "django_tenants.postgresql_backend"
    DATABASES["replica"].setdefault("CONN_MAX_AGE", 0)
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)
REPLICA_RETRY_SECONDS = env.float("REPLICA_RETRY_SECONDS", default=5.0)
# Adds X-Suiji-Read-DB: replica|primary to portal responses (smoke and load tests).
REPLICA_REPORT_HEADER = env.bool("REPLICA_REPORT_HEADER", default=False)
DATABASE_ROUTERS = (
    "suiji_platform.dbrouter.ReplicaRouter",
    "django_tenants.routers.TenantSyncRouter",
)

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")

SHARED_APPS = [
    "django_tenants",
    "suiji_platform.organisations",
    "suiji_platform.accounts",
    "suiji_platform.jobs",
    "suiji_platform.index",
    "suiji_platform.calendar",
    "suiji_platform.plan_index",
    "suiji_platform.ledger",
    "suiji_platform.results_index",
    "suiji_platform.credit",
    "suiji_platform.oversight",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "graphene_django",
    # Second factor (TOTP and recovery codes) and the captcha asked after failed logins.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "captcha",
    # The public schema keeps its own audit chain for platform-level operations.
    "suiji_tenants.audit",
]
TENANT_APPS = [
    "suiji_tenants.audit",
    "suiji_tenants.registries",
    "suiji_tenants.plans",
    "suiji_tenants.draws",
    "suiji_tenants.inspections",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "organisations.Organisation"
TENANT_DOMAIN_MODEL = "organisations.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New organisations are cloned from this schema (kept migrated by `manage.py setup`).
TENANT_BASE_SCHEMA = "suiji_base"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Organisation codes appear in URLs as /o/<code>/.
TENANT_PATH_PREFIX = "o"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "suiji_platform.organisations.middleware.OrganisationPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "suiji_platform.accounts.middleware.IdleSessionMiddleware",
    "suiji_platform.accounts.middleware.SecurityEventMiddleware",
    "suiji_platform.dbrouter.PortalReadMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "suiji_platform.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "suiji_platform.urls_public"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

WSGI_APPLICATION = "suiji_platform.wsgi.application"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# GB/T 22239-2019 8.1.4.1 a): length, character classes, not a common or personal password,
# not one of the last five (accounts/passwords.py).
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=10)
PASSWORD_MIN_CLASSES = env.int("PASSWORD_MIN_CLASSES", default=3)
PASSWORD_HISTORY = env.int("PASSWORD_HISTORY", default=5)
# Days after which a password must be changed (0: never).
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "suiji_platform.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "suiji_platform.accounts.passwords.PasswordHistoryValidator"},
]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="suiji"),
    }
}

# Failed logins (accounts/throttle.py). Nothing locks an account: an attacker must not be able
# to lock a named official out. Instead, within the window:
# - one address trying one account waits progressively longer (1 s, 2 s, 4 s … capped) after
#   LOGIN_DELAY_AFTER failures;
# - after LOGIN_CAPTCHA_AFTER failures on an account (from anywhere), or LOGIN_ADDRESS_CAPTCHA_AFTER
#   failures from one address (a government gateway is shared: this is high), every attempt
#   needs a captcha, so the right password with the captcha still gets in;
# - an administrator can clear an account's counters (recorded).
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
LOGIN_DELAY_AFTER = env.int("LOGIN_DELAY_AFTER", default=3)
LOGIN_DELAY_MAX_SECONDS = env.int("LOGIN_DELAY_MAX_SECONDS", default=60)
LOGIN_CAPTCHA_AFTER = env.int("LOGIN_CAPTCHA_AFTER", default=5)
LOGIN_ADDRESS_CAPTCHA_AFTER = env.int("LOGIN_ADDRESS_CAPTCHA_AFTER", default=50)
# At most this many failed-login records a minute reach the platform's audit chain; the rest
# are counted in one summary record (an anonymous flood must not grow the log without bound).
LOGIN_AUDIT_MAX_PER_MINUTE = env.int("LOGIN_AUDIT_MAX_PER_MINUTE", default=120)
# Permission denials recorded per user and minute (the rest are counted, not written).
DENIAL_AUDIT_MAX_PER_MINUTE = env.int("DENIAL_AUDIT_MAX_PER_MINUTE", default=20)
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 5  # minutes
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_2X_IMAGE = False
# Tests and the e2e run answer the captcha with "passed" (never in production).
CAPTCHA_TEST_MODE = env.bool("CAPTCHA_TEST_MODE", default=False) and not PRODUCTION

# Second factor (TOTP, django-otp) for the roles in accounts/access.py SECOND_FACTOR_ROLES.
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "随机 Suiji"
RECOVERY_CODE_COUNT = 10
# Demo accounts (User.is_demo, set by the demo seed) skip password expiry and the second factor
# outside production, so `make demo` and the e2e run sign in with the published password.
DEMO_ACCOUNTS_EXEMPT = env.bool("DEMO_ACCOUNTS_EXEMPT", default=not PRODUCTION)
# A login with pending steps (change password, second factor) must be finished within this.
LOGIN_PENDING_SECONDS = 600

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(REPO_DIR / ".data" / "static"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"
STATICFILES_DIRS = [("app", FRONTEND_DIST)] if FRONTEND_DIST.exists() else []
WHITENOISE_USE_FINDERS = True
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(REPO_DIR / ".data" / "media"))
# Generated PDFs (笔录, 告知书, public notices) and exports of published results, per schema.
DOCUMENTS_ROOT = env.path("DOCUMENTS_ROOT", default=str(Path(MEDIA_ROOT) / "documents"))
# A CJK TrueType/TTC font for the PDFs; empty: the first Debian CJK font found.
PDF_FONT_PATH = env.str("PDF_FONT_PATH", default="")

# Evidence of on-site records (photos, video, documents), stored content-addressed by SHA-256
# through the storage alias "evidence" and served only by the permission-checked view
# (suiji_tenants.inspections.evidence_views), never from a public media URL. Locally a directory; in
# production it can be an S3-compatible object store (django-storages' S3Storage, which needs
# `pip install django-storages[s3]`): EVIDENCE_STORAGE_BACKEND=s3 plus the EVIDENCE_S3_* names.
EVIDENCE_STORAGE_PATH = env.path(
    "EVIDENCE_STORAGE_PATH", default=str(REPO_DIR / ".data" / "evidence")
)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=200 * 1024 * 1024)
if env.str("EVIDENCE_STORAGE_BACKEND", default="filesystem") == "s3":
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("EVIDENCE_S3_BUCKET"),
            "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EVIDENCE_S3_REGION", default="") or None,
            "access_key": env.str("EVIDENCE_S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("EVIDENCE_S3_SECRET_KEY", default="") or None,
            "location": env.str("EVIDENCE_S3_PREFIX", default="evidence"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # No base_url: evidence has no public URL.
        "OPTIONS": {"location": str(EVIDENCE_STORAGE_PATH), "base_url": None},
    }

GRAPHENE = {
    "SCHEMA": "suiji_api.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 500,
}
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
# Estimated work of one operation (fields × list sizes × aliases, fragments expanded), refused
# before it runs; see suiji_api/core/limits.py.
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=50_000)
GRAPHQL_MAX_FRAGMENTS = env.int("GRAPHQL_MAX_FRAGMENTS", default=50)
# Every SQL statement of a GraphQL request ends within this time (0: no limit).
GRAPHQL_STATEMENT_TIMEOUT_MS = env.int("GRAPHQL_STATEMENT_TIMEOUT_MS", default=15_000)
GRAPHIQL_ENABLED = SUIJI_ENV == "development"

CELERY_BROKER_URL = REDIS_URL
# One Redis may serve several deployments or checkouts: each uses its own queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="suiji")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task message taken by a worker that died (kill -9, power loss) comes back to the queue after
# this many seconds. Jobs claimed by a live worker (fresh heartbeat) are not run twice when a
# message comes back early (jobs/services.py), so this may be short.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=900)
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Plan deadlines (R4, D17): reminders and overdue flags, once a day.
    "plan-deadlines-daily": {
        "task": "suiji_platform.plan_index.tasks.scan_plan_deadlines_task",
        "schedule": 24 * 3600,
    },
    # R14: results to be published within 20 working days: reminders and overdue, once a day.
    "publication-clock-daily": {
        "task": "inspections.publication_clock",
        "schedule": 24 * 3600,
    },
    # Oversight (R17): warning cards (yellow → red) and overdue rectification orders, daily.
    "oversight-daily": {
        "task": "suiji_platform.oversight.tasks.oversight_scan_task",
        "schedule": 24 * 3600,
    },
    # Jobs whose worker died (heartbeat stopped) end as failed, with a message.
    "jobs-sweep-lost": {"task": "jobs.sweep_lost", "schedule": 60},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "suiji_platform.spa.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# GB/T 22239-2019 8.1.4.1 b): a session idle this long ends (accounts/middleware.py); the web
# app warns two minutes before.
SESSION_IDLE_TIMEOUT_SECONDS = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)

if PRODUCTION:
    SECURE_SSL = env.bool("SECURE_SSL", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = SECURE_SSL
    SESSION_COOKIE_SECURE = SECURE_SSL
    CSRF_COOKIE_SECURE = SECURE_SSL
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
