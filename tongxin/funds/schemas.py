"""Request and response schemas of the funds API. Amounts are integer fen everywhere."""

import datetime as dt

from ninja import Field, Schema

from tongxin.core.schemas import SignedFen, YearIn


class FundCategoryOut(Schema):
    key: str
    code: str
    name: str
    name_en: str
    kind: str
    depth: int
    parent_id: int | None
    is_selectable: bool
    is_forbidden: bool
    forbidden_reason: str


class FundAccountOut(Schema):
    id: int
    node_id: int
    node_name: str = Field(alias="node.name")
    kind: str
    balance_fen: int


class JournalLineOut(Schema):
    id: int
    entry_id: int
    position: int
    entry_on: dt.date = Field(alias="entry.entry_on")
    account_id: int
    node_id: int
    category_key: str
    category_code: str = Field(alias="category.code")
    debit_fen: int
    credit_fen: int
    person_id: int | None
    memo: str


class EntryLineOut(Schema):
    position: int
    account_id: int
    node_id: int
    category_key: str
    debit_fen: int
    credit_fen: int
    person_id: int | None
    memo: str


class JournalEntryOut(Schema):
    id: int
    node_id: int
    entry_on: dt.date
    fiscal_year: int
    memo: str
    source_type: str
    source_id: str
    source_label: str
    total_fen: int
    reverses_id: int | None
    reason: str
    budget_override_reason: str
    posted_by_label: str
    posted_at: dt.datetime
    lines: list[EntryLineOut]


class IncomeIn(Schema):
    node_id: int
    category_key: str
    amount_fen: SignedFen
    received_on: dt.date
    memo: str


class ExpenseIn(Schema):
    node_id: int
    category_key: str
    amount_fen: SignedFen
    paid_on: dt.date
    memo: str
    budget_override_reason: str = ""


class DuesIn(Schema):
    school_id: int
    month: dt.date


class ReasonIn(Schema):
    reason: str


class BudgetLineOut(Schema):
    category_key: str
    amount_fen: int
    note: str


class BudgetVersionOut(Schema):
    id: int
    budget_id: int
    node_id: int = Field(alias="budget.node_id")
    fiscal_year: int = Field(alias="budget.fiscal_year")
    number: int
    status: str
    note: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    lines: list[BudgetLineOut]


class BudgetVersionSummaryOut(Schema):
    id: int
    number: int
    status: str


class BudgetOut(Schema):
    id: int
    node_id: int
    fiscal_year: int
    versions: list[BudgetVersionSummaryOut]


class BudgetVersionIn(Schema):
    node_id: int
    fiscal_year: YearIn
    note: str = ""


class BudgetLineIn(Schema):
    category_key: str
    amount_fen: SignedFen
    note: str = ""


class DecisionIn(Schema):
    outcome: str
    comment: str = ""
    expected_position: int | None = None


class CareStandardSchema(Schema):
    kind: str
    is_enabled: bool = True
    max_amount_fen: SignedFen
    payment_form: str
    yearly_count_limit: int | None = None
    claim_window_days: int | None = None
    category_key: str
    required_attachments: str = ""


class PolicyOut(Schema):
    id: int
    school_id: int
    number: int
    effective_from: dt.date
    holiday_cap_fen: int
    holiday_category_key: str
    allowed_festivals: list[str]
    prize_share_numerator: int
    prize_share_denominator: int
    prize_cap_fen: int
    note: str
    care_standards: list[CareStandardSchema]


class PolicyIn(Schema):
    school_id: int
    effective_from: dt.date
    holiday_cap_fen: SignedFen
    allowed_festivals: list[str]
    holiday_category_key: str
    prize_share_numerator: int
    prize_share_denominator: int
    prize_cap_fen: SignedFen
    note: str = ""
    care_standards: list[CareStandardSchema]


class AllocationRuleIn(Schema):
    school_id: int
    fiscal_year: YearIn
    method: str
    per_member_fen: SignedFen = 0
    base_fen: SignedFen = 0
    pool_fen: SignedFen = 0
    counted_on: dt.date
    include_retained: bool = False
    note: str = ""


class AllocationRuleOut(Schema):
    id: int
    school_id: int
    fiscal_year: int
    method: str
    per_member_fen: int
    base_fen: int
    pool_fen: int
    counted_on: dt.date
    include_retained: bool
    note: str


class AllocationRowOut(Schema):
    branch_id: int
    branch_name: str
    member_count: int
    amount_fen: int
    posted_entry_id: int | None


class AllocationPostIn(Schema):
    school_id: int
    fiscal_year: YearIn
    entry_on: dt.date
    budget_override_reason: str = ""


class BranchAllocationOut(Schema):
    id: int
    branch_id: int
    fiscal_year: int = Field(alias="rule.fiscal_year")
    member_count: int
    amount_fen: int
    entry_id: int


class StatementRowOut(Schema):
    key: str
    code: str
    label: str
    depth: int
    amount_fen: int
    is_heading: bool


class StatementOut(Schema):
    node_id: int
    fiscal_year: int
    income: list[StatementRowOut]
    expense: list[StatementRowOut]
    transfers: list[StatementRowOut]
    income_total_fen: int
    expense_total_fen: int
    transfer_in_fen: int
    transfer_out_fen: int
    surplus_fen: int


class BudgetRowOut(Schema):
    key: str
    label: str
    kind: str
    budget_fen: int | None
    actual_fen: int
    remaining_fen: int | None


class NodeBudgetOut(Schema):
    node_id: int
    node_name: str
    version_number: int | None
    rows: list[BudgetRowOut]


class SettlementRowOut(Schema):
    account_id: int
    node_id: int
    node_name: str
    opening_fen: int
    income_fen: int
    allocated_fen: int
    spent_fen: int
    transferred_out_fen: int
    closing_fen: int


class AuditOpinionIn(Schema):
    node_id: int
    fiscal_year: YearIn
    conclusion: str
    text: str


class AuditOpinionOut(Schema):
    id: int
    node_id: int
    fiscal_year: int
    conclusion: str
    text: str
    author_label: str
    created_at: dt.datetime
