from django.contrib import admin
from django.urls import include, path, re_path

from . import views
from .api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("tongxin.accounts.urls")),
    path("", include("tongxin.members.urls")),
    path("orgs/", include("tongxin.orgs.urls")),
    path("approvals/", include("tongxin.approvals.urls")),
    path("participation/", include("tongxin.participation.urls")),
    path("notifications/", include("tongxin.notifications.urls")),
    path("funds/", include("tongxin.funds.urls")),
    path("care/", include("tongxin.care.urls")),
    path("benefits/", include("tongxin.benefits.urls")),
    path("services/", include("tongxin.staff_services.urls")),
    path("donations/", include("tongxin.donations.urls")),
    path("activities/", include("tongxin.activities.urls")),
    path("quizzes/", include("tongxin.quizzes.urls")),
    path("submissions/", include("tongxin.submissions.urls")),
    path("clubs/", include("tongxin.clubs.urls")),
    path("voice/", include("tongxin.voice.urls")),
    path("congress/", include("tongxin.congress.urls")),
    path("proposals/", include("tongxin.proposals.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api.unknown_route),  # other API versions and typos answer JSON 404s
    path("admin/", admin.site.urls),
]

handler404 = "tongxin.views.page_not_found"
handler403 = "tongxin.views.permission_denied"
handler500 = "tongxin.views.server_error"
