"""Local development and the demo: debug on, everything else as in base."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
# runserver serves static files from the app directories; nothing is collected.
STATIC_ROOT = None
