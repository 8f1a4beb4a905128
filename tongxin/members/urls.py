from django.urls import path

from .views import applications, dues, family, membership, officers, people, portal
from .views import roster as roster_views

app_name = "members"
urlpatterns = [
    path("me/", portal.me, name="me"),
    path("me/family/", portal.me_family, name="me-family"),
    path("me/membership/", portal.me_membership, name="me-membership"),
    path("me/dues/", portal.me_dues, name="me-dues"),
    path("me/contact/", portal.me_contact, name="me-contact"),
    path("me/apply/", portal.me_apply, name="me-apply"),
    path("people/", people.person_list, name="person-list"),
    path("people/new/", people.person_create, name="person-create"),
    path("people/pick/", people.person_pick, name="person-pick"),
    path("people/import/", roster_views.roster_import, name="roster-import"),
    path("people/import/template/", roster_views.roster_template, name="roster-template"),
    path("people/import/<int:pk>/", roster_views.roster_import_detail, name="roster-import-detail"),
    path(
        "people/import/<int:pk>/apply/",
        roster_views.roster_import_apply,
        name="roster-import-apply",
    ),
    path("people/export/", roster_views.person_export, name="person-export"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path(
        "people/<int:pk>/id-number/",
        people.person_reveal_id_number,
        name="person-reveal-id-number",
    ),
    path(
        "people/<int:pk>/membership/<slug:action>/",
        membership.membership_change,
        name="membership-change",
    ),
    path("people/<int:pk>/family/new/", family.family_member_add, name="family-member-add"),
    path("people/family/<int:pk>/edit/", family.family_member_edit, name="family-member-edit"),
    path(
        "people/family/<int:pk>/remove/", family.family_member_remove, name="family-member-remove"
    ),
    path(
        "people/applications/<int:pk>/",
        applications.application_detail,
        name="application-detail",
    ),
    path("nodes/<int:pk>/officers/new/", officers.officer_appoint, name="officer-appoint"),
    path("officers/<int:pk>/end/", officers.officer_end, name="officer-end"),
    path("dues/", dues.dues_month, name="dues"),
]
