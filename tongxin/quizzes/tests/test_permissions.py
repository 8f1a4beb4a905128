"""Persona matrices for every quiz service that checks a permission: allowed rows assert the
change, denied rows the error and that nothing changed (every table, audit included)."""

import pytest

from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.quizzes import queries, services
from tongxin.quizzes.models import Attempt
from tongxin.quizzes.services import QuestionData
from tongxin.testing.api import table_counts

OUTSIDE = [("outsider", NotFound), ("anonymous", NotFound)]
SCHOOL_MANAGERS = [
    ("office_admin", None),
    ("system", None),
    ("branch_a_chair", NotFound),
    ("branch_a_liaison", NotFound),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_member", NotFound),
    ("branch_b_member", NotFound),
    *OUTSIDE,
]
BRANCH_A_MANAGERS = [
    ("office_admin", None),
    ("branch_a_chair", None),
    ("branch_a_liaison", Forbidden),
    ("finance_officer", Forbidden),
    ("branch_a_member", NotFound),
    ("branch_b_member", NotFound),
    *OUTSIDE,
]


def _check(call, expected):
    before = table_counts()
    if expected is None:
        result = call()
        assert table_counts() != before
        return result
    with pytest.raises(expected):
        call()
    assert table_counts() == before
    return None


@pytest.mark.parametrize(("persona", "expected"), BRANCH_A_MANAGERS)
def test_category_create_matrix(cast, persona, expected):
    category = _check(
        lambda: services.category_create(
            actor=cast.actor(persona), node=cast.branch_a, name="Rules"
        ),
        expected,
    )
    assert expected is not None or category.node_id == cast.branch_a.pk


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_question_create_matrix(cast, bank, persona, expected):
    _check(
        lambda: services.question_create(
            actor=cast.actor(persona),
            category=bank["union"],
            data=QuestionData("true_false", "Dues are 0.5% of the wage base.", [], [0]),
        ),
        expected,
    )


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_question_import_matrix(cast, persona, expected):
    from tongxin.quizzes.spreadsheets import template_workbook

    _check(
        lambda: services.question_import(
            actor=cast.actor(persona), node=cast.school, content=template_workbook(), apply=True
        ),
        expected,
    )


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_quiz_publish_matrix(cast, make_quiz, persona, expected):
    quiz = make_quiz(publish=False)
    _check(lambda: services.quiz_publish(actor=cast.actor(persona), quiz=quiz), expected)


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_quiz_close_and_results_switch_matrix(cast, quiz, persona, expected):
    _check(
        lambda: services.quiz_set_results_public(actor=cast.actor(persona), quiz=quiz, public=True),
        expected,
    )
    _check(lambda: services.quiz_close(actor=cast.actor(persona), quiz=quiz), expected)


@pytest.mark.parametrize(("persona", "expected"), BRANCH_A_MANAGERS)
def test_branch_quiz_create_matrix(cast, bank, make_quiz, persona, expected):
    from .conftest import START

    data = services.QuizData(
        title="Branch A quiz",
        opens_at=START,
        closes_at=START.replace(day=5),
        audience_node=cast.branch_a,
        pool=[(bank["history"], 2)],  # a branch quiz may draw from the school's bank
    )
    _check(
        lambda: services.quiz_create(actor=cast.actor(persona), organiser=cast.branch_a, data=data),
        expected,
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("branch_a_chair", None),
        ("office_admin", DomainError),  # not in branch A's audience
        ("branch_b_member", DomainError),
        ("system", NotFound),  # no person of its own
        *OUTSIDE,
    ],
)
def test_take_a_branch_a_quiz_matrix(cast, make_quiz, persona, expected):
    quiz = make_quiz(audience=cast.branch_a)
    attempt = _check(lambda: services.attempt_start(actor=cast.actor(persona), quiz=quiz), expected)
    if expected is None:
        assert attempt.person_id == cast.people[persona].pk


def test_branch_b_member_cannot_see_a_branch_a_quiz(cast, make_quiz):
    quiz = make_quiz(audience=cast.branch_a)
    with pytest.raises(NotFound):
        queries.quiz_get_member(actor=cast.actor("branch_b_member"), pk=quiz.pk)
    assert queries.quiz_list_member(actor=cast.actor("branch_b_member")) == []
    assert [q.pk for q in queries.quiz_list_member(actor=cast.actor("branch_a_member"))] == [
        quiz.pk
    ]


def test_women_only_quiz(cast, make_quiz):
    quiz = make_quiz(gender="female")
    with pytest.raises(DomainError) as error:
        services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    assert error.value.code == "not_in_audience"
    assert services.attempt_start(actor=cast.actor("branch_b_member"), quiz=quiz).pk


