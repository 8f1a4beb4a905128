"""Counting person-times: by kind, by branch, by occasion, for a person."""

import datetime as dt

from django.db.models import Count, QuerySet, Sum

from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q

from .models import Participation
from .permissions import ParticipationPermission

P = ParticipationPermission


def participation_list(
    *,
    actor: Actor,
    kind: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    node: OrgNode | None = None,
) -> QuerySet[Participation]:
    """Person-times the actor may see; ``end`` is exclusive."""
    qs = access.scope(
        Participation.objects.select_related("person", "node"), actor, P.VIEW_PARTICIPATION
    )
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(occurred_on__gte=start)
    if end:
        qs = qs.filter(occurred_on__lt=end)
    if node is not None:
        qs = qs.filter(subtree_q(node.path, "node__path"))
    return qs


def participation_stats_by_kind(
    *, actor: Actor, start: dt.date, end: dt.date, node: OrgNode | None = None
) -> dict[str, dict[str, int]]:
    """``kind → {"person_times", "people", "amount_fen"}`` over ``[start, end)``."""
    rows = (
        participation_list(actor=actor, start=start, end=end, node=node)
        .order_by()
        .values("kind")
        .annotate(
            person_times=Count("pk"),
            people=Count("person_id", distinct=True),
            amount_fen=Sum("amount_fen"),
        )
    )
    return {
        row["kind"]: {
            "person_times": row["person_times"],
            "people": row["people"],
            "amount_fen": row["amount_fen"] or 0,
        }
        for row in rows
    }


def participation_count_for(*, occasion_type: str, occasion_id: int | str) -> int:
    return Participation.objects.filter(
        occasion_type=occasion_type, occasion_id=str(occasion_id)
    ).count()


def person_participations(*, actor: Actor, person_id: int) -> QuerySet[Participation]:
    return access.scope(
        Participation.objects.filter(person_id=person_id), actor, P.VIEW_PARTICIPATION
    ).order_by("-occurred_on", "-id")
