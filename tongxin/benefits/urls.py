from django.urls import path

from .views import member, office, pickup

app_name = "benefits"
urlpatterns = [
    # The office (and, for confirmed batches, the branches' liaisons)
    path("", office.batch_list, name="batch-list"),
    path("new/", office.batch_create, name="batch-create"),
    path("<int:pk>/", office.batch_detail, name="batch-detail"),
    path("<int:pk>/edit/", office.batch_edit, name="batch-edit"),
    path("<int:pk>/confirm/", office.batch_confirm, name="batch-confirm"),
    path("<int:pk>/cancel/", office.batch_cancel, name="batch-cancel"),
    path("<int:pk>/close/", office.batch_close, name="batch-close"),
    # Pickup lists
    path("<int:pk>/branches/<int:branch_pk>/", pickup.pickup_list, name="pickup-list"),
    path("<int:pk>/branches/<int:branch_pk>/export/", pickup.pickup_export, name="pickup-export"),
    path("<int:pk>/scan/", pickup.pickup_scan, name="pickup-scan"),
    path("receipts/<int:pk>/sign-for/", pickup.receipt_sign_for, name="receipt-sign-for"),
    path("receipts/<int:pk>/mail-out/", pickup.receipt_mail_out, name="receipt-mail-out"),
    path("receipts/<int:pk>/undelivered/", pickup.receipt_undelivered, name="receipt-undelivered"),
    path("receipts/<int:pk>/reissue/", pickup.receipt_reissue, name="receipt-reissue"),
    # Members
    path("mine/", member.my_benefits, name="my-benefits"),
    path("receipts/<int:pk>/", member.receipt_detail, name="receipt-detail"),
    path("receipts/<int:pk>/confirm/", member.receipt_confirm, name="receipt-confirm"),
    path("r/<str:token>/", member.receipt_token, name="receipt-token"),
]
