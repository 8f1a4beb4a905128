"""Crowds of union members for the benefits tests and benchmark: plain valid rows (a person
and their open membership period), bulk-inserted, so a batch has thousands to give to."""

import datetime as dt

from tongxin.members.choices import PeriodStatus
from tongxin.members.models import MembershipPeriod, Person
from tongxin.orgs.models import OrgNode


def add_members(
    node: OrgNode, count: int, *, prefix: str = "M-", joined_on: dt.date = dt.date(2015, 9, 1)
) -> list[Person]:
    """``count`` members of ``node`` since ``joined_on``, inserted in bulk (a few queries)."""
    school_id = node.school_id or node.pk
    rows = [
        Person(
            school_id=school_id,
            node=node,
            staff_number=f"{prefix}{index:05d}",
            name=f"{prefix} member {index}",
            gender="female" if index % 2 else "male",
            birth_on=dt.date(1980, 1, 1),
            membership_status="member",
            employment_status="active",
            joined_on=joined_on,
        )
        for index in range(count)
    ]
    Person.objects.bulk_create(rows, batch_size=500)
    people = list(
        Person.objects.filter(school_id=school_id, staff_number__in=[r.staff_number for r in rows])
        .select_related("node")
        .order_by("pk")
    )
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(
                person=person, node=node, status=PeriodStatus.MEMBER, started_on=joined_on
            )
            for person in people
        ],
        batch_size=500,
    )
    return people
