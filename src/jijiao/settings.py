"""The one config surface of 继教.

Every value has a default and a ``JIJIAO_*`` environment override. ``JIJIAO_ENV=production``
turns on the production checks: the process refuses to start without a secret key, allowed hosts
and a database URL, so a half-configured deployment fails at start-up rather than at first use.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from jijiao.common.broker import redacted, redis_answers

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"JIJIAO_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = env(name)
    return default if raw in (None, "") else int(raw)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ENVIRONMENT = env("ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

if PRODUCTION:
    missing = [
        f"JIJIAO_{name}"
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
        if not env(name)
    ]
    if missing:
        raise ImproperlyConfigured("生产环境缺少必需的配置: " + ", ".join(missing))

# A development key only; production refuses to start without JIJIAO_SECRET_KEY (above).
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-jijiao-0000")
# Debug is off unless asked for (``make dev``): ``make run`` shows what a person would see, the
# Chinese error pages included, never Django's page listing every URL pattern.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Key material for the encryption of ID numbers (AES-256-GCM) and for their lookup hash (HMAC).
# Separate keys: knowing the lookup key must not help decrypt, and the other way round.
DEV_ID_ENCRYPTION_KEY = "ZGV2LW9ubHktaWQtZW5jcnlwdGlvbi1rZXktMzJieXQ="
DEV_ID_LOOKUP_KEY = "dev-only-id-lookup-key"
# The HMAC key of the audit log's chain (audit_log/chain.py): kept out of the database, so that
# whoever can write the database cannot forge a link.
DEV_AUDIT_CHAIN_KEY = "dev-only-audit-chain-key"
ID_ENCRYPTION_KEY = env("ID_ENCRYPTION_KEY", DEV_ID_ENCRYPTION_KEY)
ID_LOOKUP_KEY = env("ID_LOOKUP_KEY", DEV_ID_LOOKUP_KEY)
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY", DEV_AUDIT_CHAIN_KEY)
if PRODUCTION:
    _keys = {
        "JIJIAO_ID_ENCRYPTION_KEY": (env("ID_ENCRYPTION_KEY"), DEV_ID_ENCRYPTION_KEY),
        "JIJIAO_ID_LOOKUP_KEY": (env("ID_LOOKUP_KEY"), DEV_ID_LOOKUP_KEY),
        "JIJIAO_AUDIT_CHAIN_KEY": (env("AUDIT_CHAIN_KEY"), DEV_AUDIT_CHAIN_KEY),
    }
    missing = [name for name, (value, _dev) in _keys.items() if not value]
    if missing:
        raise ImproperlyConfigured("生产环境缺少必需的配置: " + ", ".join(missing))
    public = [name for name, (value, dev) in _keys.items() if value.strip() == dev]
    if public:
        raise ImproperlyConfigured(
            "生产环境不能使用公开的开发密钥: " + ", ".join(public) + "（请生成新的随机密钥）"
        )
# Lanes of the audit chain: transactions writing at the same moment take different lanes.
AUDIT_CHAIN_LANES = env_int("AUDIT_CHAIN_LANES", 16)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its bundled Swagger UI serves /api/v1/docs without a CDN
    "rules",
    "jijiao.audit_log",
    "jijiao.orgs",
    "jijiao.notifications",
    "jijiao.policy",
    "jijiao.records",
    "jijiao.projects",
    "jijiao.hosting",
    "jijiao.attendance",
    "jijiao.execution",
    "jijiao.credits",
    "jijiao.audits",
    "jijiao.remote",
    "jijiao.overview",
    "jijiao.common",
    "jijiao.jobs",
    "jijiao.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jijiao.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jijiao.common.sessions.VersionedSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jijiao.orgs.middleware.IdleTimeoutMiddleware",
    "jijiao.orgs.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jijiao.audit_log.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "jijiao.urls"
CSRF_FAILURE_VIEW = "jijiao.web.errors.csrf_failure"
WSGI_APPLICATION = "jijiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jijiao.web.context_processors.navigation",
                "jijiao.notifications.context_processors.inbox",
            ],
        },
    },
]

# Connections are reused: a sync worker keeps its PostgreSQL connection for DB_CONN_MAX_AGE
# seconds (persistent connections). JIJIAO_DB_POOL=on uses psycopg's pool instead; both were
# measured under gunicorn sync workers (README, "Speed") and persistent connections won.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
    )
}
# The owner role's URL, for migrations, ``db_roles``, backup and restore (README, production):
# the application itself connects as a role that owns nothing (JIJIAO_DATABASE_URL).
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif env_bool("DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections instead
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DB_POOL_MAX", 4),
    }
# A QR scan on PostgreSQL commits without waiting for the WAL flush (``synchronous_commit``
# off for that one statement): at 09:00 thousands of scans a second would otherwise each wait for
# a disk flush. Atomicity and the one-accepted-scan constraint are untouched; what a database
# crash can lose is the last ~0.6 s of scans (3 × wal_writer_delay), which the trainee, still
# at the door, sees missing on their page and scans again. JIJIAO_SCAN_ASYNC_COMMIT=off for
# deployments that want every scan flushed first (docs/deploy.md).
SCAN_ASYNC_COMMIT = env_bool("SCAN_ASYNC_COMMIT", True)
# The sign-in's two statements are prepared on each PostgreSQL connection (common/prepared.py):
# planned once, not at every scan. JIJIAO_DB_PREPARED_STATEMENTS=off behind a connection pooler
# in transaction mode that does not carry prepared statements (docs/deploy.md).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DB_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django turns psycopg's preparing off (None); 0 lets a cursor that asks prepare. Django's
    # own cursors bind on the client and never prepare, so only common/prepared.py's do.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 0
# A read replica for reports (common/replica.py): the reads made inside ``reporting()`` blocks —
# overviews, exports, the compliance summaries' lists — go there; everything else to the
# primary. In tests it mirrors the primary (no second test database is made).
REPLICA_DATABASE_URL = env("REPLICA_DATABASE_URL")
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["jijiao.common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The ledger's covering index (person, year) INCLUDE (…) is a PostgreSQL feature; SQLite, the
# zero-set-up default, builds the index without the included columns and Django warns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "orgs.Account"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "jijiao.orgs.auth.LockoutAwareBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; the suite creates hundreds of accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Password policy (等保 2.0 三级): on by default, every part configurable.
PASSWORD_POLICY_ENABLED = env_bool("PASSWORD_POLICY", True)
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)
PASSWORD_EXPIRY_DAYS = env_int("PASSWORD_EXPIRY_DAYS", 90)  # 0 turns expiry off
AUTH_PASSWORD_VALIDATORS = (
    [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "jijiao.orgs.passwords.CharacterClassValidator",
            "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH, "min_classes": PASSWORD_MIN_CLASSES},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ]
    if PASSWORD_POLICY_ENABLED
    else []
)

LOCKOUT_FAILURES = env_int("LOCKOUT_FAILURES", 5)
LOCKOUT_MINUTES = env_int("LOCKOUT_MINUTES", 15)
# A whole hospital can share one public address, so the per-address limit is generous.
ADDRESS_FAILURES_PER_HOUR = env_int("ADDRESS_FAILURES_PER_HOUR", 100)
# Seconds a worker process reuses a signed-in account it read (jijiao.orgs.auth): a saved change
# applies at once in that process, within this window in the others; 0 reads it every request.
ACCOUNT_CACHE_SECONDS = env_int("ACCOUNT_CACHE_SECONDS", 5)
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 30)
# Public certificate verifications a minute per address (counted in the shared cache).
CREDITS_VERIFY_PER_MINUTE = env_int("VERIFY_PER_MINUTE", 30)
# Proxies whose X-Forwarded-For is believed: addresses or networks, only these (no implicit
# loopback: any process on the machine can connect from 127.0.0.1).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Failed logins are kept this long for the per-address throttle and for the security admin.
LOGIN_FAILURE_RETENTION_DAYS = env_int("LOGIN_FAILURE_RETENTION_DAYS", 30)
AUDIT_RETENTION_DAYS = max(184, env_int("AUDIT_RETENTION_DAYS", 184))
# Days after which the audit admin's workbench asks for a new check of the chain (also run nightly).
AUDIT_VERIFY_DAYS = env_int("AUDIT_VERIFY_DAYS", 7)

# One cache for every worker: Redis when JIJIAO_CACHE_URL (or else JIJIAO_REDIS_URL) names one,
# e.g. redis://127.0.0.1:6379/1 — the database number is part of the URL; else each process's
# own memory (a single-process development server only: counts are then per worker).
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "jijiao",
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions are read from the cache and written through to the database (a cache restart
# logs no one out).
SESSION_ENGINE = "jijiao.common.sessions"
# Seconds a worker reuses a session it read or wrote, for the version the cookie names.
SESSION_CACHE_SECONDS = env_int("SESSION_CACHE_SECONDS", 5)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = env(
    "CSP",
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps are for a developer's browser tools only; compressing the Swagger UI's (several MB)
# would double the start-up time of ``jijiao serve`` for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "mp4", "webm", "map"),
)
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(PROJECT_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Size caps of each kind of upload, in MB (jijiao.common.uploads): proofs are small, videos large.
UPLOAD_DOCUMENT_MB = env_int("UPLOAD_DOCUMENT_MB", 15)
UPLOAD_PROOF_MB = env_int("UPLOAD_PROOF_MB", 10)
UPLOAD_PHOTO_MB = env_int("UPLOAD_PHOTO_MB", 15)
UPLOAD_MATERIAL_MB = env_int("UPLOAD_MATERIAL_MB", 15)
UPLOAD_EXECUTION_VIDEO_MB = env_int("UPLOAD_EXECUTION_VIDEO_MB", 500)
UPLOAD_COURSE_VIDEO_MB = env_int("UPLOAD_COURSE_VIDEO_MB", 2048)
UPLOAD_WORKBOOK_MB = env_int("UPLOAD_WORKBOOK_MB", 10)
UPLOAD_CSV_MB = env_int("UPLOAD_CSV_MB", 20)
# The guarded workbook reader (jijiao.common.sheets): checked before anything is parsed.
SHEET_MAX_PART_MB = env_int("SHEET_MAX_PART_MB", 20)
SHEET_MAX_UNPACKED_MB = env_int("SHEET_MAX_UNPACKED_MB", 60)
SHEET_MAX_ROWS = env_int("SHEET_MAX_ROWS", 20000)
SHEET_MAX_COLUMNS = env_int("SHEET_MAX_COLUMNS", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Notifications (jijiao.notifications): e-mail through Django's mail backend, the console by
# default; SMTP when JIJIAO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("EMAIL_FROM", "继教 <noreply@localhost>")
# The channels every message goes to besides the inbox (dotted paths of Channel classes, e.g. a
# deployment's SMS or WeChat sender); e-mail only by default.
NOTIFY_CHANNELS = env_list("NOTIFY_CHANNELS", ["jijiao.notifications.channels.EmailChannel"])
# The site's address, for the links in e-mail.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The pack whose notifications.reminder_days sets how early the daily reminders start.
REMINDER_PACK = env("REMINDER_PACK", "wenzhou-2025")
# Background work: Celery with Redis as broker and result store. Without JIJIAO_REDIS_URL, or
# with a Redis that does not answer, development and tests run every task in the calling process
# (eager); production refuses to start instead, since its jobs would never run.
REDIS_URL = env("REDIS_URL", "") or ""
if PRODUCTION:
    if not REDIS_URL:
        raise ImproperlyConfigured("生产环境缺少必需的配置: JIJIAO_REDIS_URL")
    if not redis_answers(REDIS_URL, timeout=2.0):
        raise ImproperlyConfigured(
            f"无法连接 Redis（JIJIAO_REDIS_URL={redacted(REDIS_URL)}）：后台任务无法运行，"
            "请先启动 Redis 或修正地址"
        )
    JOBS_EAGER = False
else:
    JOBS_EAGER = TESTING or not redis_answers(REDIS_URL)
CELERY_BROKER_URL = "memory://localhost/" if JOBS_EAGER else REDIS_URL
CELERY_RESULT_BACKEND = None if JOBS_EAGER else REDIS_URL
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = JOBS_EAGER
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it has finished, not when it is received: a worker killed
# mid-job leaves the message in Redis and another worker runs it again (the job's writes are
# one transaction and the tasks are idempotent, so the rerun gives the clean run's result).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged message goes back to the queue this many seconds after its delivery.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("JOB_REDELIVERY_SECONDS", 3600)}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict = {
    # The daily deadline reminders (jijiao.web.reminders), at JIJIAO_REMINDER_HOUR Shanghai time.
    "send-reminders": {
        "task": "web.send_reminders",
        "schedule": crontab(hour=env_int("REMINDER_HOUR", 8), minute=0),
    },
    # Job results older than JIJIAO_JOB_RESULT_DAYS deleted (jijiao.jobs.domain.job_results_purge).
    "purge-job-results": {"task": "jobs.purge_results", "schedule": crontab(hour=3, minute=30)},
    # Compliance summaries nobody's change has computed yet, this year and the five before
    # (jijiao.credits.domain.summaries.summaries_fill).
    "fill-compliance-summaries": {
        "task": "credits.summaries_fill",
        "schedule": crontab(hour=1, minute=30),
    },
    # The overview's project, quality and credit summaries: this year and last recomputed, the
    # four years before filled where missing (jijiao.overview.kept.summaries_fill).
    "fill-overview-summaries": {
        "task": "overview.summaries_fill",
        "schedule": crontab(hour=2, minute=0),
    },
    # The audit log's chain checked every night (jijiao.audit_log.verification.audit_log_verify).
    "verify-audit-log": {"task": "web.audit_log_verify", "schedule": crontab(hour=2, minute=30)},
}
# Days a finished job's result file (an export, an annotated workbook, a zip) is kept; 0: forever.
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 30)
CELERY_BEAT_SCHEDULE_FILENAME = env("BEAT_SCHEDULE_FILE", str(PROJECT_DIR / ".celerybeat-schedule"))
# Job progress lives in the broker's Redis (shared by the worker and the web processes) when
# there is one; eager jobs run in the process that shows their page.
CACHES["jobs"] = (
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"}
    if JOBS_EAGER
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "jijiao-jobs",
        "TIMEOUT": 7 * 24 * 3600,
    }
)

# "Now": a deployment can pin the clock for a demo, so the 2022–2025 notices stay exercisable.
NOW = env("NOW")
# The real instant at which the pinned "now" holds, shared by every process (clock.py).
NOW_SINCE = env("NOW_SINCE")

SHARED_DIR = Path(env("SHARED_DIR", str(PROJECT_DIR.parent / "shared")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_id_numbers": {"()": "jijiao.common.idnumbers.MaskIdNumbersFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_id_numbers"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default handlers for these (console when DEBUG, mail to ADMINS) would skip
        # the mask: replaced by the masked console.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF step at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
