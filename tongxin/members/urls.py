from django.urls import path

from .views import applications, family, people, portal

app_name = "members"
urlpatterns = [
    path("me/", portal.me, name="me"),
    path("me/contact/", portal.me_contact, name="me-contact"),
    path("me/apply/", portal.me_apply, name="me-apply"),
    path("people/", people.person_list, name="person-list"),
    path("people/new/", people.person_create, name="person-create"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path(
        "people/<int:pk>/id-number/", people.person_reveal_id_number, name="person-reveal-id-number"
    ),
    path("people/<int:pk>/membership/", people.membership_action, name="membership-action"),
    path("people/<int:pk>/family/new/", family.family_member_add, name="family-member-add"),
    path("people/family/<int:pk>/edit/", family.family_member_edit, name="family-member-edit"),
    path(
        "people/family/<int:pk>/remove/", family.family_member_remove, name="family-member-remove"
    ),
    path(
        "people/applications/<int:pk>/", applications.application_detail, name="application-detail"
    ),
]
