"""The demo union, built step by step through the services.

``run`` is idempotent: if the demo school already exists, nothing is added. Every step takes the
shared ``DemoContext`` (the school, its branches, people and accounts, and a seeded random
generator) so later steps can build on earlier ones, and the result is the same on every run.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

DEMO_SCHOOL_CODE = "demo"
DEMO_PASSWORD = "tongxin2021"  # noqa: S105 - printed for the demo on purpose


@dataclass
class DemoContext:
    out: TextIO
    rng: random.Random = field(default_factory=lambda: random.Random(20202021))
    system: Actor = field(default_factory=Actor.system)
    school: OrgNode | None = None
    branches: list[OrgNode] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, note)
    extra: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


def _steps() -> list[tuple[str, Callable[[DemoContext], None]]]:
    from . import activities, care, funds, people, voice

    return [
        ("people", people.seed),
        ("funds", funds.seed),
        ("activities", activities.seed),
        ("voice", voice.seed),
        ("care", care.seed),
    ]


def run(out: TextIO) -> DemoContext | None:
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
