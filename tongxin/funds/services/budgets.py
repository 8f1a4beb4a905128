"""Budgets: drafting versions, setting lines, and the review and approval of a version.

Typical cycle (domain-rules 2): the finance officer drafts, the audit committee reviews, the
union committee approves. A version is immutable once approved; a change is a new version
(an adjustment), which starts from the lines in force and goes through the same path.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.approvals import services as approvals
from tongxin.approvals.choices import ApprovalStatus
from tongxin.approvals.models import ApprovalRequest
from tongxin.approvals.permissions import ApprovalsPermission
from tongxin.core import audit
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import BUDGETABLE_KINDS, OPEN_BUDGET_STATUSES, BudgetStatus
from ..data import flows
from ..errors import FundsErrorCode
from ..models import Budget, BudgetLine, BudgetVersion
from ..permissions import FundsPermission
from .accounts import chart_in_force, fund_node_of
from .budget_control import in_force_versions
from .checks import check_fen

P = FundsPermission
BUDGET_FLOW = "funds.budget"
# Step names are data shown as they are (funds/data/flows.py).
BUDGET_FLOW_STEPS = [
    (flows.BUDGET_REVIEW_STEP, P.REVIEW_BUDGET),
    (flows.BUDGET_APPROVAL_STEP, ApprovalsPermission.DECIDE_SCHOOL_STEP),
]


def budget_flow_ensure() -> None:
    """Create or refresh the ``funds.budget`` approval flow (idempotent)."""
    approvals.flow_ensure_registered(BUDGET_FLOW)


def check_year(value: object, *, field: str = "fiscal_year") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2999:
        raise ValidationFailed(
            _("Enter a year such as 2021."), code=FundsErrorCode.INVALID_YEAR, field=field
        )
    return value


def _lock_version(version: BudgetVersion) -> BudgetVersion:
    return (
        BudgetVersion.objects.select_for_update(of=("self",))
        .select_related("budget__node")
        .get(pk=version.pk)
    )


def _require_draft(version: BudgetVersion) -> None:
    if version.status != BudgetStatus.DRAFT:
        raise InvalidTransition(
            _(
                "Only a draft can be changed; an approved version never changes, adjust it with a new version."
            ),
            code=FundsErrorCode.NOT_DRAFT,
        )


def budget_version_create(
    *, actor: Actor, node: OrgNode, fiscal_year: int, note: str = ""
) -> BudgetVersion:
    """Start the next version of ``node``'s budget for ``fiscal_year`` as a draft.

    Needs ``funds.manage_budget`` on the node (a school union or a branch). The first version
    starts empty; an adjustment starts from the lines of the version in force. Refuses while
    another version of the same budget is still a draft or under review.
    """
    access.require_at(actor, P.MANAGE_BUDGET, node)
    fiscal_year = check_year(fiscal_year)
    if fund_node_of(node).pk != node.pk:
        raise ValidationFailed(
            _("Budgets are kept for the school union and its branches."), field="node"
        )
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                budget, _created = Budget.objects.get_or_create(node=node, fiscal_year=fiscal_year)
        except IntegrityError:
            budget = Budget.objects.get(node=node, fiscal_year=fiscal_year)
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        if budget.versions.filter(status__in=OPEN_BUDGET_STATUSES).exists():
            raise DomainError(
                _("A version of this budget is still a draft or under review; finish it first."),
                code=FundsErrorCode.OPEN_VERSION_EXISTS,
            )
        number = (budget.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = BudgetVersion.objects.create(
            budget=budget, number=number, note=note.strip(), created_by_id=actor.user_id
        )
        base = in_force_versions([node.pk], fiscal_year).get(node.pk)
        if base is not None:
            BudgetLine.objects.bulk_create(
                [
                    BudgetLine(
                        version=version,
                        category_id=line.category_id,
                        category_key=line.category_key,
                        amount_fen=line.amount_fen,
                        note=line.note,
                    )
                    for line in base.lines.all()
                ]
            )
        audit.record(
            actor=actor,
            event=events.BUDGET_VERSION_CREATED,
            target=version,
            changes={
                "fiscal_year": fiscal_year,
                "number": number,
                "based_on": base.pk if base else None,
            },
            node_path=node.path,
        )
    version.budget = budget
    return version


def budget_line_set(
    *, actor: Actor, version: BudgetVersion, category_key: str, amount_fen: int, note: str = ""
) -> BudgetLine:
    """Set the amount of one category in a draft version (creating the line if needed).

    Needs ``funds.manage_budget``. A line covers its category and everything below it, so
    lines of one version may not nest (``expense.rights`` and ``expense.rights.legal_aid``).
    Income, expense and transfer categories may be budgeted; forbidden ones never.
    """
    access.require(actor, P.MANAGE_BUDGET, version)
    amount = check_fen(amount_fen, field="amount")
    with transaction.atomic(durable=True):
        version = _lock_version(version)
        _require_draft(version)
        chart = chart_in_force(dt.date(version.budget.fiscal_year, 1, 1))
        category = chart.categories.filter(key=category_key).first()
        if category is None or category.is_forbidden or category.kind not in BUDGETABLE_KINDS:
            raise ValidationFailed(
                _("Choose an income, expense or transfer category that may be used."),
                code=FundsErrorCode.UNKNOWN_CATEGORY,
                field="category",
            )
        for other in version.lines.exclude(category_key=category_key).values_list(
            "category_key", flat=True
        ):
            if category_key.startswith(other + ".") or other.startswith(category_key + "."):
                raise DomainError(
                    _(
                        "This line would overlap the line for %(other)s; budget either the heading or its items."
                    )
                    % {"other": other},
                    code=FundsErrorCode.OVERLAPPING_LINES,
                    field="category",
                )
        line = version.lines.filter(category_key=category_key).first()
        before = line.amount_fen if line else None
        if line is None:
            line = BudgetLine.objects.create(
                version=version,
                category=category,
                category_key=category_key,
                amount_fen=amount,
                note=note.strip(),
            )
        else:
            line.amount_fen, line.note = amount, note.strip()
            line.save(update_fields=["amount_fen", "note"])
        audit.record(
            actor=actor,
            event=events.BUDGET_LINE_SET,
            target=version,
            changes={"category": category_key, "amount_fen": [before, amount]},
            node_path=version.budget.node.path,
        )
    return line


def budget_line_remove(*, actor: Actor, version: BudgetVersion, category_key: str) -> BudgetVersion:
    """Remove one category's line from a draft version. Needs ``funds.manage_budget``."""
    access.require(actor, P.MANAGE_BUDGET, version)
    with transaction.atomic(durable=True):
        version = _lock_version(version)
        _require_draft(version)
        line = version.lines.filter(category_key=category_key).first()
        if line is None:
            raise ValidationFailed(
                _("This version has no line for that category."), field="category"
            )
        amount = line.amount_fen
        BudgetLine.objects.filter(pk=line.pk).delete()
        audit.record(
            actor=actor,
            event=events.BUDGET_LINE_REMOVED,
            target=version,
            changes={"category": category_key, "amount_fen": [amount, None]},
            node_path=version.budget.node.path,
        )
    return version


