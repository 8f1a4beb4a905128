import datetime as dt
from typing import Any

from django.db.models import Max

from tongxin.clubs import services
from tongxin.clubs.models import (
    Club,
    ClubBudget,
    ClubExpense,
    ClubLeader,
    ClubMembership,
    ClubSessionSeries,
)
from tongxin.core.models import AuditEvent
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode
from tongxin.testing.api import table_counts

SYSTEM = Actor.system()


def make_club(node: OrgNode, **data: Any) -> Club:
    values = {"name": "Club", "kind": "basketball", "description": "Weekly games"}
    values.update(data)
    return services.club_create(actor=SYSTEM, node=node, **values)


def series_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "weekday": 2,
        "starts_at": dt.time(17, 0),
        "ends_at": dt.time(18, 30),
        "place": "Gym",
        "first_on": dt.date(2021, 3, 1),
        "last_on": dt.date(2021, 3, 31),
        "capacity": 20,
    }
    data.update(overrides)
    return data


def state() -> tuple:
    """Everything the clubs services write (and the tables they write through)."""
    return (
        tuple(sorted(table_counts().items())),
        AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
        tuple(Club.objects.order_by("pk").values_list("pk", "name", "status", "updated_at")),
        tuple(ClubMembership.objects.order_by("pk").values_list("pk", "left_on")),
        tuple(ClubLeader.objects.order_by("pk").values_list("pk", "ends_on")),
        tuple(ClubBudget.objects.order_by("pk").values_list("pk", "amount_fen")),
        tuple(ClubExpense.objects.order_by("pk").values_list("pk", "reversed_at")),
        ClubSessionSeries.objects.count(),
    )
