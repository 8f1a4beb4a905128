"""Read-only admin views of donations; every change goes through the pages and services."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Campaign, Donation, DonationBatch


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("title", "organiser", "recipient", "starts_on", "ends_on", "status")
    list_filter = ("status",)
    search_fields = ("title", "recipient")


@admin.register(DonationBatch)
class DonationBatchAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "node", "donation_count", "total_fen", "entry_on")
    list_select_related = ("campaign", "node")


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ("receipt_number", "campaign", "person", "node", "amount_fen", "status")
    list_filter = ("status", "channel")
    list_select_related = ("campaign", "person", "node")
    search_fields = ("receipt_number", "person__name", "person__staff_number")
    raw_id_fields = ("person",)
