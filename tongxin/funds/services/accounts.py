"""The chart in force, postable categories, and the accounts that carry a node's money."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from ..choices import AccountKind
from ..errors import FundsErrorCode
from ..models import FundAccount, FundCategory, FundChart


def chart_in_force(on: dt.date) -> FundChart:
    chart = FundChart.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if chart is None:
        raise DomainError(
            _("No fund chart is in force on %(date)s; load one first.") % {"date": on.isoformat()},
            code=FundsErrorCode.NO_CHART,
        )
    return chart


def category_for_posting(chart: FundChart, key: str, *, field: str = "category") -> FundCategory:
    """The category ``key`` of ``chart`` if it may be posted to, else a clear refusal."""
    return check_postable(chart.categories.filter(key=key).first(), key, field=field)


def check_postable(
    category: FundCategory | None, key: str, *, field: str = "category"
) -> FundCategory:
    """Return ``category`` if it may be posted to, else refuse clearly."""
    if category is None:
        raise ValidationFailed(
            _("There is no fund category “%(key)s”.") % {"key": key},
            code=FundsErrorCode.UNKNOWN_CATEGORY,
            field=field,
        )
    if category.is_forbidden:
        raise DomainError(
            _("“%(name)s” may not be paid from union funds: %(reason)s")
            % {"name": category.label, "reason": category.forbidden_reason},
            code=FundsErrorCode.FORBIDDEN_CATEGORY,
            field=field,
        )
    if not category.is_selectable:
        raise ValidationFailed(
            _("“%(name)s” is a heading; choose one of the items under it.")
            % {"name": category.label},
            code=FundsErrorCode.CATEGORY_NOT_SELECTABLE,
            field=field,
        )
    return category


def fund_node_of(node: OrgNode) -> OrgNode:
    """The node whose accounts carry ``node``'s money: a group's branch, else the node itself."""
    current = node
    while current.kind == OrgNodeKind.GROUP and current.parent is not None:
        current = current.parent
    if (
        current.kind not in (OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH)
        or current.school_id is None
    ):
        raise ValidationFailed(
            _("Only a school union and its branches keep union funds."),
            code=FundsErrorCode.INVALID_ACCOUNT_NODE,
            field="node",
        )
    return current


def account_node(node: OrgNode, kind: str) -> OrgNode:
    """The node whose ``kind`` account carries ``node``'s money, or a clear refusal."""
    fund_node = fund_node_of(node)
    if kind not in AccountKind.values or (
        kind != AccountKind.FUND and fund_node.kind != OrgNodeKind.SCHOOL_UNION
    ):
        raise ValidationFailed(
            _("Only the school union holds the bank account and funds held for others."),
            code=FundsErrorCode.INVALID_ACCOUNT_NODE,
            field="node",
        )
    return fund_node


def account_ensure(node: OrgNode, kind: str) -> FundAccount:
    """The account of ``kind`` for ``node``'s fund node, created on first use (race-safe)."""
    fund_node = account_node(node, kind)
    account = FundAccount.objects.filter(node=fund_node, kind=kind).first()
    if account is None:
        try:
            with transaction.atomic():
                account = FundAccount.objects.create(node=fund_node, kind=kind)
        except IntegrityError:
            account = FundAccount.objects.get(node=fund_node, kind=kind)
    account.node = fund_node
    return account
