"""The demo (``make demo``): served as a deployment answers, on the local machine.

DEBUG is off, so a missing page gets the site's own (Chinese) 404 page and never Django's
route list. Plain HTTP on 127.0.0.1/localhost. Static files are served by WhiteNoise straight
from the app and project static directories (its finders), so nothing is collected.
"""

from .base import *  # noqa: F403
from .env import env_list

DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
