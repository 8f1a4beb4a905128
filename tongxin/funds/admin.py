"""Read-only admin for the funds app: money changes only through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    AllocationRule,
    AuditOpinion,
    BranchAllocation,
    Budget,
    BudgetLine,
    BudgetVersion,
    CareStandard,
    FundAccount,
    FundCategory,
    FundChart,
    JournalEntry,
    JournalLine,
    PolicySet,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class JournalLineInline(admin.TabularInline):
    model = JournalLine
    extra = 0
    can_delete = False
    fields = ("position", "account", "category_key", "debit_fen", "credit_fen", "person", "memo")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "entry_on", "node", "memo", "total_fen", "source_type", "reverses")
    list_filter = ("fiscal_year", "source_type")
    search_fields = ("memo", "source_label")
    inlines = [JournalLineInline]


@admin.register(FundCategory)
class FundCategoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "key", "name", "kind", "is_selectable", "is_forbidden")
    list_filter = ("chart", "kind")


@admin.register(FundAccount)
class FundAccountAdmin(ReadOnlyAdmin):
    list_display = ("node", "kind", "balance_fen")


@admin.register(BudgetVersion)
class BudgetVersionAdmin(ReadOnlyAdmin):
    list_display = ("budget", "number", "status", "approved_at")


@admin.register(PolicySet)
class PolicySetAdmin(ReadOnlyAdmin):
    list_display = ("school", "number", "effective_from", "holiday_cap_fen")


for model in (
    FundChart,
    Budget,
    BudgetLine,
    CareStandard,
    AllocationRule,
    BranchAllocation,
    AuditOpinion,
    JournalLine,
):
    admin.site.register(model, ReadOnlyAdmin)
