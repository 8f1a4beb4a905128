"""Celery app. Without ``CELERY_BROKER_URL`` tasks run in-process (eager), so the embedded
SQLite set-up needs no broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings.dev")

app = Celery("tongxin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
