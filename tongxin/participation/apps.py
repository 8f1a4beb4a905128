"""Participation: person-times as records.

Every time a person receives something or takes part (a gift pack signed for, an activity
attended, a care visit, a match played) there is exactly one ``Participation`` row; the annual
figures are counts and sums over them, never typed by hand.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "tongxin.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from tongxin.orgs import access
        from tongxin.participation import permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
