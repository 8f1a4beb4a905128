"""Posting an activity's costs through the funds ledger, and reversing them.

An activity's ``estimated_cost_fen`` is a plan; ``ActivityCost`` rows are what was actually
paid. Each cost is one expense entry (``ledger_post_expense``) from the paying node's fund
under a staff activities category of the chart in force on the day the cost was incurred, so
budget control, fund balances and the chart's forbidden items all apply exactly as for any
other payment. A posted cost never changes; ``activity_cost_reverse`` posts the mirror entry
(``ledger_reverse``) and marks the cost reversed, so balances and budgets return to what they
were and the history stays readable.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.funds.services import SourceRef, fund_node_of, ledger_post_expense, ledger_reverse
from tongxin.funds.services.accounts import category_for_posting, chart_in_force
from tongxin.funds.services.checks import check_amount, check_date
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import clock, events
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, ActivityCost
from ..permissions import ActivitiesPermission as P

COST_CATEGORY_ROOT = "expense.staff_activities"
DEFAULT_COST_CATEGORY = "expense.staff_activities.culture_sports"
AUDITED = ("description", "amount_fen", "incurred_on", "paying_node_id", "category_key", "payee")


def _text(value: object, *, field: str, limit: int, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationFailed(_("Say what was paid for."), code=E.INVALID_COST, field=field)
    if len(text) > limit:
        raise ValidationFailed(_("This text is too long."), code=E.INVALID_COST, field=field)
    return text


def paying_nodes(activity: Activity) -> list[OrgNode]:
    """The nodes whose fund may pay for ``activity``: the organiser's fund node (a group's
    branch) and the co-organising school union or branches, in tree order."""
    nodes: dict[int, OrgNode] = {}
    for node in [activity.organiser, *activity.co_organisers.all()]:
        try:
            fund_node = fund_node_of(node)
        except ValidationFailed:
            continue
        nodes[fund_node.pk] = fund_node
    return sorted(nodes.values(), key=lambda n: n.path)


def check_cost_category(key: str, on: dt.date) -> str:
    """``key`` must be a postable category under staff activities in the chart in force."""
    key = str(key or "").strip()
    if not key.startswith(COST_CATEGORY_ROOT + "."):
        raise ValidationFailed(
            _("An activity's cost is booked under one of the staff activities categories."),
            code=E.WRONG_COST_CATEGORY,
            field="category_key",
        )
    category_for_posting(chart_in_force(on), key, field="category_key")
    return key


def activity_cost_post(
    *,
    actor: Actor,
    activity: Activity,
    description: str,
    amount_fen: int,
    incurred_on: dt.date,
    category_key: str = DEFAULT_COST_CATEGORY,
    paying_node: OrgNode | None = None,
    payee: str = "",
    budget_override_reason: str = "",
) -> ActivityCost:
    """Record and pay one cost of ``activity``.

    Rules: the actor manages costs of the activity (its organiser's union office or branch
    chair) *and* of the paying node, so a branch chair cannot spend the school's money; the
    paying node is the organiser's fund node or a co-organiser's (a cost is paid by someone
    who runs the activity); the amount is a positive whole number of fen; the category lies
    under staff activities and may be posted in the chart in force on ``incurred_on``. The
    ledger then refuses a payment the fund cannot cover, or one beyond the approved budget
    line unless the actor may override budgets and gives a reason (kept on the entry).
    Effects, in one transaction: the cost row, its journal entry (source: the cost), audit.
    """
    access.require(actor, P.MANAGE_COST, activity)
    description = _text(description, field="description", limit=200, required=True)
    payee = _text(payee, field="payee", limit=200, required=False)
    amount = check_amount(amount_fen, field="amount_fen")
    incurred_on = check_date(incurred_on, field="incurred_on")
    key = check_cost_category(category_key, incurred_on)
    allowed = {node.pk: node for node in paying_nodes(activity)}
    if paying_node is None:
        paying_node = fund_node_of(activity.organiser)
    if paying_node.pk not in allowed:
        raise ValidationFailed(
            _("A cost is paid by the organiser or a branch organising the activity."),
            code=E.WRONG_PAYING_NODE,
            field="paying_node",
        )
    paying_node = allowed[paying_node.pk]
    access.require_at(actor, P.MANAGE_COST, paying_node)
    with transaction.atomic(durable=True):
        cost = ActivityCost.objects.create(
            activity=activity,
            description=description,
            amount_fen=amount,
            incurred_on=incurred_on,
            paying_node=paying_node,
            category_key=key,
            payee=payee,
            created_by_id=actor.user_id,
        )
        entry = ledger_post_expense(
            actor=actor,
            node=paying_node,
            category_key=key,
            amount_fen=amount,
            entry_on=incurred_on,
            memo=(f"{activity.title}: {description}")[:200],
            source=SourceRef.of(cost),
            budget_override_reason=budget_override_reason,
        )
        cost.journal_entry = entry
        cost.save(update_fields=["journal_entry", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ACTIVITY_COST_POSTED,
            target=cost,
            changes={**audit.snapshot(cost, AUDITED), "journal_entry": entry.pk},
            node_path=activity.organiser.path,
        )
    return cost


def activity_cost_reverse(*, actor: Actor, cost: ActivityCost, reason: str) -> ActivityCost:
    """Reverse a posted cost with a reason: the mirror entry is posted (``ledger_reverse``)
    and the cost is marked reversed; the original entry is never edited.

    Rules: the actor manages costs of the activity and of the paying node; a cost is
    reversed once; a reason is given.
    """
    access.require(actor, P.MANAGE_COST, cost)
    reason = _text(reason, field="reason", limit=200, required=False)
    if not reason:
        raise ValidationFailed(
            _("Give the reason for the reversal."), code=E.INVALID_COST, field="reason"
        )
    access.require_at(actor, P.MANAGE_COST, cost.paying_node)
    with transaction.atomic(durable=True):
        locked = (
            ActivityCost.objects.select_for_update(of=("self",))
            .select_related("activity__organiser", "journal_entry", "paying_node")
            .get(pk=cost.pk)
        )
        if locked.reversed_at is not None or locked.journal_entry is None:
            raise DomainError(_("This cost has already been reversed."), code=E.COST_REVERSED)
        reversal = ledger_reverse(actor=actor, entry=locked.journal_entry, reason=reason)
        locked.reversal_entry, locked.reversed_at, locked.reverse_reason = (
            reversal,
            clock.now(),
            reason,
        )
        locked.save(update_fields=["reversal_entry", "reversed_at", "reverse_reason", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ACTIVITY_COST_REVERSED,
            target=locked,
            changes={"reversal_entry": reversal.pk, "reason": reason},
            node_path=locked.activity.organiser.path,
        )
    return locked
