"""Congress rows the proposal tests need (the congress app's services are built in parallel;
these factories write the base rows directly, as factories may)."""

import datetime as dt

from tongxin.congress.models import CongressTerm, Delegation, Representative
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode


def congress_term(school: OrgNode, number: int = 1) -> CongressTerm:
    return CongressTerm.objects.create(
        school=school,
        number=number,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2030, 12, 31),
        years=5,
        status="active",
    )


def seat(term: CongressTerm, person: Person, *, kind: str = "formal") -> Representative:
    delegation, _created = Delegation.objects.get_or_create(
        term=term, node_id=person.node_id, defaults={"name": f"Delegation {person.node_id}"}
    )
    return Representative.objects.create(
        term=term, delegation=delegation, person=person, kind=kind, elected_on=dt.date(2020, 1, 1)
    )


def make_proposals(collection, person: Person, count: int, *, status: str = "submitted"):  # type: ignore[no-untyped-def]
    """``count`` proposals of ``person`` in ``status`` (rows written directly, for lists)."""
    from tongxin.proposals.models import Proposal

    seat = Representative.objects.get(term=collection.term, person=person, ended_on__isnull=True)
    last = Proposal.objects.filter(collection=collection).count()
    return Proposal.objects.bulk_create(
        [
            Proposal(
                collection=collection,
                number=last + index + 1,
                title=f"Proposal {last + index + 1}",
                reasons="Reasons",
                measures="Measures",
                category="welfare",
                proposer=person,
                representative=seat,
                node_id=person.node_id,
                status=status,
            )
            for index in range(count)
        ]
    )
