from django.urls import path

from .views import hardship, visits, waivers

app_name = "care"
urlpatterns = [
    path("visits/", visits.visit_list, name="visit-list"),
    path("visits/new/", visits.visit_file, name="visit-file"),
    path("visits/new/standard/", visits.visit_kind_standard, name="visit-kind-standard"),
    path("visits/export/", visits.visit_export, name="visit-export"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/decide/", visits.visit_decide, name="visit-decide"),
    path("visits/<int:pk>/withdraw/", visits.visit_withdraw, name="visit-withdraw"),
    path(
        "visits/<int:pk>/budget-override/",
        visits.visit_budget_override,
        name="visit-budget-override",
    ),
    path("visits/<int:pk>/consent/", visits.visit_consent, name="visit-consent"),
    path("visits/<int:pk>/attachments/", visits.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", visits.attachment_download, name="attachment-download"),
    path("mine/", visits.visit_mine, name="visit-mine"),
    path("apply/", visits.visit_file, name="visit-apply"),
    path("notice/", visits.visit_notice, name="notice"),
    path("hardship/", hardship.hardship_list, name="hardship-list"),
    path("hardship/thresholds/", hardship.thresholds, name="thresholds"),
    path("hardship/new/", hardship.hardship_apply, name="hardship-apply"),
    path("hardship/<int:pk>/", hardship.hardship_detail, name="hardship-detail"),
    path("hardship/<int:pk>/action/", hardship.hardship_action, name="hardship-action"),
    path("waivers/", waivers.waiver_list, name="waiver-list"),
    path("waivers/new/", waivers.waiver_request, name="waiver-request"),
    path("waivers/<int:pk>/", waivers.waiver_detail, name="waiver-detail"),
]
