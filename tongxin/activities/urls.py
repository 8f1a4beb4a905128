from django.urls import path

from .views import calendar, checkin, costs, member, office, signups

app_name = "activities"
urlpatterns = [
    # members
    path("", member.activity_list, name="activity-list"),
    path("mine/", member.my_activities, name="my-activities"),
    path("<int:pk>/", member.activity_detail, name="activity-detail"),
    path("<int:pk>/sign-up/", member.activity_sign_up, name="activity-sign-up"),
    path("<int:pk>/self-check-in/", member.self_check_in, name="self-check-in"),
    path("<int:pk>/lottery/", member.lottery_detail, name="lottery-detail"),
    path("sign-ups/<int:pk>/", member.signup_detail, name="signup-detail"),
    path("sign-ups/<int:pk>/cancel/", member.signup_cancel, name="signup-cancel"),
    path("sign-ups/<int:pk>/accept/", member.signup_accept, name="signup-accept"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/reset/", calendar.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
    # organisers
    path("office/", office.office_list, name="office-list"),
    path("office/new/", office.activity_create, name="activity-create"),
    path("<int:pk>/manage/", office.activity_manage, name="activity-manage"),
    path("<int:pk>/edit/", office.activity_edit, name="activity-edit"),
    path("<int:pk>/publish/", office.activity_publish, name="activity-publish"),
    path("<int:pk>/cancel/", office.activity_cancel, name="activity-cancel"),
    path("<int:pk>/close/", office.activity_close, name="activity-close"),
    path("<int:pk>/slots/", signups.slot_add, name="slot-add"),
    path("<int:pk>/slots/<int:slot_pk>/remove/", signups.slot_remove, name="slot-remove"),
    path("<int:pk>/quotas/", signups.branch_quotas, name="branch-quotas"),
    path("<int:pk>/lottery/draw/", office.lottery_draw, name="lottery-draw"),
    path("<int:pk>/outsiders/", signups.outsider_add, name="outsider-add"),
    path("<int:pk>/register/", signups.register_person, name="register-person"),
    path("<int:pk>/attendance.xlsx", signups.attendance_export, name="attendance-export"),
    path("sign-ups/<int:pk>/decide/", signups.signup_decide, name="signup-decide"),
    path("<int:pk>/costs/", costs.cost_add, name="cost-add"),
    path("costs/<int:pk>/reverse/", costs.cost_reverse, name="cost-reverse"),
    path("<int:pk>/check-in/", checkin.check_in, name="check-in"),
    path("check-in/<str:token>/", checkin.check_in_token, name="check-in-token"),
]
