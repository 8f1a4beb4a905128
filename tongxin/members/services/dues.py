"""Monthly member dues: 0.5% of the wage base, the part under 10 yuan not counted.

The rate and rounding are settings (``TONGXIN_DUES_RATE_BASIS_POINTS``,
``TONGXIN_DUES_BASE_STEP_FEN``) and are copied onto each ``DuesRecord`` so a later policy change
never rewrites past months. Retained (retired) members pay no dues.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q

from .. import events
from ..choices import PeriodStatus
from ..models import DuesRecord, MembershipPeriod
from ..permissions import MembersPermission

P = MembersPermission


def dues_rule() -> tuple[int, int, str]:
    rate = settings.TONGXIN_DUES_RATE_BASIS_POINTS
    step = settings.TONGXIN_DUES_BASE_STEP_FEN
    return rate, step, f"floor_to_{step}_fen"


def dues_amount(
    wage_base_fen: int, *, rate_basis_points: int, base_step_fen: int
) -> tuple[int, int]:
    """Return ``(counted_base_fen, dues_fen)``: the base floored to the step, times the rate
    (rounded half up to the fen). 0.5% of 5,678.90 yuan → base 5,670 → 28.35 yuan."""
    counted = wage_base_fen // base_step_fen * base_step_fen
    return counted, (counted * rate_basis_points + 5000) // 10000


def dues_compute_month(*, actor: Actor, node: OrgNode, month: dt.date) -> int:
    """Create the dues rows of ``month`` for every member in ``node``'s subtree; return how many.

    Members are those with a ``member`` period covering the first day of the month. Rows
    that already exist are left alone, so running it twice adds nothing.
    """
    access.require_at(actor, P.COMPUTE_DUES, node)
    if month.day != 1:
        raise ValidationFailed(_("Give the first day of the month."), field="month")
    rate, step, rule = dues_rule()
    with transaction.atomic(durable=True):
        periods = (
            MembershipPeriod.objects.filter(subtree_q(node.path, "node__path"))
            .filter(status=PeriodStatus.MEMBER, started_on__lte=month)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=month))
            .exclude(person__dues_records__month=month)
            .select_related("person")
        )
        rows = []
        for period in periods:
            counted, amount = dues_amount(
                period.person.wage_base_fen, rate_basis_points=rate, base_step_fen=step
            )
            rows.append(
                DuesRecord(
                    person=period.person,
                    node_id=period.node_id,
                    month=month,
                    wage_base_fen=period.person.wage_base_fen,
                    counted_base_fen=counted,
                    rate_basis_points=rate,
                    rounding_rule=rule,
                    amount_fen=amount,
                )
            )
        DuesRecord.objects.bulk_create(rows, batch_size=500)
        audit.record(
            actor=actor,
            event=events.DUES_COMPUTED,
            target=node,
            changes={"month": month, "records": len(rows), "rate_basis_points": rate},
            node_path=node.path,
        )
    return len(rows)
