"""Staff-services fixtures: open books, a 2021 policy with its roster, children in the family
records, claims and applications in each state, all built through the services."""

import datetime as dt
from collections.abc import Callable

import pytest

from tongxin.members import services as members
from tongxin.members.models import FamilyMember
from tongxin.staff_services import services
from tongxin.staff_services.models import (
    InsuranceClaim,
    InsurancePolicy,
    SchoolPlaceApplication,
)
from tongxin.testing.funds import FundBooks, fund_books
from tongxin.testing.personas import SYSTEM, Cast

PREMIUM_FEN = 8_000  # 80 yuan per person
MAIN_COVER_FEN = 34_000_000  # 340,000 yuan


@pytest.fixture
def books(cast: Cast) -> FundBooks:
    return fund_books(cast)


@pytest.fixture
def make_policy(cast: Cast) -> Callable[..., InsurancePolicy]:
    def _make(
        *,
        starts_on: dt.date = dt.date(2021, 1, 1),
        ends_on: dt.date = dt.date(2021, 12, 31),
        premium_fen: int = PREMIUM_FEN,
        name: str = "Group accident insurance 2021",
    ) -> InsurancePolicy:
        return services.insurance_policy_create(
            actor=cast.actor("office_admin"),
            node=cast.school,
            name=name,
            insurer="Test Life",
            starts_on=starts_on,
            ends_on=ends_on,
            premium_per_person_fen=premium_fen,
            cover_items=[
                ("Accidental death and disability", MAIN_COVER_FEN, False),
                ("Hospital allowance", 1_000_000, True),
            ],
        )

    return _make


@pytest.fixture
def policy(make_policy: Callable[..., InsurancePolicy]) -> InsurancePolicy:
    return make_policy()


@pytest.fixture
def insured_policy(cast: Cast, policy: InsurancePolicy) -> InsurancePolicy:
    """The policy with every member of the cast on its roster (7 people)."""
    services.insured_roster_import(actor=cast.actor("office_admin"), policy=policy)
    return policy


@pytest.fixture
def posted_policy(cast: Cast, books: FundBooks, insured_policy: InsurancePolicy) -> InsurancePolicy:
    return services.insurance_premium_post(actor=cast.actor("office_admin"), policy=insured_policy)


@pytest.fixture
def report_claim(cast: Cast, insured_policy: InsurancePolicy) -> Callable[..., InsuranceClaim]:
    def _report(
        persona: str = "branch_a_liaison", for_persona: str = "branch_a_member"
    ) -> InsuranceClaim:
        return services.insurance_claim_report(
            actor=cast.actor(persona),
            person=cast.people[for_persona],
            policy=insured_policy,
            incident_on=dt.date(2021, 3, 5),
            description="Slipped on the stairs, broken wrist.",
            reported_on=dt.date(2021, 3, 8),
        )

    return _report


@pytest.fixture
def claim(report_claim: Callable[..., InsuranceClaim]) -> InsuranceClaim:
    return report_claim()


@pytest.fixture
def add_child(cast: Cast) -> Callable[..., FamilyMember]:
    def _add(
        persona: str = "branch_a_member",
        *,
        name: str = "Child",
        stage: str = "kindergarten",
        relation: str = "child",
    ) -> FamilyMember:
        return members.family_member_add(
            actor=SYSTEM,
            person=cast.people[persona],
            relation=relation,
            name=name,
            birth_on=dt.date(2017, 5, 1),
            school_stage=stage if relation == "child" else "",
        )

    return _add


@pytest.fixture
def child(add_child: Callable[..., FamilyMember]) -> FamilyMember:
    return add_child()


@pytest.fixture
def apply_place(cast: Cast, child: FamilyMember) -> Callable[..., SchoolPlaceApplication]:
    def _apply(persona: str = "branch_a_member", **kwargs: object) -> SchoolPlaceApplication:
        return services.school_place_apply(
            actor=cast.actor(persona),
            person=cast.people["branch_a_member"],
            child=kwargs.pop("child", child),  # type: ignore[arg-type]
            stage=kwargs.pop("stage", "primary"),  # type: ignore[arg-type]
            wished_school="Xiangcheng Primary School",
            submitted_on=dt.date(2021, 4, 1),
            **kwargs,  # type: ignore[arg-type]
        )

    return _apply


@pytest.fixture
def application(apply_place: Callable[..., SchoolPlaceApplication]) -> SchoolPlaceApplication:
    return apply_place()
