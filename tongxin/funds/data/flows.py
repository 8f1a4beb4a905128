"""Names of the funds approval flow and its steps, shown as they are (data, not msgids)."""

BUDGET_FLOW_NAME = "工会经费预算（含调整）"
BUDGET_REVIEW_STEP = "经审会审查"
BUDGET_APPROVAL_STEP = "工会委员会审批"
