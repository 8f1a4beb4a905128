"""A club's spending: paid from its owning node's fund through the ledger, held to the club's
yearly budget.

A club expense is one expense entry (``ledger_post_expense``, source: the expense) from the
owning node's fund under the club's staff activities category, so the fund's balance, its
approved budget line and the chart apply as to any payment. On top, the club's own yearly
budget: spending (its expenses, plus costs posted on its sessions' activities) may not go
beyond it unless a manager of the club gives a written reason (kept on the expense). A posted
expense never changes; ``club_expense_reverse`` posts the mirror entry.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tongxin.activities.models import ActivityCost
from tongxin.activities.services.costs import check_cost_category
from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.money import format_fen
from tongxin.funds.services import SourceRef, ledger_post_expense, ledger_reverse
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..errors import ClubsErrorCode as E
from ..models import Club, ClubBudget, ClubExpense
from ..permissions import ClubsPermission as P
from .common import check_date, check_fen, check_text, lock_club


def check_category(key: object, on: dt.date) -> str:
    """A postable staff activities category of the chart in force on ``on``."""
    return check_cost_category(str(key or ""), on)


def spent_fen(club: Club, year: int) -> int:
    """What the club spent in ``year``: its expenses and its sessions' activity costs, not
    counting reversed ones."""
    own = ClubExpense.objects.filter(
        club=club, incurred_on__year=year, reversed_at__isnull=True
    ).aggregate(total=Sum("amount_fen"))["total"]
    sessions = ActivityCost.objects.filter(
        activity__club_session__club=club, incurred_on__year=year, reversed_at__isnull=True
    ).aggregate(total=Sum("amount_fen"))["total"]
    return (own or 0) + (sessions or 0)


def budget_fen(club: Club, year: int) -> int | None:
    return (
        ClubBudget.objects.filter(club=club, year=year).values_list("amount_fen", flat=True).first()
    )


def club_expense_post(
    *,
    actor: Actor,
    club: Club,
    description: str,
    amount_fen: int,
    incurred_on: dt.date,
    payee: str = "",
    category_key: str = "",
    override_reason: str = "",
) -> ClubExpense:
    """Pay one club expense from the owning node's fund.

    Rules: the actor spends for the club's node (its union office or branch chair); the
    amount is a positive whole number of fen; the category is a staff activities category
    (the club's own by default). The club's spending in the year of ``incurred_on`` may not go
    beyond its budget for that year (no budget set: nothing may be spent) unless the actor
    may override club budgets there and gives a reason. The ledger then checks the fund's
    balance and its approved budget line (the union office alone may override that, with the
    same reason). Effects, in one transaction: the expense, its journal entry, audit.
    """
    access.require(actor, P.SPEND_CLUB, club)
    description = check_text(
        description,
        field="description",
        limit=200,
        required=True,
        message=_("Say what was paid for."),
    )
    payee = check_text(payee, field="payee", limit=200, required=False)
    reason = check_text(override_reason, field="override_reason", limit=500, required=False)
    amount = check_fen(amount_fen, "amount_fen", positive=True)
    incurred_on = check_date(incurred_on, "incurred_on")
    key = check_category(category_key or club.category_key, incurred_on)
    with transaction.atomic(durable=True):
        club = lock_club(club)
        budget = budget_fen(club, incurred_on.year) or 0
        spent = spent_fen(club, incurred_on.year)
        over = spent + amount > budget
        if over and not reason:
            raise DomainError(
                _(
                    "This spends %(amount)s yuan, but only %(left)s yuan of the club's "
                    "%(year)s budget is left."
                )
                % {
                    "amount": format_fen(amount),
                    "left": format_fen(max(budget - spent, 0)),
                    "year": incurred_on.year,
                },
                code=E.CLUB_BUDGET_EXCEEDED,
                field="amount_fen",
                extra={"budget_fen": budget, "spent_fen": spent, "requested_fen": amount},
            )
        if over and not access.can(actor, P.OVERRIDE_CLUB_BUDGET, club):
            raise Forbidden(
                _("Only the club's union office or branch chair may exceed its budget.")
            )
        expense = ClubExpense.objects.create(
            club=club,
            description=description,
            amount_fen=amount,
            incurred_on=incurred_on,
            category_key=key,
            payee=payee,
            override_reason=reason if over else "",
            created_by_id=actor.user_id,
        )
        entry = ledger_post_expense(
            actor=actor,
            node=club.node,
            category_key=key,
            amount_fen=amount,
            entry_on=incurred_on,
            memo=f"{club.name}: {description}"[:200],
            source=SourceRef.of(expense),
            budget_override_reason=reason,
        )
        expense.journal_entry = entry
        expense.save(update_fields=["journal_entry", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLUB_EXPENSE_POSTED,
            target=expense,
            changes={
                "club": club.pk,
                "description": description,
                "amount_fen": amount,
                "incurred_on": incurred_on.isoformat(),
                "category_key": key,
                "payee": payee,
                "journal_entry": entry.pk,
                "override_reason": expense.override_reason,
            },
            node_path=club.node.path,
        )
    return expense


def club_expense_reverse(*, actor: Actor, expense: ClubExpense, reason: str) -> ClubExpense:
    """Reverse a club expense with a reason: the mirror entry is posted, the expense marked
    reversed (its amount no longer counts against the club's budget)."""
    access.require(actor, P.SPEND_CLUB, expense)
    reason = check_text(
        reason,
        field="reason",
        limit=200,
        required=True,
        message=_("Give the reason for the reversal."),
    )
    from tongxin.activities import clock

    with transaction.atomic(durable=True):
        locked = (
            ClubExpense.objects.select_for_update(of=("self",))
            .select_related("club__node", "journal_entry")
            .get(pk=expense.pk)
        )
        if locked.reversed_at is not None or locked.journal_entry is None:
            raise DomainError(_("This expense has already been reversed."), code=E.ALREADY_REVERSED)
        reversal = ledger_reverse(actor=actor, entry=locked.journal_entry, reason=reason)
        locked.reversal_entry, locked.reversed_at, locked.reverse_reason = (
            reversal,
            clock.now(),
            reason,
        )
        locked.save(update_fields=["reversal_entry", "reversed_at", "reverse_reason", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLUB_EXPENSE_REVERSED,
            target=locked,
            changes={"reversal_entry": reversal.pk, "reason": reason},
            node_path=locked.club.node.path,
        )
    return locked
