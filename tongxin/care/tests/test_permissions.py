"""Persona matrices for every care service that checks a permission: allowed rows assert the
new state, denied rows the error and that nothing changed."""

import pytest

from tongxin.care import queries, services
from tongxin.care.choices import VisitStatus
from tongxin.core.errors import Forbidden, NotFound
from tongxin.testing.care import PAID_ON, file_visit

from .conftest import counts

pytestmark = pytest.mark.django_db

OUTSIDE = [("outsider", NotFound), ("anonymous", NotFound)]


@pytest.mark.parametrize(
    ("persona", "for_persona", "expected"),
    [
        ("branch_a_member", "branch_a_member", None),
        ("branch_a_liaison", "branch_a_member", None),
        ("branch_a_chair", "branch_a_member", None),
        ("office_admin", "branch_b_member", None),
        ("system", "branch_b_member", None),
        ("branch_a_liaison", "branch_b_member", NotFound),
        ("branch_a_chair", "branch_b_member", NotFound),
        ("branch_b_member", "branch_a_member", NotFound),
        ("branch_a_member", "branch_a_liaison", NotFound),
        ("finance_officer", "branch_a_member", Forbidden),
        ("auditor", "branch_a_member", Forbidden),
        ("outsider", "branch_a_member", NotFound),
        ("anonymous", "branch_a_member", NotFound),
    ],
)
def test_file_matrix(cast, books, persona, for_persona, expected):
    before = counts()
    if expected is None:
        visit = file_visit(cast.actor(persona), cast.people[for_persona])
        assert visit.person_id == cast.people[for_persona].pk
        assert counts()["CareVisit"] == before["CareVisit"] + 1
    else:
        with pytest.raises(expected):
            file_visit(cast.actor(persona), cast.people[for_persona])
        assert counts() == before


STEP_DECIDERS = {
    1: [
        ("branch_a_chair", None),
        ("office_admin", None),
        ("branch_a_liaison", Forbidden),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        *OUTSIDE,
    ],
    2: [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        *OUTSIDE,
    ],
    3: [
        ("finance_officer", None),
        ("office_admin", Forbidden),
        ("branch_a_chair", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        *OUTSIDE,
    ],
}


@pytest.mark.parametrize(
    ("step", "persona", "expected"),
    [
        (step, persona, expected)
        for step, rows in STEP_DECIDERS.items()
        for persona, expected in rows
    ],
)
def test_decide_matrix(cast, books, step, persona, expected):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    for decider in ("branch_a_chair", "office_admin")[: step - 1]:
        visit = services.care_visit_decide(
            actor=cast.actor(decider), visit=visit, outcome="approve"
        )
    before = counts()
    call = lambda: services.care_visit_decide(  # noqa: E731
        actor=cast.actor(persona), visit=visit, outcome="approve", on=PAID_ON
    )
    if expected is None:
        visit = call()
        assert (
            visit.approval.current_position == min(step + 1, 3) or visit.status == VisitStatus.PAID
        )
        assert counts()["ApprovalDecision"] == before["ApprovalDecision"] + 1
    else:
        with pytest.raises(expected):
            call()
        assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_liaison", None),  # the filer
        ("branch_a_member", None),  # the member themself
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_b_member", NotFound),
        *OUTSIDE,
    ],
)
def test_withdraw_matrix(cast, books, persona, expected):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    before = counts()
    if expected is None:
        visit = services.care_visit_withdraw(actor=cast.actor(persona), visit=visit)
        assert visit.status == VisitStatus.WITHDRAWN
    else:
        with pytest.raises(expected):
            services.care_visit_withdraw(actor=cast.actor(persona), visit=visit)
        assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("branch_a_liaison", None),
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("auditor", Forbidden),
        ("branch_b_member", NotFound),
        *OUTSIDE,
    ],
)
def test_consent_matrix(cast, books, persona, expected):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    before = counts()
    if expected is None:
        visit = services.care_visit_consent_set(
            actor=cast.actor(persona), visit=visit, consent=True
        )
        assert visit.disclosure_consent
    else:
        with pytest.raises(expected):
            services.care_visit_consent_set(actor=cast.actor(persona), visit=visit, consent=True)
        assert counts() == before


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("office_admin", {"a", "b"}),
        ("finance_officer", {"a", "b"}),
        ("auditor", {"a", "b"}),
        ("branch_a_chair", {"a"}),
        ("branch_a_liaison", {"a"}),
        ("branch_a_member", {"a"}),
        ("branch_b_member", {"b"}),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_visit_list_scope(cast, books, persona, sees):
    a = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    b = file_visit(cast.actor("office_admin"), cast.people["branch_b_member"])
    ids = {v.pk for v in queries.visit_list(actor=cast.actor(persona))}
    assert ids == {{"a": a.pk, "b": b.pk}[key] for key in sees}
