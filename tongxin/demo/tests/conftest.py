"""The demo build tests restore the migrated database (``serialized_rollback``).

Django restores it by loading the serialized rows at the test's set-up. A transactional test
that ran before on the same worker without ``serialized_rollback`` flushed the database and
let ``post_migrate`` create the content types and permissions again, so loading the serialized
rows would collide with them. Before such a test, empty the test database without
``post_migrate``; the set-up then loads the migrated state whole.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from pytest_django.plugin import blocking_manager_key


def _is_test_database() -> bool:
    name = str(connection.settings_dict.get("NAME") or "")
    return name.startswith("test_") or "memory" in name


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    if not hasattr(connection, "_test_serialized_contents") or not _is_test_database():
        return  # the test database is not set up yet: nothing ran on it before this test
    with item.config.stash[blocking_manager_key].unblock():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
