"""Separation of duties over every registered approval flow (decision 0011).

For each flow in the registry and each of its steps, the holder of the step is refused when
they filed the request, when it concerns them and when it concerns their family (both ways
of recording a relative): nothing changes, the inbox does not offer it, and another holder
(of the same role, or at the level above under the ``parent_level`` route) decides it. A flow
added to the registry is covered without touching this file.
"""

import datetime as dt

import pytest
from django.db import transaction

from tongxin.accounts.models import User
from tongxin.approvals import queries, registry, services
from tongxin.approvals.choices import ConflictRoute
from tongxin.approvals.models import ApprovalDecision, ApprovalFlow, ApprovalRequest
from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.orgs import access
from tongxin.orgs import services as orgs
from tongxin.orgs.actor import Actor
from tongxin.testing.personas import PERSONA_NAMES, SYSTEM, Cast

CASES = [
    (spec.code, position, scenario)
    for spec in registry.registered_flows()
    for position in range(1, len(spec.steps) + 1)
    for scenario in ("filer", "subject", "family", "family_reverse")
]


def test_every_flow_in_the_database_is_registered(db):
    # given the flows the migrations and set-up create
    for spec in registry.registered_flows():
        services.flow_ensure_registered(spec.code)
    # then each one is in the registry, so the matrix below covers it
    codes = {spec.code for spec in registry.registered_flows()}
    assert set(ApprovalFlow.objects.values_list("code", flat=True)) <= codes
    assert {"membership.join", "care.visit", "funds.budget"} <= codes


def _holder(cast: Cast, permission: str, exclude: str = "") -> str:
    """The persona holding ``permission`` on branch A through the deepest grant."""
    found = []
    for name in PERSONA_NAMES:
        actor = cast.actor(name)
        paths = [
            p for p in access.grant_paths(actor, permission) if cast.branch_a.path.startswith(p)
        ]
        if paths and name != exclude:
            found.append((max(len(p) for p in paths), name))
    assert found, f"no persona decides {permission}"
    return max(found)[1]


def _grant_for(actor: Actor, permission: str, path: str) -> tuple[str, str]:
    grant = max(
        (
            g
            for g in actor.grants
            if access.role_has(g.role, permission) and path.startswith(g.node_path)
        ),
        key=lambda g: len(g.node_path),
    )
    return grant.role, grant.node_path


def _other_holder(cast: Cast, role: str, node_path: str, username: str) -> Actor:
    user = User.objects.create(username=username, display_name=username)
    node = next(n for n in (cast.school, cast.branch_a, cast.branch_b) if n.path == node_path)
    orgs.role_assign(
        actor=SYSTEM, user_id=user.pk, role=role, node=node, starts_on=dt.date(2020, 1, 1)
    )
    return _actor(user)


def _actor(user: User) -> Actor:
    from tongxin.accounts.actors import actor_for

    return actor_for(User.objects.get(pk=user.pk))


def _relative(cast: Cast, decider_person, reverse: bool):
    relative = members.person_create(
        actor=SYSTEM,
        node=cast.branch_a,
        staff_number="A9001",
        name="Relative",
        gender="female",
        birth_on=dt.date(1982, 3, 3),
        wage_base_fen=500000,
    )
    if reverse:
        members.family_member_add(
            actor=SYSTEM, person=relative, relation="spouse", name="X", linked_person=decider_person
        )
    else:
        members.family_member_add(
            actor=SYSTEM, person=decider_person, relation="spouse", name="Y", linked_person=relative
        )
    return relative


def _state(request: ApprovalRequest):
    request.refresh_from_db()
    return (
        ApprovalDecision.objects.filter(request=request).count(),
        AuditEvent.objects.count(),
        request.status,
        request.current_position,
    )


def _decide(actor: Actor, request: ApprovalRequest) -> ApprovalRequest:
    with transaction.atomic():
        return services.approval_decide(actor=actor, request=request, outcome="approve")


@pytest.mark.parametrize(("code", "position", "scenario"), CASES)
def test_a_party_never_decides(cast, code, position, scenario):
    spec = registry.flow_spec(code)
    services.flow_ensure_registered(code)
    step_permission = spec.steps[position - 1][1]
    decider_name = _holder(cast, step_permission)
    decider = cast.actor(decider_name)
    person = cast.people[decider_name]
    # given a request at branch A the decider filed / that concerns them / their relative
    opener, subject_person_id = SYSTEM, None
    if scenario == "filer":
        opener = decider
    elif scenario == "subject":
        subject_person_id = person.pk
    else:
        subject_person_id = _relative(cast, person, reverse=scenario == "family_reverse").pk
    with transaction.atomic():
        request = services.approval_open(
            actor=opener,
            flow_code=code,
            subject=cast.group_a1,
            node=cast.branch_a,
            title="Request",
            person_id=subject_person_id,
        )
    # and earlier steps decided by independent holders
    for earlier in range(1, position):
        holder = _holder(cast, spec.steps[earlier - 1][1], exclude=decider_name)
        request = _decide(cast.actor(holder), request)
    assert request.current_position == position
    # when the decider tries to decide the step
    before = _state(request)
    with pytest.raises(DomainError) as info:
        _decide(decider, request)
    # then they are refused and nothing changed; their inbox does not offer it
    assert info.value.code == "conflict_of_interest"
    assert _state(request) == before
    assert request not in queries.approval_inbox(actor=decider)
    step = services.current_step(request)
    assert not queries.can_decide(actor=decider, request=request, step=step)
    assert queries.decide_blocker(actor=decider, request=request, step=step)
    # and another holder decides it: of the same role, or the level above when routed there
    role, grant_path = _grant_for(decider, step_permission, cast.branch_a.path)
    other = _other_holder(cast, role, grant_path, "other")
    escalated = spec.step_routes.get(position, spec.conflict_route) == ConflictRoute.PARENT_LEVEL
    if escalated and len(grant_path) > 8:
        with pytest.raises(DomainError) as info:
            _decide(other, request)
        assert info.value.code == "conflict_of_interest"
        assert request not in queries.approval_inbox(actor=other)
        above = [
            n
            for n in PERSONA_NAMES
            if n != decider_name and access.can_at(cast.actor(n), step_permission, cast.school.path)
        ]
        other = cast.actor(above[0])
    assert request in queries.approval_inbox(actor=other)
    decided = _decide(other, request)
    assert ApprovalDecision.objects.filter(request=request, position=position).count() == 1
    assert (decided.current_position, decided.status) != (position, "pending")
