from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by ``notify`` only."""

    list_display = ("created_at", "kind", "title", "user", "person", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title",)
    raw_id_fields = ("user", "person")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
