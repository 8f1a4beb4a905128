"""Building a small congress on the persona cast, through the services."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from tongxin.congress import services
from tongxin.congress.models import (
    Attendance,
    Ballot,
    CongressSession,
    CongressTerm,
    Delegation,
    Election,
    Poll,
    Representative,
    VoterMark,
)
from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode
from tongxin.testing.api import table_counts
from tongxin.testing.personas import Cast

SYSTEM = Actor.system()
TERM_START = dt.date(2025, 1, 1)


def state() -> tuple:
    """Everything the congress services write."""
    return (
        tuple(sorted(table_counts().items())),
        AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
        tuple(CongressTerm.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Delegation.objects.order_by("pk").values_list("pk", "head_id", "updated_at")),
        tuple(Representative.objects.order_by("pk").values_list("pk", "ended_on", "kind")),
        tuple(CongressSession.objects.order_by("pk").values_list("pk", "status")),
        tuple(Poll.objects.order_by("pk").values_list("pk", "status", "hands_yes", "updated_at")),
        tuple(Election.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        Attendance.objects.count(),
        VoterMark.objects.count(),
        Ballot.objects.count(),
    )


def make_person(
    node: OrgNode, number: str, name: str, *, gender: str = "male", **extra: Any
) -> Person:
    data: dict[str, Any] = {
        "staff_number": number,
        "name": name,
        "gender": gender,
        "birth_on": dt.date(1980, 5, 1),
        "staff_category": "teacher",
    }
    data.update(extra)
    person = members.person_create(actor=SYSTEM, node=node, **data)
    if person.employment_status != "active":
        return person
    return members.membership_join(actor=SYSTEM, person=person, on=dt.date(2015, 9, 1))


@dataclass
class Congress:
    cast: Cast
    term: CongressTerm
    delegation_a: Delegation
    delegation_b: Delegation
    reps: list[Representative] = field(default_factory=list)

    def rep_of(self, persona: str) -> Representative:
        person = self.cast.people[persona]
        return next(r for r in self.reps if r.person_id == person.pk)


def make_congress(cast: Cast, *, extra: int = 7, **rules: Any) -> Congress:
    """A term with delegations for branches A and B; the branch A and B member personas and
    ``extra`` more teachers are formal representatives (``extra + 2`` seats in all)."""
    term = services.term_create(
        actor=SYSTEM, school=cast.school, number=1, starts_on=TERM_START, years=5, **rules
    )
    delegation_a = services.delegation_create(
        actor=SYSTEM, term=term, node=cast.branch_a, name="Delegation A"
    )
    delegation_b = services.delegation_create(
        actor=SYSTEM, term=term, node=cast.branch_b, name="Delegation B"
    )
    congress = Congress(cast, term, delegation_a, delegation_b)
    for persona, delegation in (
        ("branch_a_member", delegation_a),
        ("branch_b_member", delegation_b),
    ):
        person = cast.people[persona]
        members.person_update(actor=SYSTEM, person=person, changes={"staff_category": "teacher"})
        congress.reps.append(
            services.representative_seat(
                actor=SYSTEM, delegation=delegation, person=person, on=TERM_START
            )
        )
    for index in range(extra):
        delegation = delegation_a if index % 2 else delegation_b
        person = make_person(
            delegation.node,
            f"R{index:04d}",
            f"Rep {index:02d}",
            gender="female" if index % 2 else "male",
        )
        congress.reps.append(
            services.representative_seat(
                actor=SYSTEM, delegation=delegation, person=person, on=TERM_START
            )
        )
    return congress


def open_session(congress: Congress, *, present: int | None = None) -> CongressSession:
    """A session with the first ``present`` representatives checked in (all by default),
    opened when that is a quorum."""
    session = services.session_create(
        actor=SYSTEM,
        term=congress.term,
        title="First session",
        starts_at=timezone.now(),
        place="Hall",
    )
    count = len(congress.reps) if present is None else present
    for rep in congress.reps[:count]:
        services.session_check_in_by_list(actor=SYSTEM, session=session, representative=rep)
    services.session_open(actor=SYSTEM, session=session)
    return CongressSession.objects.select_related("term__school").get(pk=session.pk)


def voter(congress: Congress, rep: Representative) -> Actor:
    """An actor for a representative (no account needed by the services)."""
    return Actor(user_id=None, person_id=rep.person_id, name=rep.person.name)
