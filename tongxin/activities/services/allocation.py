"""Counting places and handing them out. Helpers for the sign-up services: every function
here must be called while the caller holds the activity's row lock, so the counts it reads
cannot change before the caller writes."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Count

from ..choices import HOLDING_STATUSES, LIVE_STATUSES, SignUpStatus
from ..models import Activity, ActivityBranchQuota, ActivitySlot, LotteryDraw, SignUp

S = SignUpStatus


@dataclass
class Places:
    """Places taken, and the caps that apply: total, per branch, per slot."""

    quota: int | None
    branch_caps: dict[int, int]
    slot_caps: dict[int, int]
    taken: int = 0
    by_branch: Counter[int] = field(default_factory=Counter)
    by_slot: Counter[int] = field(default_factory=Counter)

    def fits(self, node_id: int, slot_id: int | None) -> bool:
        if self.quota is not None and self.taken >= self.quota:
            return False
        cap = self.branch_caps.get(node_id)
        if cap is not None and self.by_branch[node_id] >= cap:
            return False
        return slot_id is None or self.by_slot[slot_id] < self.slot_caps.get(slot_id, 0)

    def take(self, node_id: int, slot_id: int | None) -> None:
        self.taken += 1
        self.by_branch[node_id] += 1
        if slot_id is not None:
            self.by_slot[slot_id] += 1

    def is_full(self) -> bool:
        return self.quota is not None and self.taken >= self.quota

    def free(self) -> dict[str, object]:
        """What is still free, as JSON (recorded with a lottery draw)."""
        return {
            "total": None if self.quota is None else self.quota - self.taken,
            "branches": {
                str(k): v - self.by_branch[k] for k, v in sorted(self.branch_caps.items())
            },
            "slots": {str(k): v - self.by_slot[k] for k, v in sorted(self.slot_caps.items())},
        }


def branch_caps(activity: Activity) -> dict[int, int]:
    return dict(
        ActivityBranchQuota.objects.filter(activity=activity).values_list("node_id", "places")
    )


def slot_caps(activity: Activity) -> dict[int, int]:
    return dict(ActivitySlot.objects.filter(activity=activity).values_list("pk", "capacity"))


def places(activity: Activity) -> Places:
    """All places taken, by branch and by slot: three small queries."""
    result = Places(activity.quota, branch_caps(activity), slot_caps(activity))
    rows = (
        SignUp.objects.filter(activity=activity, status__in=HOLDING_STATUSES)
        .order_by()
        .values_list("node_id", "slot_id")
        .annotate(n=Count("pk"))
    )
    for node_id, slot_id, count in rows:
        result.taken += count
        result.by_branch[node_id] += count
        if slot_id is not None:
            result.by_slot[slot_id] += count
    return result


@dataclass(frozen=True)
class Seat:
    """Everything one new sign-up needs to know, read in a single query under the lock."""

    taken: int
    taken_in_branch: int
    taken_in_slot: int
    already_live: int
    last_position: int
    branch_cap: int | None
    slot_count: int
    lottery_drawn: bool
    code: str
    code_taken: bool

    def is_free(self, activity: Activity, slot: ActivitySlot | None) -> bool:
        if activity.quota is not None and self.taken >= activity.quota:
            return False
        if self.branch_cap is not None and self.taken_in_branch >= self.branch_cap:
            return False
        return slot is None or self.taken_in_slot < slot.capacity


def _in(column: str, values: tuple[str, ...]) -> tuple[str, list[str]]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def seat_for(
    activity: Activity,
    *,
    node_id: int,
    slot: ActivitySlot | None,
    person_id: int | None,
    family_member_id: int | None,
    code: str = "",
) -> Seat:
    """Places taken overall, in the branch and in the slot; whether this person (or child)
    already has a live sign-up; the last waitlist position; the branch's cap; whether the
    activity has slots and whether its lottery was drawn; whether ``code`` (a candidate
    check-in code) is already used in the activity.

    One hand-written query: this runs inside the activity's lock on every sign-up, where
    each round trip and each ORM compilation lengthens the queue behind it. Plain SQL that
    SQLite and PostgreSQL both accept.
    """
    holding, holding_params = _in("s.status", HOLDING_STATUSES)
    live, live_params = _in("s.status", LIVE_STATUSES)
    if person_id is None:
        mine, mine_params = "1 = 0", []
    elif family_member_id is None:
        mine = f"s.person_id = %s AND s.family_member_id IS NULL AND {live}"
        mine_params = [person_id, *live_params]
    else:
        mine, mine_params = f"s.family_member_id = %s AND {live}", [family_member_id, *live_params]
    sql = f"""
        SELECT
            COUNT(CASE WHEN {holding} THEN 1 END),
            COUNT(CASE WHEN {holding} AND s.node_id = %s THEN 1 END),
            COUNT(CASE WHEN {holding} AND s.slot_id = %s THEN 1 END),
            COUNT(CASE WHEN {mine} THEN 1 END),
            MAX(s.waitlist_position),
            (SELECT q.places FROM {ActivityBranchQuota._meta.db_table} q
             WHERE q.activity_id = %s AND q.node_id = %s),
            (SELECT COUNT(*) FROM {ActivitySlot._meta.db_table} t WHERE t.activity_id = %s),
            (SELECT COUNT(*) FROM {LotteryDraw._meta.db_table} d WHERE d.activity_id = %s),
            COUNT(CASE WHEN s.check_in_code = %s THEN 1 END)
        FROM {SignUp._meta.db_table} s
        WHERE s.activity_id = %s
    """  # noqa: S608 - table names come from the models, values are parameters
    params: list[Any] = [
        *holding_params,
        *holding_params,
        node_id,
        *holding_params,
        slot.pk if slot is not None else None,
        *mine_params,
        activity.pk,
        node_id,
        activity.pk,
        activity.pk,
        code,
        activity.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return Seat(
        taken=row[0],
        taken_in_branch=row[1],
        taken_in_slot=row[2],
        already_live=row[3],
        last_position=row[4] or 0,
        branch_cap=row[5],
        slot_count=row[6],
        lottery_drawn=bool(row[7]),
        code=code,
        code_taken=bool(row[8]),
    )


def starts_of(sign_up: SignUp) -> dt.datetime:
    """When the sign-up's part of the activity begins (its slot, or the activity)."""
    return (
        cast(ActivitySlot, sign_up.slot).starts_at
        if sign_up.slot_id
        else sign_up.activity.starts_at
    )
