from django.urls import path

from .views import claims, insurance, me, places

app_name = "staff_services"
urlpatterns = [
    path("me/insurance/", me.insurance_mine, name="insurance-mine"),
    path("me/school-places/", me.place_mine, name="place-mine"),
    path("me/school-places/apply/", me.place_apply_mine, name="place-apply-mine"),
    path("insurance/policies/", insurance.policy_list, name="policy-list"),
    path("insurance/policies/new/", insurance.policy_create, name="policy-create"),
    path("insurance/policies/<int:pk>/", insurance.policy_detail, name="policy-detail"),
    path("insurance/policies/<int:pk>/edit/", insurance.policy_edit, name="policy-edit"),
    path("insurance/policies/<int:pk>/delete/", insurance.policy_delete, name="policy-delete"),
    path(
        "insurance/policies/<int:pk>/cover-items/",
        insurance.cover_item_add,
        name="cover-item-add",
    ),
    path(
        "insurance/cover-items/<int:pk>/remove/",
        insurance.cover_item_remove,
        name="cover-item-remove",
    ),
    path("insurance/policies/<int:pk>/premium/", insurance.premium_post, name="premium-post"),
    path("insurance/policies/<int:pk>/roster/", insurance.roster, name="roster"),
    path(
        "insurance/policies/<int:pk>/roster/import/",
        insurance.roster_import,
        name="roster-import",
    ),
    path("insurance/policies/<int:pk>/roster/add/", insurance.insured_add, name="insured-add"),
    path(
        "insurance/policies/<int:pk>/roster/export/",
        insurance.roster_export,
        name="roster-export",
    ),
    path("insurance/insured/<int:pk>/remove/", insurance.insured_remove, name="insured-remove"),
    path("insurance/claims/", claims.claim_list, name="claim-list"),
    path("insurance/claims/new/", claims.claim_file, name="claim-file"),
    path("insurance/claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path(
        "insurance/claims/<int:pk>/submit/",
        claims.claim_step,
        {"step": "submit"},
        name="claim-submit",
    ),
    path(
        "insurance/claims/<int:pk>/settle/",
        claims.claim_step,
        {"step": "settle"},
        name="claim-settle",
    ),
    path("school-places/", places.place_list, name="place-list"),
    path("school-places/new/", places.place_apply, name="place-apply"),
    path("school-places/summary/", places.place_summary, name="place-summary"),
    path("school-places/export/", places.place_export, name="place-export"),
    path("school-places/<int:pk>/", places.place_detail, name="place-detail"),
    path("school-places/<int:pk>/forward/", places.place_forward, name="place-forward"),
    path("school-places/<int:pk>/decide/", places.place_decide, name="place-decide"),
]
