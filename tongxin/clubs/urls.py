from django.urls import path

from .views import member, office

app_name = "clubs"
urlpatterns = [
    # members
    path("", member.club_browse, name="club-browse"),
    path("mine/", member.my_clubs, name="my-clubs"),
    path("<int:pk>/", member.club_detail, name="club-detail"),
    path("<int:pk>/join/", member.club_join, name="club-join"),
    path("<int:pk>/leave/", member.club_leave, name="club-leave"),
    # office, branch chairs and leaders
    path("office/", office.club_list, name="office-list"),
    path("office/new/", office.club_create, name="club-create"),
    path("<int:pk>/manage/", office.club_manage, name="club-manage"),
    path("<int:pk>/edit/", office.club_edit, name="club-edit"),
    path("<int:pk>/archive/", office.club_archive, name="club-archive"),
    path("<int:pk>/leaders/", office.leader_add, name="leader-add"),
    path("leaders/<int:pk>/end/", office.leader_end, name="leader-end"),
    path("<int:pk>/members/", office.member_add, name="member-add"),
    path("<int:pk>/members/<int:person_pk>/remove/", office.member_remove, name="member-remove"),
    path("<int:pk>/budget/", office.budget_set, name="budget-set"),
    path("<int:pk>/expenses/", office.expense_add, name="expense-add"),
    path("expenses/<int:pk>/reverse/", office.expense_reverse, name="expense-reverse"),
    path("<int:pk>/series/", office.series_create, name="series-create"),
    path("<int:pk>/export.xlsx", office.club_export, name="club-export"),
]
