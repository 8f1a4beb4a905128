from django.urls import path

from .views import allocations, budgets, ledger, overview, policy, reports

app_name = "funds"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("books/open/", overview.books_open, name="books-open"),
    path("disclosure/", overview.disclosure, name="disclosure"),
    path("ledger/", ledger.ledger, name="ledger"),
    path("entries/income/", ledger.income_record, name="income-record"),
    path("entries/expense/", ledger.expense_record, name="expense-record"),
    path("entries/dues/", ledger.dues_record, name="dues-record"),
    path("entries/<int:pk>/", ledger.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/reverse/", ledger.entry_reverse, name="entry-reverse"),
    path("budgets/", budgets.budget_list, name="budget-list"),
    path("budgets/new/", budgets.budget_version_create, name="budget-version-create"),
    path("budgets/versions/<int:pk>/", budgets.budget_version_detail, name="budget-version-detail"),
    path("budgets/versions/<int:pk>/lines/", budgets.budget_line_set, name="budget-line-set"),
    path(
        "budgets/versions/<int:pk>/lines/remove/",
        budgets.budget_line_remove,
        name="budget-line-remove",
    ),
    path(
        "budgets/versions/<int:pk>/submit/",
        budgets.budget_version_submit,
        name="budget-version-submit",
    ),
    path(
        "budgets/versions/<int:pk>/withdraw/",
        budgets.budget_version_withdraw,
        name="budget-version-withdraw",
    ),
    path(
        "budgets/versions/<int:pk>/decide/",
        budgets.budget_version_decide,
        name="budget-version-decide",
    ),
    path("policy/", policy.policy, name="policy"),
    path("policy/new/", policy.policy_create, name="policy-create"),
    path("policy/<int:pk>/", policy.policy, name="policy-detail"),
    path("allocations/", allocations.allocations, name="allocations"),
    path("allocations/rule/", allocations.allocation_rule_set, name="allocation-rule-set"),
    path("allocations/post/", allocations.allocation_post, name="allocation-post"),
    path("reports/", reports.reports, name="reports"),
    path("reports/export/<slug:report>/", reports.report_export, name="report-export"),
    path("opinions/", reports.opinions, name="opinions"),
    path("trail/verify/", reports.trail_verify, name="trail-verify"),
]
