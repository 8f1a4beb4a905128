from django.urls import path

from .views import judging, member, office

app_name = "submissions"
urlpatterns = [
    # Office console
    path("calls/", office.call_list, name="call-list"),
    path("calls/new/", office.call_create, name="call-create"),
    path("calls/<int:pk>/", office.call_detail, name="call-detail"),
    path("calls/<int:pk>/edit/", office.call_edit, name="call-edit"),
    path("calls/<int:pk>/move/<str:move>/", office.call_move, name="call-move"),
    path("calls/<int:pk>/publish/", office.call_publish, name="call-publish"),
    path("calls/<int:pk>/judges/", office.judge_add, name="judge-add"),
    path("calls/<int:pk>/judges/<int:judge_pk>/remove/", office.judge_remove, name="judge-remove"),
    path("calls/<int:pk>/prizes/", office.prize_add, name="prize-add"),
    path("calls/<int:pk>/prizes/<int:level_pk>/remove/", office.prize_remove, name="prize-remove"),
    path("calls/<int:pk>/award-by-ranking/", office.awards_from_ranking, name="award-ranking"),
    path("calls/<int:pk>/export/", office.call_export, name="call-export"),
    path("works/<int:pk>/screen/", office.work_screen, name="work-screen"),
    path("works/<int:pk>/award/", office.work_award, name="work-award"),
    path("works/<int:pk>/award/revoke/", office.work_award_revoke, name="work-award-revoke"),
    # Members
    path("open/", member.calls_open, name="calls-open"),
    path("open/<int:pk>/", member.call_page, name="call-page"),
    path("open/<int:pk>/submit/", member.work_submit, name="work-submit"),
    path("open/<int:pk>/gallery/", member.gallery, name="gallery"),
    path("works/mine/", member.works_mine, name="works-mine"),
    path("works/<int:pk>/withdraw/", member.work_withdraw, name="work-withdraw"),
    path("works/<int:pk>/file/", member.work_file, name="work-file"),
    # Judges
    path("judging/", judging.judge_home, name="judge-home"),
    path("judging/<int:pk>/", judging.judge_call, name="judge-call"),
    path("judging/works/<int:pk>/score/", judging.judge_score, name="judge-score"),
]
