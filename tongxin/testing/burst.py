"""A burst of simultaneous sign-ups: many threads, each with its own database connection,
released together by a barrier. Used by the concurrency tests and by ``bench/signup_burst.py``.

On PostgreSQL the threads use the test database as it is. On SQLite an in-memory test
database cannot be shared by connections the way a file can, so ``file_database`` copies it
(schema and rows) into a temporary file opened like production opens it: WAL, IMMEDIATE
transactions and a busy timeout. Each worker thread binds its own connection to that file.
"""

import copy
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import connection, connections

from tongxin.activities import services
from tongxin.activities.models import Activity
from tongxin.core.errors import DomainError
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor

Binder = Callable[[], None]
Context = TypeVar("Context")

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 60,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


@contextmanager
def file_database() -> Iterator[Binder]:
    """Yield ``bind()``: call it first in every worker thread to use a shareable database."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    with tempfile.TemporaryDirectory(prefix="tongxin-burst-") as folder:
        path = str(Path(folder) / "burst.sqlite3")
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict = copy.deepcopy(connection.settings_dict)
        settings_dict["NAME"] = path
        settings_dict["OPTIONS"] = dict(SQLITE_OPTIONS)
        wrapper_class = type(connections["default"])

        def bind() -> None:
            # ``connections`` is thread-local: this replaces the default connection of the
            # calling thread only.
            connections["default"] = wrapper_class(copy.deepcopy(settings_dict), alias="default")

        yield bind


def in_thread(bind: Binder, function: Callable[[], object]) -> object:
    """Run ``function`` in a fresh thread bound to the burst database; return its result."""
    box: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        bind()
        try:
            box.append(function())
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(error)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return box[0]


@dataclass
class BurstResult:
    outcomes: list[tuple[int, str]] = field(default_factory=list)  # (item, status or error code)
    latencies: list[float] = field(default_factory=list)  # seconds, per request
    started: float = 0.0
    finished: list[float] = field(default_factory=list)

    @property
    def wall_seconds(self) -> float:
        """From the barrier's release until the last request had its answer."""
        return max(self.finished) - self.started if self.finished else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run_parallel(
    *,
    items: Sequence[int],
    workers: int,
    prepare: Callable[[list[int]], Context],
    call: Callable[[Context, int], str],
    bind: Binder = lambda: None,
) -> BurstResult:
    """Split ``items`` over ``workers`` threads, each with its own connection; after each
    thread's ``prepare(chunk)``, a barrier releases all at once and each ``call(context, item)``
    is timed."""
    result = BurstResult()
    lock = threading.Lock()
    chunks = [list(items[index::workers]) for index in range(workers)]
    if not all(chunks):
        raise ValueError("more workers than requests")

    def started() -> None:
        result.started = time.perf_counter()

    barrier = threading.Barrier(workers, action=started)
    errors: list[BaseException] = []

    def work(chunk: list[int]) -> None:
        bind()
        try:
            context = prepare(chunk)
            barrier.wait()
            for item in chunk:
                began = time.perf_counter()
                outcome = call(context, item)
                ended = time.perf_counter()
                with lock:
                    result.outcomes.append((item, outcome))
                    result.latencies.append(ended - began)
            with lock:
                result.finished.append(time.perf_counter())
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            barrier.abort()
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return result


def run_burst(
    *, activity_id: int, person_ids: Sequence[int], workers: int, bind: Binder = lambda: None
) -> BurstResult:
    """Every person signs themselves up, ``workers`` requests at a time, all released at once.

    ``person_ids`` may repeat an id (a double click): the second request must be refused.
    """

    def prepare(chunk: list[int]) -> tuple[Activity, dict[int, Person]]:
        activity = Activity.objects.get(pk=activity_id)
        people = {p.pk: p for p in Person.objects.select_related("node").filter(pk__in=set(chunk))}
        return activity, people

    def call(context: tuple[Activity, dict[int, Person]], person_id: int) -> str:
        activity, people = context
        person = people[person_id]
        actor = Actor(user_id=None, person_id=person_id, name=person.name)
        try:
            return services.activity_sign_up(actor=actor, activity=activity, person=person).status
        except DomainError as error:
            return error.code

    return run_parallel(items=person_ids, workers=workers, prepare=prepare, call=call, bind=bind)
