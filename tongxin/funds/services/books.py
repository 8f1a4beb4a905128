"""Opening a school's books: chart, approval flow, accounts and the first policy version."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode, subtree_q

from .. import events
from ..choices import AccountKind
from ..models import FundAccount, FundChart, PolicySet
from ..permissions import FundsPermission
from .accounts import account_ensure
from .budgets import budget_flow_ensure
from .chart import chart_load
from .checks import check_date
from .policy import create_policy_locked, default_policy_spec

P = FundsPermission


def fund_books_open(*, actor: Actor, school: OrgNode, policy_from: dt.date) -> list[FundAccount]:
    """Make a school ready to keep funds; running it again only adds what is missing.

    Needs ``funds.open_books`` on the school. Loads the default chart if none is loaded,
    makes sure the ``funds.budget`` approval flow exists, opens the school's bank account,
    fund and payables and a fund (sub-account) for every live branch, and creates the first
    policy version from the defaults (in force from ``policy_from``) if the school has none.
    """
    access.require_at(actor, P.OPEN_BOOKS, school)
    policy_from = check_date(policy_from, field="policy_from")
    if school.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(_("Books are opened for a school union."), field="school")
    with transaction.atomic(durable=True):
        if not FundChart.objects.exists():
            chart_load(actor=Actor.system())
        budget_flow_ensure()
        before = set(FundAccount.objects.filter(node__school=school).values_list("pk", flat=True))
        accounts = [account_ensure(school, kind) for kind in AccountKind.values]
        branches = OrgNode.objects.filter(
            subtree_q(school.path), kind=OrgNodeKind.BRANCH, is_archived=False
        ).order_by("path")
        accounts += [account_ensure(branch, AccountKind.FUND) for branch in branches]
        opened = [a for a in accounts if a.pk not in before]
        policy = None
        if not PolicySet.objects.filter(school=school).exists():
            policy = create_policy_locked(
                actor=actor, school=school, effective_from=policy_from, spec=default_policy_spec()
            )
        if opened or policy:
            audit.record(
                actor=actor,
                event=events.BOOKS_OPENED,
                target=school,
                changes={
                    "accounts": [a.pk for a in opened],
                    "policy": policy.pk if policy else None,
                },
                node_path=school.path,
            )
    return accounts
