"""Read-only admin views of holiday benefits; every change goes through the pages and services."""

from django.contrib import admin
from django.http import HttpRequest

from .models import BenefitBatch, BenefitReceipt, CapExclusion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(BenefitBatch)
class BenefitBatchAdmin(ReadOnlyAdmin):
    list_display = ("title", "source", "festival", "status", "distribute_on", "recipient_count")
    list_filter = ("status", "source", "festival")
    search_fields = ("title", "goods")


@admin.register(BenefitReceipt)
class BenefitReceiptAdmin(ReadOnlyAdmin):
    list_display = ("batch", "person", "branch", "status", "sign_method", "signed_at")
    list_filter = ("status", "sign_method")
    list_select_related = ("batch", "person", "branch")
    search_fields = ("person__name", "person__staff_number")
    raw_id_fields = ("batch", "person", "node", "branch")


@admin.register(CapExclusion)
class CapExclusionAdmin(ReadOnlyAdmin):
    list_display = ("batch", "person", "year_total_fen", "cap_fen", "overridden")
    list_select_related = ("batch", "person")
    raw_id_fields = ("batch", "person", "node")
