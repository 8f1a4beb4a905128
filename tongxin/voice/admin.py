"""Read-only admin views of staff voice; every change goes through the pages and services."""

from django.contrib import admin
from django.http import HttpRequest

from .models import GrassrootsVisit, VoiceItem, VoiceItemEvent, VoiceReply, Wish


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class VoiceReplyInline(ReadOnlyInline):
    model = VoiceReply
    fields = ("round", "department", "replied_on", "due_on", "rating", "rated_on")


class VoiceItemEventInline(ReadOnlyInline):
    model = VoiceItemEvent
    fields = ("occurred_on", "kind", "party", "department", "round", "note")


@admin.register(Wish)
class WishAdmin(ReadOnlyAdmin):
    list_display = ("year", "person", "node", "status", "visibility", "submitted_on")
    list_filter = ("year", "status", "visibility")
    list_select_related = ("person", "node")


@admin.register(VoiceItem)
class VoiceItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "category", "status", "department", "due_on", "filed_on")
    list_filter = ("status", "kind", "category")
    list_select_related = ("department",)
    inlines = (VoiceReplyInline, VoiceItemEventInline)


@admin.register(GrassrootsVisit)
class GrassrootsVisitAdmin(ReadOnlyAdmin):
    list_display = ("visited_on", "node", "lead")
    list_select_related = ("node", "lead")
