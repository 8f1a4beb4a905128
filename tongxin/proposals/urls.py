from django.urls import path

from .views import member, office, reports

app_name = "proposals"
urlpatterns = [
    # Representatives and every staff member
    path("", member.proposal_mine, name="proposal-mine"),
    path("new/", member.proposal_draft, name="proposal-draft"),
    path("tracker/", member.proposal_tracker, name="proposal-tracker"),
    path("<int:pk>/", member.proposal_detail, name="proposal-detail"),
    path("<int:pk>/edit/", member.proposal_edit, name="proposal-edit"),
    path("<int:pk>/send/", member.proposal_send, name="proposal-send"),
    path("<int:pk>/co-sign/", member.proposal_co_sign, name="proposal-co-sign"),
    path("<int:pk>/withdraw/", member.proposal_withdraw, name="proposal-withdraw"),
    path("<int:pk>/late/", member.proposal_late, name="proposal-late"),
    path("<int:pk>/dispute/", member.proposal_dispute, name="proposal-dispute"),
    path("<int:pk>/rate/", member.proposal_rate, name="proposal-rate"),
    # The proposal committee, the presidium and the secretariat
    path("review/", office.proposal_review_list, name="proposal-review-list"),
    path("<int:pk>/accept/", office.proposal_accept, name="proposal-accept"),
    path("<int:pk>/assign/", office.proposal_assign, name="proposal-assign"),
    path("<int:pk>/merge/", office.proposal_merge, name="proposal-merge"),
    path("<int:pk>/convert/", office.proposal_convert, name="proposal-convert"),
    path("<int:pk>/reject/", office.proposal_reject, name="proposal-reject"),
    path(
        "<int:pk>/decide-dispute/", office.proposal_decide_dispute, name="proposal-decide-dispute"
    ),
    path("<int:pk>/outstanding/", office.proposal_outstanding, name="proposal-outstanding"),
    path("<int:pk>/close/", office.proposal_close, name="proposal-close"),
    path("collections/", office.collection_list, name="collection-list"),
    path("collections/new/", office.collection_create, name="collection-create"),
    path("collections/<int:pk>/edit/", office.collection_edit, name="collection-edit"),
    path("collections/<int:pk>/report/", reports.report_print, name="report-print"),
    path("collections/<int:pk>/report.docx", reports.report_download, name="report-docx"),
    # Departments
    path("department/", office.department_queue, name="department-queue"),
    path("department/<int:pk>/", office.department_proposal, name="department-proposal"),
    path("<int:pk>/reply/", office.proposal_reply, name="proposal-reply"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        office.reply_attachment,
        name="reply-attachment",
    ),
]
