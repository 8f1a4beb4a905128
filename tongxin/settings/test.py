"""Test settings: fast password hashing, in-memory e-mail, no broker."""

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
TONGXIN_FIELD_KEYS = ["7vP8z5J0Bf5s5r2B9Y1d0bH3m6y4rXc8sVq3uKz1wQo="]
TONGXIN_LOOKUP_KEY = "test-lookup-key"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # In-memory test database; WAL makes no sense there.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA foreign_keys=ON;"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
# Static files come from the app directories (finders); nothing is collected in tests.
STATIC_ROOT = None
