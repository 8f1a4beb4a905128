"""Demo: builds a union shaped like the seed school's academic year, through the services.

Like ``tongxin.testing`` this package may import every app; it has no models of its own.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "tongxin.demo"
    label = "demo"
    verbose_name = _("Demo union")
