"""Test data for activities: activities are built through the services; crowds of people are
plain valid rows (bulk-inserted, for the quota and concurrency tests)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from tongxin.activities import services
from tongxin.activities.models import Activity
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

SYSTEM = Actor.system()


def at(days: float = 0, hours: float = 0) -> dt.datetime:
    """A moment relative to now, on whole minutes."""
    moment = timezone.now() + dt.timedelta(days=days, hours=hours)
    return moment.replace(second=0, microsecond=0)


def activity_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "culture",
        "title": "Film evening",
        "place": "Hall 1",
        "starts_at": at(days=7),
        "ends_at": at(days=7, hours=3),
        "sign_up_deadline": at(days=5),
        "quota": 10,
    }
    data.update(overrides)
    return data


def make_activity(
    organiser: OrgNode, *, publish: bool = True, actor: Actor = SYSTEM, **overrides: Any
) -> Activity:
    activity = services.activity_create(
        actor=actor, organiser=organiser, **activity_data(**overrides)
    )
    if publish:
        activity = services.activity_publish(actor=actor, activity=activity)
    return activity


def make_people(node: OrgNode, count: int, *, prefix: str = "P-", **fields: Any) -> list[Person]:
    """``count`` union members in ``node``, inserted in bulk."""
    values: dict[str, Any] = {
        "gender": "female",
        "birth_on": dt.date(1985, 6, 1),
        "membership_status": "member",
        "employment_status": "active",
    }
    values.update(fields)
    school_id = node.school_id or node.pk
    rows = [
        Person(
            school_id=school_id,
            node=node,
            staff_number=f"{prefix}{index:05d}",
            name=f"{prefix} person {index}",
            **values,
        )
        for index in range(count)
    ]
    Person.objects.bulk_create(rows, batch_size=500)
    numbers = [row.staff_number for row in rows]
    return list(
        Person.objects.filter(school_id=school_id, staff_number__in=numbers)
        .select_related("node")
        .order_by("pk")
    )
