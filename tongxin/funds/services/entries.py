"""Entries the finance officer (or a branch chair, for their branch) records by hand.

Receipts (dues, allocated funds, subsidies, the opening balance), payments under an expense
category, the month's dues and reversals of the funds app's own entries. Entries that come
from another app (a care payment, a gift purchase) are corrected by that app's service, which
keeps its own record in step.
"""

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode, subtree_q

from ..choices import AccountKind, CategoryKind, SourceType
from ..errors import FundsErrorCode
from ..models import FundAccount, JournalEntry
from ..permissions import FundsPermission
from .accounts import category_for_posting, chart_in_force
from .checks import check_amount, check_date, check_text
from .ledger import SourceRef, ledger_reverse
from .postings import ledger_post_expense, ledger_post_income

P = FundsPermission
DUES_CATEGORY_KEY = "income.dues"


def _require_kind(key: str, on: dt.date, kinds: tuple[str, ...], message: str) -> None:
    category = category_for_posting(chart_in_force(on), key)
    if category.kind not in kinds:
        raise ValidationFailed(message, code=FundsErrorCode.WRONG_CATEGORY_KIND, field="category")


def income_record(
    *,
    actor: Actor,
    node: OrgNode,
    category_key: str,
    amount_fen: int,
    received_on: dt.date,
    memo: str,
) -> JournalEntry:
    """Record money received into the school's bank for ``node``'s fund.

    Needs ``funds.post_entry`` on the node. The category is an income category (dues,
    allocated funds, subsidies, other) or the fund carried forward (an opening balance).
    """
    access.require_at(actor, P.POST_ENTRY, node)
    amount = check_amount(amount_fen)
    received_on = check_date(received_on, field="received_on")
    memo = check_text(memo, field="memo", message=_("Say what the money is for."))
    _require_kind(
        category_key,
        received_on,
        (CategoryKind.INCOME, CategoryKind.NET_ASSETS),
        _("Choose an income category."),
    )
    with transaction.atomic(durable=True):
        return ledger_post_income(
            actor=actor,
            node=node,
            category_key=category_key,
            amount_fen=amount,
            entry_on=received_on,
            memo=memo,
            source=SourceRef(SourceType.MANUAL_INCOME),
        )


def may_spend(actor: Actor, node: OrgNode) -> bool:
    """The finance officer pays for any node of the school; a branch chair for their branch."""
    if access.can_at(actor, P.POST_ENTRY, node.path):
        return True
    return node.kind in (OrgNodeKind.BRANCH, OrgNodeKind.GROUP) and access.can_at(
        actor, P.SPEND_BRANCH, node.path
    )


def expense_record(
    *,
    actor: Actor,
    node: OrgNode,
    category_key: str,
    amount_fen: int,
    paid_on: dt.date,
    memo: str,
    budget_override_reason: str = "",
) -> JournalEntry:
    """Record a payment from ``node``'s fund under an expense category.

    Needs ``funds.post_entry`` on the node, or ``funds.spend_branch`` on a branch (a branch
    chair spending their sub-account). The fund must hold the money and the approved budget
    line must cover it, unless the union office overrides with a written reason.
    """
    if not may_spend(actor, node):
        access.require_at(actor, P.POST_ENTRY, node)
    amount = check_amount(amount_fen)
    paid_on = check_date(paid_on, field="paid_on")
    memo = check_text(memo, field="memo", message=_("Say what the money was spent on."))
    _require_kind(category_key, paid_on, (CategoryKind.EXPENSE,), _("Choose an expense category."))
    with transaction.atomic(durable=True):
        return ledger_post_expense(
            actor=actor,
            node=node,
            category_key=category_key,
            amount_fen=amount,
            entry_on=paid_on,
            memo=memo,
            source=SourceRef(SourceType.MANUAL_EXPENSE),
            budget_override_reason=budget_override_reason,
        )


def dues_receipt_record(*, actor: Actor, school: OrgNode, month: dt.date) -> JournalEntry:
    """Record the dues computed for ``month`` across the school as one receipt.

    Needs ``funds.post_entry`` on the school. Sums the month's dues records (computed by
    ``members.services.dues_compute_month``) and posts them as dues income of the school's
    fund, dated the month's last day. A month is recorded once (until its entry is reversed).
    """
    access.require_at(actor, P.POST_ENTRY, school)
    month = check_date(month, field="month")
    if month.day != 1 or school.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(_("Choose a month of a school union."), field="month")
    key = f"{month:%Y-%m}"
    with transaction.atomic(durable=True):
        # The school's fund row serialises two clerks recording the same month.
        FundAccount.objects.select_for_update().filter(node=school, kind=AccountKind.FUND).first()
        taken = JournalEntry.objects.filter(
            school=school,
            source_type=SourceType.DUES_MONTH,
            source_id=key,
            reverses__isnull=True,
            reversal__isnull=True,
        ).exists()
        if taken:
            raise DomainError(
                _("The dues of %(month)s are already recorded.") % {"month": key},
                code=FundsErrorCode.ALREADY_RECORDED,
                field="month",
            )
        totals = (
            members_queries.dues_list(actor=actor)
            .filter(subtree_q(school.path, "node__path"), month=month)
            .aggregate(total=Sum("amount_fen"), count=Count("pk"))
        )
        total = totals["total"] or 0
        if total == 0:
            raise DomainError(
                _("No dues are computed for %(month)s yet.") % {"month": key},
                code=FundsErrorCode.NOTHING_TO_RECORD,
                field="month",
            )
        last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        return ledger_post_income(
            actor=actor,
            node=school,
            category_key=DUES_CATEGORY_KEY,
            amount_fen=total,
            entry_on=last_day,
            memo=_("Member dues of %(month)s (%(count)s members, %(total)s yuan)")
            % {"month": key, "count": totals["count"], "total": format_fen(total)},
            source=SourceRef(SourceType.DUES_MONTH, key, key),
        )


def entry_reverse(*, actor: Actor, entry: JournalEntry, reason: str) -> JournalEntry:
    """Reverse one of the funds app's own entries, with a reason.

    Needs ``funds.reverse_entry`` on the entry's node. An entry that belongs to another app's
    record (a care payment, a benefit purchase) is corrected through that app instead, so its
    record cannot disagree with the ledger.
    """
    access.require(actor, P.REVERSE_ENTRY, entry)
    if entry.source_type not in SourceType.OWNED:
        raise DomainError(
            _("This entry belongs to %(source)s; correct it there.")
            % {"source": entry.source_label or entry.source_type},
            code=FundsErrorCode.REVERSE_AT_SOURCE,
        )
    with transaction.atomic(durable=True):
        return ledger_reverse(actor=actor, entry=entry, reason=reason)
