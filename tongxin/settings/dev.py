"""Local development and the demo: debug on, everything else as in base."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
