"""Production: secrets required, HTTPS assumed, hashed static files."""

from .base import *  # noqa: F403
from .base import STORAGES
from .env import env_bool, env_int, env_list, env_required

DEBUG = False
SECRET_KEY = env_required("DJANGO_SECRET_KEY")
# Encryption keys are never derived from SECRET_KEY in production: rotating one must not
# make the other's data unreadable.
env_required("TONGXIN_FIELD_KEYS")
TONGXIN_FIELD_KEYS = env_list("TONGXIN_FIELD_KEYS", [])
TONGXIN_LOOKUP_KEY = env_required("TONGXIN_LOOKUP_KEY")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
