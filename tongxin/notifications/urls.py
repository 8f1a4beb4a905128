from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("badge/", views.unread_badge, name="unread-badge"),
    path("read-all/", views.notification_read_all, name="notification-read-all"),
    path("<int:pk>/open/", views.notification_open, name="notification-open"),
]
