"""Quizzes: a question bank and online quizzes attached to activities, timed on the server, scored automatically and ranked."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "tongxin.quizzes"
    label = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.orgs import access
        from tongxin.quizzes import events, permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
