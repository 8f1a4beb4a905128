from django.urls import path

from .views import member, office

app_name = "congress"
urlpatterns = [
    # representatives
    path("", member.home, name="home"),
    path("sessions/<int:pk>/check-in/", member.check_in, name="check-in"),
    path("polls/<int:pk>/vote/", member.vote, name="vote"),
    path("polls/<int:pk>/result/", member.result, name="result"),
    # secretariat and tellers
    path("office/", office.office_home, name="office-home"),
    path("office/terms/<int:pk>/", office.term_detail, name="term-detail"),
    path("office/terms/<int:pk>/<slug:action>/", office.term_action, name="term-action"),
    path(
        "office/representatives/<int:pk>/end/",
        office.representative_end,
        name="representative-end",
    ),
    path("office/sessions/<int:pk>/", office.session_manage, name="session-manage"),
    path("office/sessions/<int:pk>/<slug:action>/", office.session_action, name="session-action"),
    path("office/polls/<int:pk>/", office.poll_manage, name="poll-manage"),
    path("office/polls/<int:pk>/<slug:action>/", office.poll_action, name="poll-action"),
    path(
        "office/elections/<int:pk>/<slug:action>/",
        office.election_action,
        name="election-action",
    ),
    # the big screen in the hall
    path("sessions/<int:pk>/hall/", office.hall, name="hall"),
    path("sessions/<int:pk>/hall/live/", office.hall_live, name="hall-live"),
]
