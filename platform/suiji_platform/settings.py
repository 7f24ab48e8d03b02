"""Django settings for Suiji, read from the environment (django-environ).

Variables: DATABASE_URL, REDIS_URL, SECRET_KEY, FIELD_ENCRYPTION_KEY, ALLOWED_HOSTS, DEBUG,
SUIJI_ENV (development | production | test), SECURE_SSL (production behind TLS, default on).
An optional `.env` file at the repository root is read first.
"""

import hashlib
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(REPO_DIR / ".env", overwrite=False)

SUIJI_ENV = env.str("SUIJI_ENV", default="development")
PRODUCTION = SUIJI_ENV == "production"
DEBUG = env.bool("DEBUG", default=SUIJI_ENV == "development")

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set in production")

# Fernet keys (urlsafe base64, 32 bytes), comma separated: the first encrypts, all decrypt
# (rotation: prepend the new key, re-encrypt, then drop the old one).
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEY", default=[] if PRODUCTION else [_DEV_FIELD_KEY]
)
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise environ.ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set in production")

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
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

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
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "graphene_django",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="suiji"),
    }
}

# Login throttling: after this many failures for one username (or one client address) within
# the window, further attempts are refused until the window has passed.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(REPO_DIR / ".data" / "media"))

GRAPHENE = {
    "SCHEMA": "suiji_api.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 500,
}
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPHIQL_ENABLED = DEBUG and not PRODUCTION

CELERY_BROKER_URL = REDIS_URL
# One Redis may serve several deployments or checkouts: each uses its own queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="suiji")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Plan deadlines (R4, D17): reminders and overdue flags, once a day.
    "plan-deadlines-daily": {
        "task": "suiji_platform.plan_index.tasks.scan_plan_deadlines_task",
        "schedule": 24 * 3600,
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "suiji_platform.spa.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

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
