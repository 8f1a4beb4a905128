"""Staff services: group accident insurance and school-place help for staff children."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffServicesConfig(AppConfig):
    name = "tongxin.staff_services"
    label = "staff_services"
    verbose_name = _("Staff services")

    def ready(self) -> None:
        from tongxin.orgs import access
        from tongxin.staff_services import permissions

        access.register(permissions.ROLE_PERMISSIONS, own=permissions.OWN_PERMISSIONS)
