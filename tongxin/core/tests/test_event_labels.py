"""Every audit event an app records has a translated label, so change-history panels read
words ("Books opened"), never codes ("fund_books.opened")."""

import importlib
import re

from django.apps import apps

from tongxin.core import audit

EVENT_NAME = re.compile(r"^[a-z_]+\.[a-z_]+$")


def test_every_audit_event_has_a_label() -> None:
    # given the event names declared in every app's events module
    unlabelled = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tongxin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.events")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            is_event = name.isupper() and isinstance(value, str) and EVENT_NAME.match(value)
            # when its label is looked up
            if is_event and audit.event_label(value) == value:
                unlabelled.append(f"{config.label}.{name} = {value}")
    # then every one has a label
    assert unlabelled == []
