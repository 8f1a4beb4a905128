from django.urls import path

from . import views

app_name = "donations"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_create, name="campaign-create"),
    path("me/", views.me, name="me"),
    path("template.xlsx", views.bulk_template, name="bulk-template"),
    path("receipts/<int:donation_pk>/", views.receipt, name="receipt"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("<int:pk>/<str:action>/do/", views.campaign_action, name="campaign-action"),
    path("<int:pk>/hand-over/", views.campaign_hand_over, name="campaign-hand-over"),
    path("<int:pk>/donations/", views.donation_list, name="donation-list"),
    path("<int:pk>/donations/new/", views.donation_create, name="donation-create"),
    path("<int:pk>/donations/bulk/", views.donation_bulk, name="donation-bulk"),
    path("<int:pk>/donations/confirm/", views.donation_confirm, name="donation-confirm"),
    path(
        "<int:pk>/donations/<int:donation_pk>/reject/",
        views.donation_reject,
        name="donation-reject",
    ),
    path(
        "<int:pk>/donations/<int:donation_pk>/cancel/",
        views.donation_cancel,
        name="donation-cancel",
    ),
    path("<int:pk>/donations/export/", views.donation_export, name="donation-export"),
    path("<int:pk>/report/", views.donation_report, name="donation-report"),
    path("<int:pk>/roll/", views.honour_roll, name="honour-roll"),
]
