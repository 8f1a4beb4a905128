"""Care payments never dead-end on the budget: with no approved budget for the year, finance's
payment step is refused with the way on, the union office authorises paying beyond the
budget with a reason (page and API), and finance pays through the ledger's override."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tongxin.care import services
from tongxin.care.choices import VisitStatus
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.funds.models import JournalEntry
from tongxin.testing.api import api_as
from tongxin.testing.care import PAID_ON, file_visit
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import PASSWORD

from .conftest import YEAR, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def unbudgeted(cast):
    """Books open with money in the branches' funds but no approved branch budget."""
    return fund_books(cast, year=YEAR, branch_budget=None, branch_funds_fen=1_000_000)


def _at_finance(cast):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    for persona in ("branch_a_chair", "office_admin"):
        visit = services.care_visit_decide(
            actor=cast.actor(persona), visit=visit, outcome="approve", on=PAID_ON
        )
    return visit


def _pay(cast, visit, persona="finance_officer"):
    return services.care_visit_decide(
        actor=cast.actor(persona), visit=visit, outcome="approve", on=PAID_ON
    )


def test_without_a_budget_finance_is_told_the_way_on(cast, unbudgeted):
    visit = _at_finance(cast)
    before = counts()
    with translation.override("en"), pytest.raises(DomainError) as info:
        _pay(cast, visit)
    assert info.value.code == "no_budget_line"
    assert info.value.extra["budget_override_possible"] is True
    assert "authorise this payment beyond the budget" in info.value.message
    assert counts() == before


def test_the_office_authorises_and_finance_pays(cast, unbudgeted):
    visit = _at_finance(cast)
    visit = services.care_visit_budget_override(
        actor=cast.actor("office_admin"), visit=visit, reason="Budget for 2021 not yet approved"
    )
    assert visit.budget_override_by_id == cast.users["office_admin"].pk
    assert AuditEvent.objects.filter(event="care_visit.budget_override_authorised").count() == 1
    visit = _pay(cast, visit)
    assert visit.status == VisitStatus.PAID
    entry = JournalEntry.objects.get(pk=visit.journal_entry_id)
    assert entry.budget_override_reason == "Budget for 2021 not yet approved"
    overridden = AuditEvent.objects.get(event="journal_entry.budget_overridden")
    assert overridden.changes["authorised_by"] == cast.users["office_admin"].display_name


# persona → error class of ``care_visit_budget_override`` (None: allowed)
MATRIX = {
    "office_admin": None,
    "finance_officer": Forbidden,
    "auditor": Forbidden,
    "branch_a_chair": Forbidden,
    "branch_a_liaison": Forbidden,
    "branch_a_member": Forbidden,
    "branch_b_member": NotFound,
    "outsider": NotFound,
}


@pytest.mark.parametrize(("persona", "error"), MATRIX.items())
def test_budget_override_matrix(cast, unbudgeted, persona, error):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    before = counts()
    if error is None:
        services.care_visit_budget_override(actor=cast.actor(persona), visit=visit, reason="Why")
        assert counts()["AuditEvent"] == before["AuditEvent"] + 1
        return
    with pytest.raises(error):
        services.care_visit_budget_override(actor=cast.actor(persona), visit=visit, reason="Why")
    assert counts() == before
    visit.refresh_from_db()
    assert visit.budget_override_reason == ""


def test_no_reason_and_no_conflicted_office(cast, unbudgeted):
    from tongxin.members import services as members
    from tongxin.testing.personas import SYSTEM

    visit = _at_finance(cast)
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        services.care_visit_budget_override(
            actor=cast.actor("office_admin"), visit=visit, reason=" "
        )
    assert (info.value.code, info.value.field) == ("reason_required", "reason")
    members.family_member_add(
        actor=SYSTEM,
        person=cast.people["office_admin"],
        relation="spouse",
        name="Member A",
        linked_person=cast.people["branch_a_member"],
    )
    before = counts()
    with pytest.raises(DomainError) as info:
        services.care_visit_budget_override(
            actor=cast.actor("office_admin"), visit=visit, reason="Mine"
        )
    assert info.value.code == "conflict_of_interest"
    assert counts() == before


def test_page_and_api(cast, unbudgeted, client):
    visit = _at_finance(cast)
    # the office sees the offer on the page and authorises through it
    client.login(username=cast.users["office_admin"].username, password=PASSWORD)
    page = client.get(f"/care/visits/{visit.pk}/")
    assert page.context["override_form"] is not None
    assert b'data-testid="budget-override-offer"' in page.content
    client.post(f"/care/visits/{visit.pk}/budget-override/", {"reason": "Not yet approved"})
    visit.refresh_from_db()
    assert visit.budget_override_reason == "Not yet approved"
    with translation.override("zh-hans"):
        page = client.get(f"/care/visits/{visit.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert gettext("Change the reason for paying beyond the budget") in page.content.decode()
    # finance does not get the offer; the API shows the reason and pays
    finance = api_as(cast, "finance_officer")
    body = finance.get(f"/care/visits/{visit.pk}").json()
    assert (body["may_override_budget"], body["budget_override_reason"]) == (
        False,
        "Not yet approved",
    )
    refused = finance.post(f"/care/visits/{visit.pk}/budget-override", {"reason": "x"})
    assert refused.status_code == 403
    office = api_as(cast, "office_admin")
    bad = office.post(f"/care/visits/{visit.pk}/budget-override", {"reason": ""})
    assert (bad.status_code, bad.json()["code"]) == (400, "reason_required")
    paid = finance.post(f"/care/visits/{visit.pk}/decide", {"outcome": "approve"})
    assert paid.status_code == 200
    assert paid.json()["status"] == "paid"
