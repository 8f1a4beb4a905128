"""Staff services: group accident insurance and school-place help for staff children.

The union buys a group accident insurance policy for its members, keeps the insured roster,
posts the premium to the ledger and helps members with claims (the insurer's payment is
recorded, never posted: it is not union money). It also collects school-place applications
for staff children and passes them on to the town's education bureau.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffServicesConfig(AppConfig):
    name = "tongxin.staff_services"
    label = "staff_services"
    verbose_name = _("Staff services")

    def ready(self) -> None:
        from tongxin.core import audit
        from tongxin.orgs import access
        from tongxin.staff_services import events, permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
        audit.register_event_labels(events.LABELS)
