"""Read-only admin views of submission calls; every change goes through the pages and services."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Award, SubmissionCall, Work


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SubmissionCall)
class SubmissionCallAdmin(ReadOnlyAdmin):
    list_display = ("title", "node", "status", "opens_on", "closes_on")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(Work)
class WorkAdmin(ReadOnlyAdmin):
    list_display = ("title", "call", "author_name", "kind", "status", "submitted_on")
    list_filter = ("status", "kind")
    list_select_related = ("call",)
    search_fields = ("title", "author_name")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("work", "level", "amount_fen")
    list_select_related = ("work", "level")
