"""The demo union, built step by step through the services.

``run`` is idempotent: if the demo school already exists, nothing is added. Every step takes the
shared ``DemoContext`` (the school, its branches, people and accounts, and a seeded random
generator) so later steps can build on earlier ones, and the result is the same on every run.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from tongxin.accounts.models import User
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

DEMO_SCHOOL_CODE = "demo"
DEMO_PASSWORD = "tongxin2021"  # noqa: S105 - printed for the demo on purpose


class Writer(Protocol):
    """Where the seeder reports: a text stream or a management command's ``self.stdout``."""

    def write(self, text: str, /) -> object: ...


@dataclass
class DemoContext:
    out: Writer
    rng: random.Random = field(default_factory=lambda: random.Random(20202021))
    system: Actor = field(default_factory=Actor.system)
    school_node: OrgNode | None = None  # set by the people step, which runs first
    branches: list[OrgNode] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, note)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def school(self) -> OrgNode:
        """The demo school union; every step after the people step builds on it."""
        if self.school_node is None:
            raise RuntimeError("The people step has not created the school yet.")
        return self.school_node

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


def person_of(user: User) -> Person:
    """The staff person behind a demo login (every login but the system admin has one)."""
    if user.person is None:
        raise ValueError(f"The demo login {user.username} has no person.")
    return user.person


def _steps() -> list[tuple[str, Callable[[DemoContext], None]]]:
    from . import (
        activities,
        benefits,
        care,
        clubs,
        donations,
        funds,
        people,
        proposals,
        quizzes,
        staff_services,
        submissions,
        voice,
    )

    return [
        ("people", people.seed),
        ("funds", funds.seed),
        ("activities", activities.seed),
        ("quizzes", quizzes.seed),
        ("submissions", submissions.seed),
        ("clubs", clubs.seed),
        ("benefits", benefits.seed),
        ("staff_services", staff_services.seed),
        ("donations", donations.seed),
        ("voice", voice.seed),
        ("proposals", proposals.seed),
        ("care", care.seed),
    ]


def run(out: Writer) -> DemoContext | None:
    """Build the demo union unless it exists; return the context, or None if it existed."""
    ctx = DemoContext(out=out)
    if OrgNode.objects.filter(code=DEMO_SCHOOL_CODE, parent__isnull=True).exists():
        ctx.say("The demo union is already loaded; nothing added.")
        return None
    for name, step in _steps():
        ctx.say(f"- {name} …")
        # Steps call durable services (each its own transaction), so they are not wrapped in
        # one; the demo is meant for a fresh database.
        step(ctx)
    return ctx
