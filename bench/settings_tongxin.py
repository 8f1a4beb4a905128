"""Production settings for benchmarking on plain HTTP at 127.0.0.1 (no TLS redirect)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789")
os.environ.setdefault("TONGXIN_FIELD_KEYS", "7vP8z5J0Bf5s5r2B9Y1d0bH3m6y4rXc8sVq3uKz1wQo=")
os.environ.setdefault("TONGXIN_LOOKUP_KEY", "bench-lookup-key")

from tongxin.settings.prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
