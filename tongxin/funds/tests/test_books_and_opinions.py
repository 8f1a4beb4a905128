import datetime as dt

import pytest

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.funds import services
from tongxin.funds.models import AuditOpinion, FundAccount, FundChart, PolicySet
from tongxin.members import services as members
from tongxin.orgs import services as orgs

from .conftest import YEAR, counts


def _expect(call, expected, before):
    if expected is None:
        return call()
    with pytest.raises(DomainError) as info:
        call()
    assert type(info.value).__name__ == expected
    assert counts() == before
    return None


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", None),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_a_member", "NotFound"),
        ("outsider", "NotFound"),
        ("anonymous", "NotFound"),
    ],
)
def test_books_open_matrix(cast, persona, expected):
    before = counts()
    accounts = _expect(
        lambda: services.fund_books_open(
            actor=cast.actor(persona), school=cast.school, policy_from=dt.date(2021, 1, 1)
        ),
        expected,
        before,
    )
    if accounts is not None:
        assert {(a.node.name, a.kind) for a in accounts} == {
            ("Test school union", "bank"),
            ("Test school union", "fund"),
            ("Test school union", "payable"),
            ("Branch A", "fund"),
            ("Branch B", "fund"),
        }
        assert PolicySet.objects.filter(school=cast.school).count() == 1


def test_books_open_is_idempotent_and_picks_up_new_branches(books):
    cast = books.cast
    before = counts()
    services.fund_books_open(
        actor=cast.actor("finance_officer"), school=cast.school, policy_from=dt.date(2021, 1, 1)
    )
    assert counts() == before
    branch_c = orgs.node_create(
        actor=cast.actor("system"), parent=cast.school, kind="branch", name="Branch C"
    )
    services.fund_books_open(
        actor=cast.actor("finance_officer"), school=cast.school, policy_from=dt.date(2021, 1, 1)
    )
    assert FundAccount.objects.filter(node=branch_c, kind="fund").count() == 1
    assert FundChart.objects.count() == 1
    with pytest.raises(ValidationFailed):
        services.fund_books_open(
            actor=cast.actor("system"), school=cast.branch_a, policy_from=dt.date(2021, 1, 1)
        )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("auditor", None),
        ("finance_officer", "Forbidden"),
        ("office_admin", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_a_member", "NotFound"),
        ("outsider", "NotFound"),
    ],
)
def test_audit_opinion_matrix(books, persona, expected):
    cast = books.cast
    before = counts()
    opinion = _expect(
        lambda: services.audit_opinion_add(
            actor=cast.actor(persona),
            node=cast.school,
            fiscal_year=YEAR,
            conclusion="qualified",
            text="Two receipts are missing.\nThe rest agrees with the bank.",
        ),
        expected,
        before,
    )
    if opinion is not None:
        assert opinion.text == "Two receipts are missing.\nThe rest agrees with the bank."
        assert opinion.author_label == "Audit Member"
        assert AuditOpinion.objects.count() == before["AuditOpinion"] + 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"conclusion": "great"}, "conclusion"),
        ({"text": "   "}, "text"),
        ({"fiscal_year": 21}, "fiscal_year"),
    ],
)
def test_bad_opinions_are_refused(books, values, field):
    before = counts()
    data = {
        "node": books.cast.school,
        "fiscal_year": YEAR,
        "conclusion": "unqualified",
        "text": "Fine.",
        **values,
    }
    with pytest.raises(ValidationFailed) as info:
        services.audit_opinion_add(actor=books.cast.actor("auditor"), **data)
    assert info.value.field == field
    assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", "Forbidden"),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("outsider", "NotFound"),
    ],
)
def test_dues_receipt_matrix(books, persona, expected):
    cast = books.cast
    members.dues_compute_month(
        actor=cast.actor("system"), node=cast.school, month=dt.date(YEAR, 5, 1)
    )
    before = counts()
    entry = _expect(
        lambda: services.dues_receipt_record(
            actor=cast.actor(persona), school=cast.school, month=dt.date(YEAR, 5, 1)
        ),
        expected,
        before,
    )
    if entry is not None:
        assert entry.source_id == "2021-05"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", "Forbidden"),
        ("auditor", "Forbidden"),
        ("branch_b_member", "NotFound"),
    ],
)
def test_withdraw_and_remove_line_matrix(books, persona, expected):
    cast = books.cast
    finance = cast.actor("finance_officer")
    version = services.budget_version_create(actor=finance, node=cast.school, fiscal_year=YEAR + 1)
    services.budget_line_set(actor=finance, version=version, category_key="expense", amount_fen=100)
    services.budget_line_set(
        actor=finance, version=version, category_key="income.dues", amount_fen=100
    )
    before = counts()
    result = _expect(
        lambda: services.budget_line_remove(
            actor=cast.actor(persona), version=version, category_key="income.dues"
        ),
        expected,
        before,
    )
    if result is not None:
        assert list(version.lines.values_list("category_key", flat=True)) == ["expense"]
    services.budget_version_submit(actor=finance, version=version)
    before = counts()
    result = _expect(
        lambda: services.budget_version_withdraw(actor=cast.actor(persona), version=version),
        expected,
        before,
    )
    if result is not None:
        assert result.status == "draft"


def test_chart_is_loaded_from_data_and_reload_changes_nothing(books):
    from tongxin.orgs.actor import Actor

    chart = FundChart.objects.get()
    assert chart.categories.filter(is_forbidden=True).count() == 5
    assert not chart.categories.filter(is_forbidden=True, is_selectable=True).exists()
    hardship = chart.categories.get(key="expense.rights.hardship_aid")
    assert hardship.parent.key == "expense.rights"
    assert hardship.depth == 2
    before = counts()
    assert services.chart_load(actor=Actor.system()) == chart
    assert counts() == before
    with pytest.raises(ValidationFailed):
        services.chart_load(actor=books.cast.actor("finance_officer"))


def test_testing_helper_funds_the_branches(cast):
    from tongxin.testing.funds import fund_books

    books = fund_books(cast, branch_funds_fen=50_000)
    assert books.account(cast.branch_a).balance_fen == 50_000
    assert books.account(cast.branch_b).balance_fen == 50_000
    assert books.account(cast.school).balance_fen == 20_000_000 - 100_000