def budget_version_submit(*, actor: Actor, version: BudgetVersion) -> BudgetVersion:
    """Send a draft version for review (audit committee) and approval (union office).

    Needs ``funds.manage_budget``; refuses an empty version. Opens a ``funds.budget``
    approval request on the budget's node.
    """
    access.require(actor, P.MANAGE_BUDGET, version)
    with transaction.atomic(durable=True):
        version = _lock_version(version)
        _require_draft(version)
        if not version.lines.exists():
            raise ValidationFailed(
                _("Add at least one budget line before submitting."),
                code=FundsErrorCode.EMPTY_BUDGET,
            )
        budget = version.budget
        version.status = BudgetStatus.SUBMITTED
        version.submitted_at = timezone.now()
        version.save(update_fields=["status", "submitted_at", "updated_at"])
        approvals.approval_open(
            actor=actor,
            flow_code=BUDGET_FLOW,
            subject=version,
            node=budget.node,
            title=_("Budget %(year)s of %(node)s, version %(number)s")
            % {"year": budget.fiscal_year, "node": budget.node.name, "number": version.number},
        )
        audit.record(
            actor=actor,
            event=events.BUDGET_VERSION_SUBMITTED,
            target=version,
            changes={"status": [BudgetStatus.DRAFT, BudgetStatus.SUBMITTED]},
            node_path=budget.node.path,
        )
    return version


def _pending_request(version: BudgetVersion) -> ApprovalRequest:
    request = ApprovalRequest.objects.filter(
        flow__code=BUDGET_FLOW,
        subject_type=version._meta.label_lower,
        subject_id=str(version.pk),
        status=ApprovalStatus.PENDING,
    ).first()
    if request is None or version.status != BudgetStatus.SUBMITTED:
        raise InvalidTransition(
            _("This version is not under review."), code=FundsErrorCode.NOT_SUBMITTED
        )
    return request


def budget_version_withdraw(*, actor: Actor, version: BudgetVersion) -> BudgetVersion:
    """Take a version back from review to the draft state. Needs ``funds.manage_budget``."""
    access.require(actor, P.MANAGE_BUDGET, version)
    with transaction.atomic(durable=True):
        version = _lock_version(version)
        request = _pending_request(version)
        approvals.approval_withdraw(actor=actor, request=request)
        version.status = BudgetStatus.DRAFT
        version.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.BUDGET_VERSION_WITHDRAWN,
            target=version,
            changes={"status": [BudgetStatus.SUBMITTED, BudgetStatus.DRAFT]},
            node_path=version.budget.node.path,
        )
    return version


def budget_version_decide(
    *,
    actor: Actor,
    version: BudgetVersion,
    outcome: str,
    comment: str = "",
    expected_position: int | None = None,
) -> BudgetVersion:
    """Decide the current review step of a submitted version.

    The audit committee decides the review step (``funds.review_budget``), the union office
    the approval step (``approvals.decide_school_step``). On final approval the version is
    approved and from then on in force (the latest approved version is); a rejection at any
    step returns it to draft with the reason kept in the decisions.
    """
    with transaction.atomic(durable=True):
        version = _lock_version(version)
        request = _pending_request(version)
        request = approvals.approval_decide(
            actor=actor,
            request=request,
            outcome=outcome,
            comment=comment,
            expected_position=expected_position,
        )
        node = version.budget.node
        if request.status == ApprovalStatus.APPROVED:
            version.status = BudgetStatus.APPROVED
            version.approved_at = timezone.now()
            version.save(update_fields=["status", "approved_at", "updated_at"])
            audit.record(
                actor=actor,
                event=events.BUDGET_VERSION_APPROVED,
                target=version,
                changes={"status": [BudgetStatus.SUBMITTED, BudgetStatus.APPROVED]},
                node_path=node.path,
            )
        elif request.status == ApprovalStatus.REJECTED:
            version.status = BudgetStatus.DRAFT
            version.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor,
                event=events.BUDGET_VERSION_RETURNED,
                target=version,
                changes={
                    "status": [BudgetStatus.SUBMITTED, BudgetStatus.DRAFT],
                    "comment": comment,
                },
                node_path=node.path,
            )
    return version
