"""Many rows at once, through the services, for query-count tests."""

import datetime as dt

from tongxin.members import services as members
from tongxin.staff_services import services
from tongxin.staff_services.models import InsuranceClaim, InsurancePolicy, SchoolPlaceApplication
from tongxin.testing.personas import SYSTEM, Cast

INSURED = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
)


def make_claims(cast: Cast, policy: InsurancePolicy, count: int) -> list[InsuranceClaim]:
    return [
        services.insurance_claim_report(
            actor=SYSTEM,
            person=cast.people[INSURED[i % len(INSURED)]],
            policy=policy,
            incident_on=dt.date(2021, 2, 1 + i % 27),
            description=f"Incident {i}",
        )
        for i in range(count)
    ]


def make_applications(cast: Cast, count: int, *, start: int = 0) -> list[SchoolPlaceApplication]:
    rows = []
    for i in range(start, start + count):
        person = cast.people[INSURED[i % len(INSURED)]]
        child = members.family_member_add(
            actor=SYSTEM,
            person=person,
            relation="child",
            name=f"Kid {i}",
            birth_on=dt.date(2016, 1, 1),
            school_stage="kindergarten",
        )
        rows.append(
            services.school_place_apply(
                actor=SYSTEM,
                person=person,
                child=child,
                stage="primary",
                wished_school=f"School {i}",
                submitted_on=dt.date(2021, 4, 1),
            )
        )
    return rows


def make_members(cast: Cast, count: int) -> None:
    """``count`` more members of branch B, members since 2015."""
    for i in range(count):
        person = members.person_create(
            actor=SYSTEM,
            node=cast.branch_b,
            staff_number=f"B9{i:03d}",
            name=f"Extra {i}",
            gender="female",
            birth_on=dt.date(1985, 1, 1),
            department="Branch B",
            wage_base_fen=500000,
        )
        members.membership_join(actor=SYSTEM, person=person, on=dt.date(2015, 9, 1))
