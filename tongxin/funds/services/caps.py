"""Per-person caps checked under lock, for the domain apps' services to call.

The benefits app calls ``holiday_cap_check`` in the same transaction in which it records the
people's ``benefit`` participations: the people's rows are locked (primary-key order) before
the year's totals are summed, so two batches for the same person cannot both pass the cap.
"""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.core.money import format_fen
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode

from ..errors import FundsErrorCode
from ..queries.policy import holiday_benefit_total_fen, holiday_cap_fen
from .checks import check_fen


def holiday_cap_check(
    *, school: OrgNode, amounts_fen: Mapping[int, int], on: dt.date
) -> dict[int, int]:
    """Refuse if any person's holiday benefits in ``on``'s year would exceed the cap.

    ``amounts_fen`` maps person id → the value about to be given. Building block: joins the
    caller's transaction and locks the people's rows until it ends, so the caller must record
    the benefits (participation with ``amount_fen``) before committing. Returns person id →
    the year's total before this batch. Raises ``DomainError(cap_exceeded)`` listing up to 50
    people over the cap (``extra``: ``person_ids``, ``cap_fen``).
    """
    for person_id, amount in amounts_fen.items():
        check_fen(amount, f"amounts.{person_id}")
    ids = sorted(amounts_fen)
    cap = holiday_cap_fen(school=school, on=on)
    with transaction.atomic(savepoint=False):
        list(
            Person.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        totals = holiday_benefit_total_fen(person_ids=ids, year=on.year)
        over = [pid for pid in ids if totals.get(pid, 0) + amounts_fen[pid] > cap]
        if over:
            raise DomainError(
                _(
                    "%(count)s people would receive more than %(cap)s yuan of holiday benefits in %(year)s."
                )
                % {"count": len(over), "cap": format_fen(cap), "year": on.year},
                code=FundsErrorCode.CAP_EXCEEDED,
                extra={"person_ids": over[:50], "cap_fen": cap},
            )
    return totals
