from django.urls import path

from .views import bank, member, office

app_name = "quizzes"
urlpatterns = [
    # Members
    path("", member.quiz_mine, name="mine"),
    path("<int:pk>/", member.quiz_view, name="quiz-view"),
    path("<int:pk>/start/", member.quiz_start, name="quiz-start"),
    path("attempts/<int:pk>/", member.attempt_take, name="attempt-take"),
    path("attempts/<int:pk>/save/", member.attempt_save, name="attempt-save"),
    path("attempts/<int:pk>/submit/", member.attempt_submit, name="attempt-submit"),
    path("attempts/<int:pk>/result/", member.attempt_result, name="attempt-result"),
    # Question bank
    path("bank/", bank.bank, name="bank"),
    path("bank/categories/new/", bank.category_create, name="category-create"),
    path("bank/categories/<int:pk>/", bank.category_edit, name="category-edit"),
    path("bank/questions/new/", bank.question_create, name="question-create"),
    path("bank/questions/<int:pk>/", bank.question_edit, name="question-edit"),
    path("bank/questions/<int:pk>/archive/", bank.question_archive, name="question-archive"),
    path("bank/import/", bank.question_import, name="import"),
    path("bank/import/template/", bank.import_template, name="import-template"),
    # Running quizzes
    path("manage/", office.quiz_list, name="quiz-list"),
    path("manage/new/", office.quiz_create, name="quiz-create"),
    path("manage/<int:pk>/", office.quiz_detail, name="quiz-detail"),
    path("manage/<int:pk>/edit/", office.quiz_edit, name="quiz-edit"),
    path("manage/<int:pk>/publish/", office.quiz_publish, name="quiz-publish"),
    path("manage/<int:pk>/close/", office.quiz_close, name="quiz-close"),
    path("manage/<int:pk>/results-switch/", office.quiz_results_switch, name="quiz-results-switch"),
    path("manage/<int:pk>/results/", office.quiz_results, name="quiz-results"),
    path("manage/<int:pk>/export/", office.quiz_export, name="quiz-export"),
]