def test_non_member_cannot_take_part(cast, quiz):
    with pytest.raises(DomainError):
        services.attempt_start(
            actor=cast.actor("system"), quiz=quiz, person=cast.people["branch_a_non_member"]
        )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("system", None),
        ("branch_a_chair", Forbidden),  # sees it, but only the person answers
        ("office_admin", Forbidden),
        ("branch_b_member", NotFound),
        *OUTSIDE,
    ],
)
def test_submit_matrix(cast, quiz, persona, expected):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    _check(lambda: services.attempt_submit(actor=cast.actor(persona), attempt=attempt), expected)
    with pytest.raises(DomainError) if expected is None else _DeniedOrNothing():
        services.attempt_save(actor=cast.actor(persona), attempt=attempt, answers={})


class _DeniedOrNothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], (Forbidden, NotFound))


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("branch_a_member", True),
        ("branch_a_chair", True),
        ("branch_a_liaison", True),
        ("office_admin", True),
        ("branch_b_member", False),
        ("finance_officer", False),
        ("outsider", False),
    ],
)
def test_who_sees_an_attempt(cast, quiz, persona, visible):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    if visible:
        assert queries.attempt_get(actor=cast.actor(persona), pk=attempt.pk).pk == attempt.pk
    else:
        with pytest.raises(NotFound):
            queries.attempt_get(actor=cast.actor(persona), pk=attempt.pk)


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_export_matrix(cast, quiz, persona, expected):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    services.attempt_submit(actor=cast.actor("branch_a_member"), attempt=attempt)
    _check(lambda: services.quiz_results_export(actor=cast.actor(persona), quiz=quiz), expected)


def test_ranking_names_for_officers_masked_for_members(cast, quiz):
    for persona in ("branch_a_member", "branch_b_member", "branch_a_chair"):
        attempt = services.attempt_start(actor=cast.actor(persona), quiz=quiz)
        services.attempt_submit(actor=cast.actor(persona), attempt=attempt)
    office = queries.ranking(actor=cast.actor("office_admin"), quiz=quiz)
    assert {r.name for r in office.rows} == {"Member A", "Member B", "Chair A"}
    chair = queries.ranking(actor=cast.actor("branch_a_chair"), quiz=quiz)
    assert {r.name for r in chair.rows} == {"Member A", "Chair A"}  # their branch only
    hidden = queries.ranking(actor=cast.actor("branch_b_member"), quiz=quiz)
    assert hidden.rows == []
    quiz = services.quiz_set_results_public(
        actor=cast.actor("office_admin"), quiz=quiz, public=True
    )
    member = queries.ranking(actor=cast.actor("branch_b_member"), quiz=quiz)
    names = {r.name for r in member.rows}
    assert "Member B" in names  # their own row
    assert {"M******A", "C*****A"} <= names
    assert all(r.staff_number == "" for r in member.rows)
    assert Attempt.objects.filter(is_best=True).count() == 3


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_bank_edit_matrix(cast, bank, persona, expected):
    actor = cast.actor(persona)
    question = bank["union"].questions.first()
    _check(
        lambda: services.category_update(
            actor=actor, category=bank["union"], name="Union basics", sort_order=3
        ),
        expected,
    )
    _check(
        lambda: services.question_update(
            actor=actor,
            question=question,
            data=QuestionData("true_false", "Changed", [], [1], "", 3),
        ),
        expected,
    )
    _check(lambda: services.question_archive(actor=actor, question=question), expected)
    empty = services.category_create(
        actor=cast.actor("office_admin"), node=cast.school, name="Empty"
    )
    _check(lambda: services.category_delete(actor=actor, category=empty), expected)


@pytest.mark.parametrize(("persona", "expected"), SCHOOL_MANAGERS)
def test_quiz_update_matrix(cast, make_quiz, persona, expected):
    quiz = make_quiz(publish=False)
    data = services.QuizData(
        title="Renamed",
        opens_at=quiz.opens_at,
        closes_at=quiz.closes_at,
        audience_node=cast.school,
        pool=[],
    )
    _check(lambda: services.quiz_update(actor=cast.actor(persona), quiz=quiz, data=data), expected)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("system", None),
        ("office_admin", None),
        ("branch_a_chair", None),
        ("branch_b_member", NotFound),
        ("finance_officer", NotFound),
        *OUTSIDE,
    ],
)
def test_expire_matrix(cast, quiz, now, persona, expected):
    import datetime as dt

    from .conftest import START

    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    now(START + dt.timedelta(hours=1))
    _check(lambda: services.attempt_expire(actor=cast.actor(persona), attempt=attempt), expected)
