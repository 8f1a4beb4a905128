"""Submission fixtures: a temporary MEDIA_ROOT, children of the personas, calls in each state."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone

from tongxin.members import services as members
from tongxin.members.models import FamilyMember
from tongxin.submissions import services
from tongxin.submissions.models import SubmissionCall, Work
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM, Cast
from tongxin.testing.submissions import PNG, make_call, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _child(cast: Cast, persona: str, name: str, age: int) -> FamilyMember:
    today = timezone.localdate()
    return members.family_member_add(
        actor=SYSTEM,
        person=cast.people[persona],
        relation="child",
        name=name,
        birth_on=dt.date(today.year - age, 1, 1) - dt.timedelta(days=1),
    )


@pytest.fixture
def children(cast: Cast) -> dict[str, FamilyMember]:
    """Children of the personas: A's (8 and 2 years old), B's, the office admin's."""
    return {
        "a": _child(cast, "branch_a_member", "Child A", 8),
        "a_toddler": _child(cast, "branch_a_member", "Toddler A", 2),
        "a2": _child(cast, "branch_a_liaison", "Child L", 9),
        "b": _child(cast, "branch_b_member", "Child B", 10),
        "office": _child(cast, "office_admin", "Child O", 7),
        "chair": _child(cast, "branch_a_chair", "Child C", 6),
    }


@pytest.fixture
def call(cast: Cast) -> SubmissionCall:
    return make_call(cast)


@pytest.fixture
def submit(cast: Cast, call: SubmissionCall, children) -> Callable[..., Work]:  # type: ignore[no-untyped-def]
    """Submit a work as ``persona`` for their child ``child`` (a key of ``children``)."""

    def _submit(
        persona: str = "branch_a_member",
        child: str = "a",
        *,
        content: bytes = PNG,
        title: str = "My family",
        on_call: SubmissionCall | None = None,
    ) -> Work:
        return services.work_submit(
            actor=cast.actor(persona),
            call=on_call or call,
            submitter=cast.people[persona],
            child=children[child],
            title=title,
            upload=upload(content),
        )

    return _submit


@pytest.fixture
def books(cast: Cast):  # type: ignore[no-untyped-def]
    """Open books (policy in force from 2020) with budgets, for prizes and payments."""
    year = timezone.localdate().year
    return fund_books(cast, year=year, branch_funds_fen=0)


@pytest.fixture
def judging(cast: Cast, call: SubmissionCall, submit, books) -> dict:  # type: ignore[no-untyped-def]
    """A call in judging with three accepted works (authors: children a, a2, b) and two
    judges (office admin and the chair A). Returns the call, works and judges."""
    works = {
        "a": submit("branch_a_member", "a", title="Sun"),
        "a2": submit("branch_a_liaison", "a2", title="Tree"),
        "b": submit("branch_b_member", "b", title="Sea"),
        "office": submit("office_admin", "office", title="Moon"),
    }
    for work in works.values():
        services.work_accept(actor=SYSTEM, work=work)
    judges = {
        "office": services.judge_appoint(
            actor=SYSTEM, call=call, person=cast.people["office_admin"]
        ),
        "chair": services.judge_appoint(
            actor=SYSTEM, call=call, person=cast.people["branch_a_chair"]
        ),
    }
    call = services.call_start_judging(actor=SYSTEM, call=call)
    return {"call": call, "works": works, "judges": judges}
