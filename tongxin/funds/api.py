"""Funds over HTTP: the same services and queries as the pages. Amounts are integer fen."""

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.errors import NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Date, Pagination, Year

from . import queries, services
from .permissions import FundsPermission
from .schemas import (
    AllocationPostIn,
    AllocationRowOut,
    AllocationRuleIn,
    AllocationRuleOut,
    AuditOpinionIn,
    AuditOpinionOut,
    BranchAllocationOut,
    BudgetLineIn,
    BudgetOut,
    BudgetVersionIn,
    BudgetVersionOut,
    DecisionIn,
    DuesIn,
    ExpenseIn,
    FundAccountOut,
    FundCategoryOut,
    IncomeIn,
    JournalEntryOut,
    JournalLineOut,
    NodeBudgetOut,
    PolicyIn,
    PolicyOut,
    ReasonIn,
    SettlementRowOut,
    StatementOut,
)

router = Router(tags=["funds"])
P = FundsPermission
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _node(request: ActorRequest, pk: int, permission: str = P.VIEW_LEDGER):  # type: ignore[no-untyped-def]
    return queries.fund_node_get(actor=request.actor, pk=pk, permission=permission)


@router.get("/categories", response=list[FundCategoryOut], operation_id="fund_category_list")
def fund_category_list(request: ActorRequest, on: Date | None = None, postable_only: bool = True):  # type: ignore[no-untyped-def]
    return queries.fund_category_list(on=on or timezone.localdate(), postable_only=postable_only)


@router.get("/accounts", response=list[FundAccountOut], operation_id="fund_account_list")
@paginate(Pagination)
def fund_account_list(request: ActorRequest, kind: str | None = None):  # type: ignore[no-untyped-def]
    return queries.fund_account_list(actor=request.actor, kind=kind)


@router.get("/ledger", response=list[JournalLineOut], operation_id="ledger_line_list")
@paginate(Pagination)
def ledger_line_list(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    fiscal_year: Year | None = None,
    date_from: Date | None = None,
    date_to: Date | None = None,
    node_id: int | None = None,
    category_key: str = "",
    source_type: str = "",
    q: str = "",
):
    filters = queries.LedgerFilters(
        fiscal_year=fiscal_year,
        date_from=date_from,
        date_to=date_to,
        node=_node(request, node_id) if node_id else None,
        category_key=category_key,
        source_type=source_type,
        q=q,
    )
    return queries.ledger_line_list(actor=request.actor, filters=filters)


