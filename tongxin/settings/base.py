"""Every Tongxin setting, driven by the environment.

``dev.py``, ``test.py`` and ``prod.py`` only override; nothing exists only in production.
Each variable read here is listed and explained in ``.env.example``.
"""

import base64
import hashlib
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TONGXIN_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_secret("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdef")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # kernel
    "tongxin.core",
    "tongxin.orgs",
    "tongxin.members",
    "tongxin.approvals",
    "tongxin.participation",
    # platform
    "tongxin.accounts",
    "tongxin.notifications",
    "tongxin.funds",
    "tongxin.backups",
    # domain
    "tongxin.care",
    "tongxin.benefits",
    "tongxin.staff_services",
    "tongxin.donations",
    "tongxin.activities",
    "tongxin.quizzes",
    "tongxin.submissions",
    "tongxin.clubs",
    "tongxin.voice",
    "tongxin.congress",
    "tongxin.proposals",
    # the demo union seeder (no models)
    "tongxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tongxin.core.middleware.security_headers_middleware",
    "tongxin.accounts.middleware.actor_middleware",
    "tongxin.accounts.middleware.password_change_required_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tongxin.core.middleware.domain_error_middleware",
]

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"
ASGI_APPLICATION = "tongxin.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tongxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "tongxin.core.templatetags.tongxin",
                "tongxin.orgs.templatetags.access",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tongxin.sqlite3'}"),
        conn_max_age=env_int("TONGXIN_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # select_for_update() is a no-op on SQLite; IMMEDIATE takes the write lock when a
    # transaction starts, so a read-check-write service (quota, cap) cannot race.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("TONGXIN_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("TONGXIN_REDIS_URL"),
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["tongxin.accounts.backends.StaffLoginBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env_int("TONGXIN_SESSION_SECONDS", 14 * 24 * 3600)
# Sessions live in the database and are read through the cache: no query on a warm page view.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TONGXIN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"  # None in dev and tests: nothing is collected
STATICFILES_DIRS = [BASE_DIR / "tongxin" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("TONGXIN_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "tongxin@localhost")
# Notifications are always in-app; an e-mail copy goes out only when this is on (and the
# person has an address). Links in e-mails are made absolute with TONGXIN_SITE_URL.
TONGXIN_NOTIFY_EMAIL = env_bool("TONGXIN_NOTIFY_EMAIL", False)
TONGXIN_SITE_URL = env_str("TONGXIN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work: Celery with a broker when one is configured, otherwise in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# With a broker, beat makes the nightly backup and verifies the trail; without one, cron does
# (see README, "Backups").
CELERY_BEAT_SCHEDULE = {
    "backup-nightly": {
        "task": "tongxin.backups.tasks.backup_nightly",
        "schedule": 24 * 3600,
        "options": {"expires": 3600},
    },
    "verify-trail-nightly": {
        "task": "tongxin.backups.tasks.verify_trail_nightly",
        "schedule": 24 * 3600,
        "options": {"expires": 3600},
    },
}

# Backups (``manage.py backup``): where archives go, the archive key (empty: not encrypted;
# keep it apart from the archives and from TONGXIN_FIELD_KEYS' copy) and how many to keep.
TONGXIN_BACKUP_DIR = Path(env_str("TONGXIN_BACKUP_DIR", str(VAR_DIR / "backups")))
TONGXIN_BACKUP_KEY = env_secret("TONGXIN_BACKUP_KEY", "")
TONGXIN_BACKUP_KEEP_DAILY = env_int("TONGXIN_BACKUP_KEEP_DAILY", 7)
TONGXIN_BACKUP_KEEP_WEEKLY = env_int("TONGXIN_BACKUP_KEEP_WEEKLY", 4)
TONGXIN_BACKUP_KEEP_MONTHLY = env_int("TONGXIN_BACKUP_KEEP_MONTHLY", 12)


def _derived_key(purpose: str) -> str:
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Sensitive fields (ID numbers, health details) are encrypted with the first key; older keys
# stay listed so rows written before a rotation can still be read.
TONGXIN_FIELD_KEYS = env_list("TONGXIN_FIELD_KEYS", [_derived_key("field-encryption")])
# Keyed hash used to find and de-duplicate encrypted values without decrypting them.
TONGXIN_LOOKUP_KEY = env_secret("TONGXIN_LOOKUP_KEY", _derived_key("lookup-hash"))

TONGXIN_LOGIN_MAX_FAILURES = env_int("TONGXIN_LOGIN_MAX_FAILURES", 5)
TONGXIN_LOGIN_LOCK_MINUTES = env_int("TONGXIN_LOGIN_LOCK_MINUTES", 15)
# Log-in throttling per client address (docs/decisions/0013-log-in-throttling.md); behind a
# reverse proxy, name the header it sets with the client's address (e.g. HTTP_X_REAL_IP).
TONGXIN_LOGIN_WINDOW_MINUTES = env_int("TONGXIN_LOGIN_WINDOW_MINUTES", 15)
TONGXIN_LOGIN_ADDRESS_MAX_FAILURES = env_int("TONGXIN_LOGIN_ADDRESS_MAX_FAILURES", 30)
TONGXIN_CLIENT_IP_HEADER = env_str("TONGXIN_CLIENT_IP_HEADER", "")
TONGXIN_IMPORT_MAX_BYTES = env_int("TONGXIN_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
TONGXIN_IMPORT_MAX_ROWS = env_int("TONGXIN_IMPORT_MAX_ROWS", 20000)
TONGXIN_PAGE_SIZE = env_int("TONGXIN_PAGE_SIZE", 50)
TONGXIN_API_TOKEN_DAYS = env_int("TONGXIN_API_TOKEN_DAYS", 365)

NINJA_PAGINATION_PER_PAGE = TONGXIN_PAGE_SIZE
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_CLASS = "tongxin.core.schemas.Pagination"  # bare @paginate gets the bounded one

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TONGXIN_LOG_LEVEL", "INFO")},
}

# Dues (ACFTU): 0.5% of the monthly wage base; the part of the base under 10 yuan is ignored.
TONGXIN_DUES_RATE_BASIS_POINTS = env_int("TONGXIN_DUES_RATE_BASIS_POINTS", 50)
TONGXIN_DUES_BASE_STEP_FEN = env_int("TONGXIN_DUES_BASE_STEP_FEN", 1000)

# Activities: reminders go out this many hours before a sign-up's start; check-in opens this
# many hours before the start and stays open this many hours after the end.
TONGXIN_ACTIVITY_REMINDER_HOURS = env_int("TONGXIN_ACTIVITY_REMINDER_HOURS", 24)
TONGXIN_ACTIVITY_CHECK_IN_EARLY_HOURS = env_int("TONGXIN_ACTIVITY_CHECK_IN_EARLY_HOURS", 2)
TONGXIN_ACTIVITY_CHECK_IN_LATE_HOURS = env_int("TONGXIN_ACTIVITY_CHECK_IN_LATE_HOURS", 12)

# Staff voice: the days a school department has to reply to a request passed on to it (the
# usual local rule; domain-rules 4.1), how many replies an unsatisfied filer may ask for in
# all, and how many wall wishes a branch needs before the wall names the branch (fewer could
# point at the person).
TONGXIN_VOICE_REPLY_DAYS = env_int("TONGXIN_VOICE_REPLY_DAYS", 30)
TONGXIN_VOICE_MAX_ROUNDS = env_int("TONGXIN_VOICE_MAX_ROUNDS", 3)
TONGXIN_VOICE_WALL_MIN_BRANCH_WISHES = env_int("TONGXIN_VOICE_WALL_MIN_BRANCH_WISHES", 5)

# Proposals (domain-rules 4.1): the default co-signers a new collection asks for (1 proposer +
# 2 co-signers is the common rule), the default days a lead department has to reply, and how
# many replies in all an unsatisfied proposer may get.
TONGXIN_PROPOSALS_MIN_CO_SIGNERS = env_int("TONGXIN_PROPOSALS_MIN_CO_SIGNERS", 2)
TONGXIN_PROPOSALS_REPLY_DAYS = env_int("TONGXIN_PROPOSALS_REPLY_DAYS", 30)
TONGXIN_PROPOSALS_MAX_ROUNDS = env_int("TONGXIN_PROPOSALS_MAX_ROUNDS", 2)
