"""Bank rules: question shapes, categories, the spreadsheet import with its dry run, publishing
checks, the results export."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.quizzes import services
from tongxin.quizzes.data.import_headers import HEADERS, TEMPLATE_ROWS
from tongxin.quizzes.models import Question, QuestionCategory
from tongxin.quizzes.services import QuestionData
from tongxin.quizzes.spreadsheets import template_workbook
from tongxin.testing.api import table_counts

HEADER_ROW = [headers[0] for headers in HEADERS.values()]


def _xlsx(rows, header=HEADER_ROW, title=None):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (QuestionData("single", "", ["a", "b"], [0]), "stem"),
        (QuestionData("single", "Q", ["a"], [0]), "options"),
        (QuestionData("single", "Q", ["a", "", "c"], [0]), "options"),
        (QuestionData("single", "Q", ["a", "a"], [0]), "options"),
        (QuestionData("single", "Q", ["a", "b"], [0, 1]), "answer"),
        (QuestionData("multiple", "Q", ["a", "b"], []), "answer"),
        (QuestionData("multiple", "Q", ["a", "b"], [2]), "answer"),
        (QuestionData("true_false", "Q", [], [2]), "answer"),
        (QuestionData("essay", "Q", [], [0]), "kind"),
        (QuestionData("single", "Q", ["a", "b"], [0], points=0), "points"),
    ],
)
def test_bad_questions_are_refused(cast, bank, data, field):
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.question_create(
            actor=cast.actor("office_admin"), category=bank["history"], data=data
        )
    assert error.value.field == field
    assert table_counts() == before


def test_trailing_empty_options_are_dropped(cast, bank):
    question = services.question_create(
        actor=cast.actor("office_admin"),
        category=bank["history"],
        data=QuestionData("multiple", " Q ", ["a", "b", "c", "", ""], [0, 2]),
    )
    assert (question.stem, question.options, question.answer) == ("Q", ["a", "b", "c"], [0, 2])


def test_category_names_are_unique_per_node_and_in_use_ones_stay(cast, bank):
    office = cast.actor("office_admin")
    with pytest.raises(DomainError) as error:
        services.category_create(actor=office, node=cast.school, name="Party history")
    assert error.value.code == "category_exists"
    with pytest.raises(DomainError) as error:
        services.category_delete(actor=office, category=bank["history"])
    assert error.value.code == "category_in_use"
    empty = services.category_create(actor=office, node=cast.branch_a, name="Party history")
    services.category_delete(actor=office, category=empty)
    assert not QuestionCategory.objects.filter(pk=empty.pk).exists()


def test_import_dry_run_reports_every_row_and_saves_nothing(cast):
    rows = [
        *TEMPLATE_ROWS,
        ("单选", "Only one right", "x", "y", "", "", "", "", "AB", "工会知识", 1, ""),
        ("论述", "Essay", "", "", "", "", "", "", "A", "工会知识", 1, ""),
        ("判断", "Maybe", "", "", "", "", "", "", "也许", "", 1, ""),
    ]
    before = table_counts()
    report = services.question_import(
        actor=cast.actor("office_admin"), node=cast.school, content=_xlsx(rows, title="题库")
    )
    assert table_counts() == before
    assert (report.valid, report.invalid, report.applied) == (3, 3, False)
    assert report.new_categories == ["工会知识", "女性权益"]
    bad = [row for row in report.rows if not row.ok]
    assert [row.number for row in bad] == [6, 7, 8]
    assert len(bad[2].problems) == 2  # the answer and the missing category
    with pytest.raises(DomainError) as error:
        services.question_import(
            actor=cast.actor("office_admin"), node=cast.school, content=_xlsx(rows), apply=True
        )
    assert error.value.code == "import_has_errors"
    assert table_counts() == before


def test_import_applies_valid_rows(cast):
    report = services.question_import(
        actor=cast.actor("office_admin"),
        node=cast.school,
        content=_xlsx([*TEMPLATE_ROWS, ("x", "", "", "", "", "", "", "", "", "", "", "")]),
        apply=True,
        skip_invalid=True,
    )
    assert (report.created, report.applied) == (3, True)
    multiple = Question.objects.get(kind="multiple")
    assert (multiple.answer, multiple.category.name, multiple.points) == (
        [0, 1, 2, 3],
        "工会知识",
        2,
    )
    assert Question.objects.get(kind="true_false").answer == [0]


def test_import_template_reads_back(cast):
    report = services.question_import(
        actor=cast.actor("office_admin"), node=cast.school, content=template_workbook()
    )
    assert report.valid == len(TEMPLATE_ROWS)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"not a workbook", "import_invalid_file"),
        (b"PK\x03\x04garbage", "import_invalid_file"),
    ],
)
def test_import_bad_files(cast, content, code):
    with pytest.raises(ValidationFailed) as error:
        services.question_import(
            actor=cast.actor("office_admin"), node=cast.school, content=content
        )
    assert (error.value.code, error.value.field) == (code, "file")


def test_import_missing_columns(cast):
    with pytest.raises(ValidationFailed) as error:
        services.question_import(
            actor=cast.actor("office_admin"),
            node=cast.school,
            content=_xlsx([("单选", "Q")], header=["题型", "题干"]),
        )
    assert "答案" in error.value.message


def test_publish_checks_the_pool(cast, make_quiz, bank):
    office = cast.actor("office_admin")
    quiz = make_quiz(publish=False, pool=[(bank["history"], 7)])
    with pytest.raises(DomainError) as error:
        services.quiz_publish(actor=office, quiz=quiz)
    assert error.value.code == "not_enough_questions"
    quiz = make_quiz(publish=False, pool=[])
    with pytest.raises(DomainError) as error:
        services.quiz_publish(actor=office, quiz=quiz)
    assert error.value.code == "empty_pool"
    quiz = make_quiz(publish=False, pool=[(bank["history"], None)], question_count=9)
    with pytest.raises(DomainError) as error:
        services.quiz_publish(actor=office, quiz=quiz)
    assert error.value.field == "question_count"


def test_published_quiz_is_fixed_and_closes_once(cast, quiz):
    office = cast.actor("office_admin")
    data = services.QuizData(
        title="New", opens_at=quiz.opens_at, closes_at=quiz.closes_at, audience_node=cast.school
    )
    with pytest.raises(InvalidTransition):
        services.quiz_update(actor=office, quiz=quiz, data=data)
    services.quiz_close(actor=office, quiz=quiz)
    with pytest.raises(InvalidTransition):
        services.quiz_close(actor=office, quiz=quiz)


def test_quiz_times_and_audience_are_checked(cast, bank, quiz):
    data = services.QuizData(
        title="Q", opens_at=quiz.closes_at, closes_at=quiz.opens_at, audience_node=cast.school
    )
    with pytest.raises(ValidationFailed) as error:
        services.quiz_create(actor=cast.actor("office_admin"), organiser=cast.school, data=data)
    assert error.value.code == "bad_times"
    data = services.QuizData(
        title="Q", opens_at=quiz.opens_at, closes_at=quiz.closes_at, audience_node=cast.school
    )
    with pytest.raises(ValidationFailed) as error:
        services.quiz_create(actor=cast.actor("branch_a_chair"), organiser=cast.branch_a, data=data)
    assert error.value.field == "audience_node"


def test_results_export(cast, quiz):
    member = cast.actor("branch_a_member")
    attempt = services.attempt_start(actor=member, quiz=quiz)
    services.attempt_submit(actor=member, attempt=attempt)
    data = services.quiz_results_export(actor=cast.actor("office_admin"), quiz=quiz)
    book = load_workbook(io.BytesIO(data))
    ranking = list(book.worksheets[0].values)
    assert ranking[1][1:4] == ("Member A", "A1001", "Branch A")
    assert len(list(book.worksheets[2].values)) == 2
