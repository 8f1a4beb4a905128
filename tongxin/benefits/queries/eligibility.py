"""Who a batch is for: no actor here, the services that call it have checked access."""

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q, QuerySet

from tongxin.activities.choices import SignUpStatus
from tongxin.activities.models import SignUp
from tongxin.members.choices import PeriodStatus
from tongxin.members.models import MembershipPeriod
from tongxin.orgs.models import subtree_q

from ..models import BenefitBatch

# Sign-ups whose person receives an activity's gift.
GIFT_SIGN_UP_STATUSES = (SignUpStatus.ATTENDED, SignUpStatus.CONFIRMED)


@dataclass(frozen=True)
class Recipient:
    person_id: int
    node_id: int
    node_path: str


def batch_recipients(batch: BenefitBatch) -> list[Recipient]:
    """The people a batch is for, in person id order (one query).

    Festival: members in good standing on the cut-off date, that is whose membership period
    covers that day with the status "member" (retained members, i.e. retirees, only when the
    batch includes them), inside the audience subtree (the whole school by default); the node
    is where they were a member that day. Activity: the staff whose own sign-up (not a
    child's) is attended or confirmed, at the node they signed up from.
    """
    root = batch.audience_node.path if batch.audience_node is not None else batch.school.path
    rows: QuerySet[Any, tuple[int, int, str]]
    if batch.is_festival:
        statuses = [PeriodStatus.MEMBER]
        if batch.include_retirees:
            statuses.append(PeriodStatus.RETAINED)
        rows = (
            MembershipPeriod.objects.filter(
                subtree_q(root, "node__path"), started_on__lte=batch.cutoff_on, status__in=statuses
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=batch.cutoff_on))
            .order_by("person_id", "-started_on")
            .values_list("person_id", "node_id", "node__path")
        )
    else:
        rows = (
            SignUp.objects.filter(
                # An activity batch always has its activity (a check constraint).
                activity_id=cast(int, batch.activity_id),
                status__in=GIFT_SIGN_UP_STATUSES,
                person__isnull=False,
                family_member__isnull=True,
            )
            .order_by("person_id", "pk")
            .values_list("person_id", "node_id", "node__path")
        )
    seen: set[int] = set()
    recipients = []
    for person_id, node_id, path in rows:
        if person_id in seen:
            continue
        seen.add(person_id)
        recipients.append(Recipient(person_id, node_id, path))
    return recipients
