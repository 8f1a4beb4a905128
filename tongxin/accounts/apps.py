"""Accounts: log-in by staff number or mobile, throttling, forced password change, API tokens.

A user account links to at most one person; the person exists without it. The request's
``actor`` (who, as which person, with which roles) is built here, lazily, once per request.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tongxin.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from tongxin.accounts import events, permissions, services
        from tongxin.accounts.actors import grants_of_people, touch_roles
        from tongxin.approvals import conflicts
        from tongxin.core import audit
        from tongxin.members import hooks
        from tongxin.orgs import access, guards

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
        guards.register_roles_changed_listener(touch_roles)
        conflicts.register_grants_resolver(grants_of_people)
        # An account follows its person: members tells us of new mobiles and departures.
        hooks.register_phone_changed_listener(services.accounts_sync_login_phones)
        hooks.register_departed_listener(services.accounts_close_for_departed)
