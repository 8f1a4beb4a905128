from django.urls import path

from .views import department, items, visits, wishes

app_name = "voice"
urlpatterns = [
    # New Year wishes
    path("items/awaiting-badge/", items.item_awaiting_badge, name="item-awaiting-badge"),
    path("wishes/mine/", wishes.wish_mine, name="wish-mine"),
    path("wishes/new/", wishes.wish_submit, name="wish-submit"),
    path("wishes/wall/", wishes.wish_wall, name="wish-wall"),
    path("wishes/", wishes.wish_list, name="wish-list"),
    path("wishes/stats/", wishes.wish_stats, name="wish-stats"),
    path("wishes/export/", wishes.wish_export, name="wish-export"),
    path("wishes/<int:pk>/", wishes.wish_detail, name="wish-detail"),
    path("wishes/<int:pk>/edit/", wishes.wish_edit, name="wish-edit"),
    path("wishes/<int:pk>/withdraw/", wishes.wish_withdraw, name="wish-withdraw"),
    path("wishes/<int:pk>/decide/", wishes.wish_decide, name="wish-decide"),
    # Suggestions and requests
    path("items/new/", items.item_file, name="item-file"),
    path("items/mine/", items.item_mine, name="item-mine"),
    path("items/", items.item_list, name="item-list"),
    path("items/overdue/", items.item_overdue, name="item-overdue"),
    path("items/stats/", items.item_stats, name="item-stats"),
    path("items/export/", items.item_export, name="item-export"),
    path("items/<int:pk>/", items.item_detail, name="item-detail"),
    path("items/<int:pk>/withdraw/", items.item_withdraw, name="item-withdraw"),
    path("items/<int:pk>/accept/", items.item_accept, name="item-accept"),
    path("items/<int:pk>/decline/", items.item_decline, name="item-decline"),
    path("items/<int:pk>/route/", items.item_route, name="item-route"),
    path("items/<int:pk>/reply/", items.item_reply, name="item-reply"),
    path("items/<int:pk>/close/", items.item_close, name="item-close"),
    path("items/<int:pk>/rate/", items.item_rate, name="item-rate"),
    # A department's view
    path("department/", department.department_items, name="department-items"),
    path(
        "department/items/<int:pk>/",
        department.department_item_detail,
        name="department-item-detail",
    ),
    # Grassroots visits
    path("visits/", visits.visit_list, name="visit-list"),
    path("visits/new/", visits.visit_create, name="visit-create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
]