@router.get("/entries/{int:pk}", response=JournalEntryOut, operation_id="journal_entry_get")
def journal_entry_get(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.journal_entry_get(actor=request.actor, pk=pk)


@router.post("/entries/income", response={201: JournalEntryOut}, operation_id="income_record")
def income_record(request: ActorRequest, payload: IncomeIn):  # type: ignore[no-untyped-def]
    entry = services.income_record(
        actor=request.actor,
        node=_node(request, payload.node_id),
        category_key=payload.category_key,
        amount_fen=payload.amount_fen,
        received_on=payload.received_on,
        memo=payload.memo,
    )
    return Status(201, queries.journal_entry_get(actor=request.actor, pk=entry.pk))


@router.post("/entries/expense", response={201: JournalEntryOut}, operation_id="expense_record")
def expense_record(request: ActorRequest, payload: ExpenseIn):  # type: ignore[no-untyped-def]
    entry = services.expense_record(
        actor=request.actor,
        node=_node(request, payload.node_id),
        category_key=payload.category_key,
        amount_fen=payload.amount_fen,
        paid_on=payload.paid_on,
        memo=payload.memo,
        budget_override_reason=payload.budget_override_reason,
    )
    return Status(201, queries.journal_entry_get(actor=request.actor, pk=entry.pk))


@router.post("/entries/dues", response={201: JournalEntryOut}, operation_id="dues_receipt_record")
def dues_receipt_record(request: ActorRequest, payload: DuesIn):  # type: ignore[no-untyped-def]
    school = _node(request, payload.school_id)
    entry = services.dues_receipt_record(actor=request.actor, school=school, month=payload.month)
    return Status(201, queries.journal_entry_get(actor=request.actor, pk=entry.pk))


@router.post(
    "/entries/{int:pk}/reverse", response={201: JournalEntryOut}, operation_id="entry_reverse"
)
def entry_reverse(request: ActorRequest, pk: int, payload: ReasonIn):  # type: ignore[no-untyped-def]
    entry = queries.journal_entry_get(actor=request.actor, pk=pk)
    reversal = services.entry_reverse(actor=request.actor, entry=entry, reason=payload.reason)
    return Status(201, queries.journal_entry_get(actor=request.actor, pk=reversal.pk))


@router.get("/budgets", response=list[BudgetOut], operation_id="budget_list")
@paginate(Pagination)
def budget_list(request: ActorRequest, fiscal_year: Year | None = None):  # type: ignore[no-untyped-def]
    return queries.budget_list(actor=request.actor, fiscal_year=fiscal_year)


@router.get(
    "/budget-versions/{int:pk}", response=BudgetVersionOut, operation_id="budget_version_get"
)
def budget_version_get(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.budget_version_get(actor=request.actor, pk=pk)


@router.post(
    "/budget-versions", response={201: BudgetVersionOut}, operation_id="budget_version_create"
)
def budget_version_create(request: ActorRequest, payload: BudgetVersionIn):  # type: ignore[no-untyped-def]
    node = _node(request, payload.node_id)
    version = services.budget_version_create(
        actor=request.actor, node=node, fiscal_year=payload.fiscal_year, note=payload.note
    )
    return Status(201, queries.budget_version_get(actor=request.actor, pk=version.pk))


@router.put(
    "/budget-versions/{int:pk}/lines", response=BudgetVersionOut, operation_id="budget_line_set"
)
def budget_line_set(request: ActorRequest, pk: int, payload: BudgetLineIn):  # type: ignore[no-untyped-def]
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    services.budget_line_set(
        actor=request.actor,
        version=version,
        category_key=payload.category_key,
        amount_fen=payload.amount_fen,
        note=payload.note,
    )
    return queries.budget_version_get(actor=request.actor, pk=pk)


@router.delete(
    "/budget-versions/{int:pk}/lines/{category_key}",
    response=BudgetVersionOut,
    operation_id="budget_line_remove",
)
def budget_line_remove(request: ActorRequest, pk: int, category_key: str):  # type: ignore[no-untyped-def]
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    services.budget_line_remove(actor=request.actor, version=version, category_key=category_key)
    return queries.budget_version_get(actor=request.actor, pk=pk)


@router.post(
    "/budget-versions/{int:pk}/submit",
    response=BudgetVersionOut,
    operation_id="budget_version_submit",
)
def budget_version_submit(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    services.budget_version_submit(actor=request.actor, version=version)
    return queries.budget_version_get(actor=request.actor, pk=pk)


@router.post(
    "/budget-versions/{int:pk}/decide",
    response=BudgetVersionOut,
    operation_id="budget_version_decide",
)
def budget_version_decide(request: ActorRequest, pk: int, payload: DecisionIn):  # type: ignore[no-untyped-def]
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    services.budget_version_decide(
        actor=request.actor,
        version=version,
        outcome=payload.outcome,
        comment=payload.comment,
        expected_position=payload.expected_position,
    )
    return queries.budget_version_get(actor=request.actor, pk=pk)


@router.get("/policies", response=list[PolicyOut], operation_id="policy_version_list")
@paginate(Pagination)
def policy_version_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.policy_version_list(actor=request.actor)


@router.post("/policies", response={201: PolicyOut}, operation_id="policy_version_create")
def policy_version_create(request: ActorRequest, payload: PolicyIn):  # type: ignore[no-untyped-def]
    school = _node(request, payload.school_id)
    data = payload.dict()
    spec = services.PolicySpec(
        **{
            k: v
            for k, v in data.items()
            if k not in ("school_id", "effective_from", "care_standards")
        },
        care_standards=[services.CareStandardSpec(**s) for s in data["care_standards"]],
    )
    policy = services.policy_version_create(
        actor=request.actor, school=school, effective_from=payload.effective_from, spec=spec
    )
    return Status(201, queries.policy_get(actor=request.actor, pk=policy.pk))


@router.put("/allocations/rule", response=AllocationRuleOut, operation_id="allocation_rule_set")
def allocation_rule_set(request: ActorRequest, payload: AllocationRuleIn):  # type: ignore[no-untyped-def]
    school = _node(request, payload.school_id)
    values = payload.dict(exclude={"school_id"})
    return services.allocation_rule_set(actor=request.actor, school=school, **values)


@router.get(
    "/allocations/preview", response=list[AllocationRowOut], operation_id="allocation_compute"
)
def allocation_compute(request: ActorRequest, school_id: int, fiscal_year: Year):  # type: ignore[no-untyped-def]
    rule = queries.allocation_rule_get(
        actor=request.actor, school=_node(request, school_id), fiscal_year=fiscal_year
    )
    rows = queries.allocation_compute(rule=rule) if rule else []
    return [
        {
            "branch_id": r.branch.pk,
            "branch_name": r.branch.name,
            "member_count": r.member_count,
            "amount_fen": r.amount_fen,
            "posted_entry_id": r.posted.entry_id if r.posted else None,
        }
        for r in rows
    ]


@router.post(
    "/allocations/post", response={201: list[BranchAllocationOut]}, operation_id="allocation_post"
)
def allocation_post(request: ActorRequest, payload: AllocationPostIn):  # type: ignore[no-untyped-def]
    rule = queries.allocation_rule_get(
        actor=request.actor,
        school=_node(request, payload.school_id),
        fiscal_year=payload.fiscal_year,
    )
    if rule is None:
        raise NotFound()
    posted = services.allocation_post(
        actor=request.actor,
        rule=rule,
        entry_on=payload.entry_on,
        budget_override_reason=payload.budget_override_reason,
    )
    return Status(201, posted)


@router.get(
    "/allocations", response=list[BranchAllocationOut], operation_id="branch_allocation_list"
)
@paginate(Pagination)
def branch_allocation_list(request: ActorRequest, fiscal_year: Year | None = None):  # type: ignore[no-untyped-def]
    return queries.branch_allocation_list(actor=request.actor, fiscal_year=fiscal_year)


@router.get("/reports/statement", response=StatementOut, operation_id="income_expense_statement")
def income_expense_statement(request: ActorRequest, node_id: int, fiscal_year: Year):  # type: ignore[no-untyped-def]
    statement = queries.income_expense_statement(
        actor=request.actor, node=_node(request, node_id), fiscal_year=fiscal_year
    )
    return {
        **statement.__dict__,
        "node_id": statement.node.pk,
        "surplus_fen": statement.surplus_fen,
    }


@router.get(
    "/reports/budget-vs-actual", response=list[NodeBudgetOut], operation_id="budget_vs_actual"
)
def budget_vs_actual(request: ActorRequest, node_id: int, fiscal_year: Year):  # type: ignore[no-untyped-def]
    node = _node(request, node_id, P.VIEW_BUDGET)
    return [
        {
            "node_id": nb.node.pk,
            "node_name": nb.node.name,
            "version_number": nb.version_number,
            "rows": [{**row.__dict__, "remaining_fen": row.remaining_fen} for row in nb.rows],
        }
        for nb in queries.budget_vs_actual(actor=request.actor, node=node, fiscal_year=fiscal_year)
    ]


@router.get("/reports/settlement", response=list[SettlementRowOut], operation_id="fund_settlement")
def fund_settlement(request: ActorRequest, node_id: int, fiscal_year: Year):  # type: ignore[no-untyped-def]
    rows = queries.fund_settlement(
        actor=request.actor, node=_node(request, node_id), fiscal_year=fiscal_year
    )
    return [
        {
            "account_id": r.account.pk,
            "node_id": r.account.node_id,
            "node_name": r.account.node.name,
            "opening_fen": r.opening_fen,
            "income_fen": r.income_fen,
            "allocated_fen": r.allocated_fen,
            "spent_fen": r.spent_fen,
            "transferred_out_fen": r.transferred_out_fen,
            "closing_fen": r.closing_fen,
        }
        for r in rows
    ]


@router.get("/reports/{report}.xlsx", operation_id="funds_report_export")
def funds_report_export(
    request: ActorRequest, report: str, node_id: int, fiscal_year: Year
) -> HttpResponse:
    name, content = services.funds_report_export(
        actor=request.actor, report=report, node=_node(request, node_id), fiscal_year=fiscal_year
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/opinions", response=list[AuditOpinionOut], operation_id="audit_opinion_list")
@paginate(Pagination)
def audit_opinion_list(request: ActorRequest, fiscal_year: Year | None = None):  # type: ignore[no-untyped-def]
    return queries.audit_opinion_list(actor=request.actor, fiscal_year=fiscal_year)


@router.post("/opinions", response={201: AuditOpinionOut}, operation_id="audit_opinion_add")
def audit_opinion_add(request: ActorRequest, payload: AuditOpinionIn):  # type: ignore[no-untyped-def]
    node = _node(request, payload.node_id)
    opinion = services.audit_opinion_add(
        actor=request.actor,
        node=node,
        fiscal_year=payload.fiscal_year,
        conclusion=payload.conclusion,
        text=payload.text,
    )
    return Status(201, opinion)
