"""Proposal fixtures: a congress term with formal representatives among the personas, an open
collection, departments with handlers, and proposals in each state built through the services."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from tongxin.orgs import services as orgs
from tongxin.orgs.choices import Role
from tongxin.orgs.models import SchoolDepartment
from tongxin.proposals import services
from tongxin.proposals.choices import ProposalCategory
from tongxin.proposals.models import Proposal, ProposalCollection
from tongxin.testing.personas import SYSTEM, Cast, _person, _user, add_department_handler

from .factories import congress_term, seat

# Formal representatives: the branch A member (the usual proposer) and three more people.
REPRESENTATIVES = ("branch_a_member", "branch_b_member", "branch_a_chair", "rep_b2")


@pytest.fixture
def congress(cast: Cast):  # type: ignore[no-untyped-def]
    """The school's congress term, with the personas above seated as formal representatives,
    the liaison as an invited representative, plus a committee member and a secretary."""
    person = _person(cast, cast.branch_b, "B1002", "Rep B2", "male", True)
    cast.people["rep_b2"] = person
    cast.users["rep_b2"] = _user(person, "B1002")
    term = congress_term(cast.school)
    for name in REPRESENTATIVES:
        seat(term, cast.people[name])
    seat(term, cast.people["branch_a_liaison"], kind="invited")
    for name, number, role in (
        ("committee", "S0010", Role.PROPOSAL_COMMITTEE),
        ("secretary", "S0011", Role.CONGRESS_SECRETARIAT),
    ):
        person = _person(cast, cast.school, number, name.title(), "female", True)
        cast.people[name] = person
        cast.users[name] = _user(person, number)
        orgs.role_assign(
            actor=SYSTEM,
            user_id=cast.users[name].pk,
            role=role,
            node=cast.school,
            starts_on=dt.date(2020, 1, 1),
        )
    return term


@pytest.fixture
def collection(cast: Cast, congress) -> ProposalCollection:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return services.proposal_collection_create(
        actor=SYSTEM,
        term=congress,
        session_number=1,
        title="Proposals for the first session",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
    )


@pytest.fixture
def department(cast: Cast) -> SchoolDepartment:
    return add_department_handler(cast)


@pytest.fixture
def other_department(cast: Cast, department: SchoolDepartment) -> SchoolDepartment:
    return add_department_handler(
        cast, "other_handler", department_name="Logistics Office", code="LOG", staff_number="B2002"
    )


@pytest.fixture
def draft(cast: Cast, collection: ProposalCollection) -> Callable[..., Proposal]:
    def _draft(persona: str = "branch_a_member", title: str = "Longer library hours") -> Proposal:
        return services.proposal_draft(
            actor=cast.actor(persona),
            collection=collection,
            title=title,
            reasons="The library closes at 17:00, before most staff finish teaching.",
            measures="Open the library until 21:00 on weekdays.",
            category=ProposalCategory.TEACHING_RESEARCH,
        )

    return _draft


@pytest.fixture
def submitted(cast: Cast, draft: Callable[..., Proposal]) -> Callable[..., Proposal]:
    """A proposal sent for co-signing and co-signed by two representatives."""

    def _submitted(
        persona: str = "branch_a_member", title: str = "Longer library hours"
    ) -> Proposal:
        proposal = draft(persona, title)
        services.proposal_send_for_co_signing(actor=cast.actor(persona), proposal=proposal)
        signers = [name for name in REPRESENTATIVES if name != persona][:2]
        for name in signers:
            services.proposal_co_sign(actor=cast.actor(name), proposal=proposal)
        proposal.refresh_from_db()
        return proposal

    return _submitted


@pytest.fixture
def assigned(
    cast: Cast, submitted: Callable[..., Proposal], department: SchoolDepartment
) -> Proposal:
    proposal = submitted()
    return services.proposal_accept(
        actor=cast.actor("committee"), proposal=proposal, lead_department=department
    )


@pytest.fixture
def replied(cast: Cast, assigned: Proposal) -> Proposal:
    services.proposal_reply(
        actor=cast.actor("department_handler"),
        proposal=assigned,
        text="From next term the library opens until 21:00 on weekdays.",
    )
    assigned.refresh_from_db()
    return assigned
