"""Authorization matrix: every service that checks a permission, run as each persona.

``ok`` means the call succeeds; ``403`` Forbidden (the record is in the actor's sight but
their role lacks the permission); ``404`` NotFound (out of scope looks like missing).
A denied call changes nothing: no row, no audit event, no ledger entry, no person-time.
"""

import datetime as dt

import pytest

from tongxin.core.errors import Forbidden, NotFound
from tongxin.staff_services import services
from tongxin.staff_services.models import InsuredPerson
from tongxin.testing.api import table_counts

PERSONAS = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
    "anonymous",
)


def _row(**overrides: str) -> list[str]:
    return [overrides.get(p, "404") for p in PERSONAS]


# The school-level records (policies): only the office manages them.
SCHOOL_OFFICE = _row(office_admin="ok", finance_officer="403", auditor="403")
# Premium: office and finance.
PREMIUM = _row(office_admin="ok", finance_officer="ok", auditor="403")
# Filing for branch A's member: the office, branch A's officers.
FILE_FOR_A = _row(
    office_admin="ok",
    finance_officer="403",
    auditor="403",
    branch_a_chair="ok",
    branch_a_liaison="ok",
    branch_a_member="403",
)
# Applying for branch A's member's child: as above, plus the member themself.
APPLY_FOR_A = [*FILE_FOR_A[:5], "ok", *FILE_FOR_A[6:]]
# Office decisions on a branch-A record: everyone who sees it but the office is refused.
DECIDE_A = _row(
    office_admin="ok",
    finance_officer="403",
    auditor="403",
    branch_a_chair="403",
    branch_a_liaison="403",
    branch_a_member="403",
)


def _check(cast, persona, expected, call):
    actor = cast.actor(persona)
    before = table_counts()
    if expected == "ok":
        assert call(actor) is not None
        assert table_counts() != before
        return
    error = Forbidden if expected == "403" else NotFound
    with pytest.raises(error):
        call(actor)
    assert table_counts() == before


def _matrix(expected_row):
    return pytest.mark.parametrize(
        ("persona", "expected"), list(zip(PERSONAS, expected_row, strict=True))
    )


@_matrix(SCHOOL_OFFICE)
def test_policy_create(cast, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insurance_policy_create(
            actor=actor,
            node=cast.school,
            name="P",
            insurer="I",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
            premium_per_person_fen=100,
        ),
    )


@_matrix(SCHOOL_OFFICE)
def test_cover_item_add(cast, policy, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.cover_item_add(
            actor=actor, policy=policy, name="Rider", amount_fen=100
        ),
    )


@_matrix(SCHOOL_OFFICE)
def test_roster_import(cast, policy, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insured_roster_import(actor=actor, policy=policy),
    )


@_matrix(SCHOOL_OFFICE)
def test_insured_person_add(cast, policy, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insured_person_add(
            actor=actor, policy=policy, person=cast.people["branch_a_member"]
        ),
    )


@_matrix(SCHOOL_OFFICE)
def test_insured_person_remove(cast, insured_policy, persona, expected):
    insured = InsuredPerson.objects.get(person=cast.people["branch_a_member"])
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insured_person_remove(
            actor=actor, insured=insured, removed_on=dt.date(2021, 6, 1)
        ),
    )


@_matrix(PREMIUM)
def test_premium_post(cast, books, insured_policy, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insurance_premium_post(actor=actor, policy=insured_policy),
    )


@_matrix(FILE_FOR_A)
def test_claim_report(cast, insured_policy, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insurance_claim_report(
            actor=actor,
            person=cast.people["branch_a_member"],
            policy=insured_policy,
            incident_on=dt.date(2021, 5, 1),
            description="Twisted ankle",
        ),
    )


@_matrix(DECIDE_A)
def test_claim_submit(cast, claim, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insurance_claim_submit(actor=actor, claim=claim),
    )


@_matrix(DECIDE_A)
def test_claim_settle(cast, claim, persona, expected):
    claim = services.insurance_claim_submit(actor=cast.actor("office_admin"), claim=claim)
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insurance_claim_settle(
            actor=actor, claim=claim, outcome="paid", paid_fen=100
        ),
    )


@_matrix(APPLY_FOR_A)
def test_school_place_apply(cast, child, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.school_place_apply(
            actor=actor,
            person=cast.people["branch_a_member"],
            child=child,
            stage="kindergarten",
            wished_school="X",
        ),
    )


@_matrix(DECIDE_A)
def test_school_place_forward(cast, application, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.school_place_forward(actor=actor, application=application),
    )


@_matrix(DECIDE_A)
def test_school_place_decide(cast, application, persona, expected):
    application = services.school_place_forward(
        actor=cast.actor("office_admin"), application=application
    )
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.school_place_decide(
            actor=actor, application=application, outcome="not_placed"
        ),
    )


@_matrix(SCHOOL_OFFICE)
def test_roster_export(cast, insured_policy, persona, expected):
    _check(
        cast,
        persona,
        expected,
        lambda actor: services.insured_roster_export(actor=actor, policy=insured_policy),
    )


def test_branch_b_officer_cannot_touch_branch_a(cast, insured_policy, child):
    """A branch-B liaison (added here) sees nothing of branch A's people."""
    from tongxin.orgs import services as orgs
    from tongxin.orgs.choices import Role
    from tongxin.testing.personas import SYSTEM

    orgs.role_assign(
        actor=SYSTEM,
        user_id=cast.users["branch_b_member"].pk,
        role=Role.LIAISON,
        node=cast.branch_b,
        starts_on=dt.date(2020, 1, 1),
    )
    actor = cast.actor("branch_b_member")
    before = table_counts()
    with pytest.raises(NotFound):
        services.insurance_claim_report(
            actor=actor,
            person=cast.people["branch_a_member"],
            policy=insured_policy,
            incident_on=dt.date(2021, 5, 1),
            description="x",
        )
    with pytest.raises(NotFound):
        services.school_place_apply(
            actor=actor,
            person=cast.people["branch_a_member"],
            child=child,
            stage="kindergarten",
            wished_school="X",
        )
    assert table_counts() == before
    # … but files for their own branch.
    claim = services.insurance_claim_report(
        actor=actor,
        person=cast.people["branch_b_member"],
        policy=insured_policy,
        incident_on=dt.date(2021, 5, 1),
        description="x",
    )
    assert claim.node == cast.branch_b


@_matrix(SCHOOL_OFFICE)
def test_policy_delete(cast, policy, persona, expected):
    def call(actor):
        services.insurance_policy_delete(actor=actor, policy=policy)
        return True

    _check(cast, persona, expected, call)
