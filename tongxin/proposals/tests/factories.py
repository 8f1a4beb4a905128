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
