"""Two people applying the same preview at once: it is applied exactly once."""

import threading

import pytest
from django.db import connection

from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.members.models import Person
from tongxin.members.services import roster as roster_services
from tongxin.testing.personas import build_cast

from .roster_files import person_row, upload


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_preview_is_applied_once_under_concurrent_clicks():
    # given a preview of five new people
    cast = build_cast()
    job = upload(cast, [person_row(f"N{i:04d}", "张三", serial=i) for i in range(5)])
    actor = cast.actor("office_admin")
    outcomes: list[str] = []
    threaded = connection.vendor == "postgresql"
    barrier = threading.Barrier(2 if threaded else 1)

    def click() -> None:
        barrier.wait()
        try:
            roster_services.roster_import_apply(actor=actor, roster_import=job)
            outcomes.append("applied")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()

    # when two requests apply it at the same moment (on SQLite, whose IMMEDIATE transactions
    # serialise writers and whose in-memory test database cannot be shared by threads, one
    # after the other: the same order the lock imposes)
    if threaded:
        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:
        click()
        click()
    # then one applies it, the other is told it already was, and nobody is doubled
    assert sorted(outcomes) == ["applied", "import_already_applied"]
    assert Person.objects.filter(staff_number__startswith="N").count() == 5
    assert AuditEvent.objects.filter(event="roster.imported").count() == 1
