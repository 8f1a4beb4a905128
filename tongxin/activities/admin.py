from django.contrib import admin

from .models import Activity, LotteryDraw, SignUp


class ReadOnlyAdmin(admin.ModelAdmin):
    """Activities change through the services (pages and API); the admin only looks."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "organiser", "status", "starts_at", "quota")
    list_filter = ("kind", "status")
    search_fields = ("title",)


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin):
    list_display = ("activity", "person", "family_member", "outsider_name", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("activity", "person", "family_member", "slot")


@admin.register(LotteryDraw)
class LotteryDrawAdmin(ReadOnlyAdmin):
    list_display = ("activity", "drawn_at", "drawn_by_label", "seed")
