"""Counting places and handing them out. Helpers for the sign-up services: every function
here must be called while the caller holds the activity's row lock, so the counts it reads
cannot change before the caller writes."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from ..choices import HOLDING_STATUSES, LIVE_STATUSES, SignUpStatus
from ..models import Activity, ActivityBranchQuota, ActivitySlot, SignUp

S = SignUpStatus
# A filter no row matches that still compiles to SQL (an empty IN would void the aggregate).
NOTHING = Q(pk__isnull=True)


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
    """What one new sign-up needs to know, counted in a single aggregate query."""

    taken: int
    taken_in_branch: int
    taken_in_slot: int
    already_live: int
    last_position: int


def seat_for(
    activity: Activity,
    *,
    node_id: int,
    slot: ActivitySlot | None,
    person_id: int | None,
    family_member_id: int | None,
) -> Seat:
    """Places taken overall, in the branch and in the slot; whether this person (or child)
    already has a live sign-up; the last waitlist position. One query."""
    holding = Q(status__in=HOLDING_STATUSES)
    in_slot = holding & Q(slot_id=slot.pk) if slot is not None else NOTHING
    if person_id is None:
        mine = NOTHING
    elif family_member_id is None:
        mine = Q(person_id=person_id, family_member__isnull=True, status__in=LIVE_STATUSES)
    else:
        mine = Q(family_member_id=family_member_id, status__in=LIVE_STATUSES)
    row = SignUp.objects.filter(activity=activity).aggregate(
        taken=Count("pk", filter=holding),
        taken_in_branch=Count("pk", filter=holding & Q(node_id=node_id)),
        taken_in_slot=Count("pk", filter=in_slot),
        already_live=Count("pk", filter=mine),
        last_position=Max("waitlist_position"),
    )
    return Seat(
        taken=row["taken"],
        taken_in_branch=row["taken_in_branch"],
        taken_in_slot=row["taken_in_slot"],
        already_live=row["already_live"],
        last_position=row["last_position"] or 0,
    )


def seat_free(
    activity: Activity, seat: Seat, branch_cap: int | None, slot: ActivitySlot | None
) -> bool:
    if activity.quota is not None and seat.taken >= activity.quota:
        return False
    if branch_cap is not None and seat.taken_in_branch >= branch_cap:
        return False
    return slot is None or seat.taken_in_slot < slot.capacity


def starts_of(sign_up: SignUp) -> dt.datetime:
    """When the sign-up's part of the activity begins (its slot, or the activity)."""
    return sign_up.slot.starts_at if sign_up.slot_id else sign_up.activity.starts_at
