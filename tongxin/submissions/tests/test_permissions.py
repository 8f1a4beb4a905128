"""Permission matrix: every service that checks a permission, over every persona.

Each case builds a fresh target, runs the service as the persona and checks the outcome: done,
``Forbidden`` (in scope, lacking the permission) or ``NotFound`` (out of scope). A refused call
changes nothing (table counts, audit included)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tongxin.core.errors import Forbidden, NotFound
from tongxin.submissions import services
from tongxin.submissions.models import Award
from tongxin.testing.api import table_counts
from tongxin.testing.personas import SYSTEM
from tongxin.testing.submissions import PNG, make_call, upload

OK, FORBIDDEN, NOT_FOUND = "ok", "forbidden", "not_found"
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
    "system",
)
# Writes on a call of the school union: only the office (and the system).
CALL_MATRIX = {
    "office_admin": OK,
    "finance_officer": FORBIDDEN,
    "auditor": FORBIDDEN,
    "branch_a_chair": NOT_FOUND,
    "branch_a_liaison": NOT_FOUND,
    "branch_a_member": NOT_FOUND,
    "branch_b_member": NOT_FOUND,
    "outsider": NOT_FOUND,
    "anonymous": NOT_FOUND,
    "system": OK,
}
# Submitting for branch A's member: the member, the office, the system.
SUBMIT_MATRIX = {
    **CALL_MATRIX,
    "branch_a_chair": FORBIDDEN,
    "branch_a_liaison": FORBIDDEN,
    "branch_a_member": OK,
}
# Withdrawing A's work: only its submitter (and the system); who may view it is told Forbidden.
WITHDRAW_MATRIX = {
    **CALL_MATRIX,
    "office_admin": FORBIDDEN,
    "finance_officer": NOT_FOUND,
    "auditor": NOT_FOUND,
    "branch_a_chair": FORBIDDEN,
    "branch_a_liaison": FORBIDDEN,
    "branch_a_member": OK,
}
# Scoring A's work: only the appointed judge (the chair).
SCORE_MATRIX = {
    "office_admin": FORBIDDEN,
    "finance_officer": NOT_FOUND,
    "auditor": NOT_FOUND,
    "branch_a_chair": OK,
    "branch_a_liaison": FORBIDDEN,
    "branch_a_member": FORBIDDEN,
    "branch_b_member": NOT_FOUND,
    "outsider": NOT_FOUND,
    "anonymous": NOT_FOUND,
    "system": FORBIDDEN,
}


def _draft(cast) -> Any:  # type: ignore[no-untyped-def]
    return make_call(cast, open_call=False)


def _open(cast) -> Any:  # type: ignore[no-untyped-def]
    return make_call(cast)


def _work(cast, children, *, accepted: bool = False) -> Any:  # type: ignore[no-untyped-def]
    call = make_call(cast)
    work = services.work_submit(
        actor=SYSTEM,
        call=call,
        submitter=cast.people["branch_a_member"],
        child=children["a"],
        title="Sun",
        upload=upload(PNG),
    )
    if accepted:
        work = services.work_accept(actor=SYSTEM, work=work)
    return work


def _judging(cast, children) -> dict:  # type: ignore[no-untyped-def]
    """A call in judging with 3 accepted authors and a prize level (2 winners allowed)."""
    call = make_call(cast)
    works = []
    for persona, child in (
        ("branch_a_member", "a"),
        ("branch_b_member", "b"),
        ("branch_a_liaison", "a2"),
    ):
        work = services.work_submit(
            actor=SYSTEM,
            call=call,
            submitter=cast.people[persona],
            child=children[child],
            title=f"Work of {persona}",
            upload=upload(PNG),
        )
        works.append(services.work_accept(actor=SYSTEM, work=work))
    services.judge_appoint(actor=SYSTEM, call=call, person=cast.people["branch_a_chair"])
    call = services.call_start_judging(actor=SYSTEM, call=call)
    level = services.prize_level_add(actor=SYSTEM, call=call, name="First", count=2)
    for work in works:
        services.score_set(
            actor=cast.actor("branch_a_chair"),
            work=work,
            values={c.pk: 70 + work.pk % 7 for c in call.criteria.all()},
        )
    return {"call": call, "works": works, "level": level}


def _today() -> dt.date:
    return timezone.localdate()


CASES: dict[str, tuple[Callable, Callable, dict[str, str]]] = {
    "call_create": (
        lambda cast, children: {"node": cast.school},
        lambda actor, node: services.call_create(
            actor=actor,
            node=node,
            title="Songs",
            kinds=["audio"],
            eligibility="staff",
            opens_on=_today(),
            closes_on=_today(),
            criteria=[("Voice", 1)],
        ),
        CALL_MATRIX,
    ),
    "call_update": (
        lambda cast, children: {"call": _draft(cast)},
        lambda actor, call: services.call_update(actor=actor, call=call, title="Renamed"),
        CALL_MATRIX,
    ),
    "call_open": (
        lambda cast, children: {"call": _draft(cast)},
        lambda actor, call: services.call_open(actor=actor, call=call),
        CALL_MATRIX,
    ),
    "judge_appoint": (
        lambda cast, children: {"call": _open(cast), "person": cast.people["branch_a_chair"]},
        lambda actor, call, person: services.judge_appoint(actor=actor, call=call, person=person),
        CALL_MATRIX,
    ),
    "judge_remove": (
        lambda cast, children: {
            "judge": services.judge_appoint(
                actor=SYSTEM, call=_open(cast), person=cast.people["branch_a_chair"]
            )
        },
        lambda actor, judge: services.judge_remove(actor=actor, judge=judge),
        CALL_MATRIX,
    ),
    "call_start_judging": (
        lambda cast, children: {
            "call": services.judge_appoint(
                actor=SYSTEM, call=_open(cast), person=cast.people["branch_a_chair"]
            ).call
        },
        lambda actor, call: services.call_start_judging(actor=actor, call=call),
        CALL_MATRIX,
    ),
    "prize_level_add": (
        lambda cast, children: {"call": _open(cast)},
        lambda actor, call: services.prize_level_add(actor=actor, call=call, name="P", count=1),
        CALL_MATRIX,
    ),
    "prize_level_remove": (
        lambda cast, children: {
            "level": services.prize_level_add(actor=SYSTEM, call=_open(cast), name="P", count=1)
        },
        lambda actor, level: services.prize_level_remove(actor=actor, level=level),
        CALL_MATRIX,
    ),
    "work_submit": (
        lambda cast, children: {
            "call": _open(cast),
            "submitter": cast.people["branch_a_member"],
            "child": children["a"],
        },
        lambda actor, call, submitter, child: services.work_submit(
            actor=actor, call=call, submitter=submitter, child=child, title="T", upload=upload(PNG)
        ),
        SUBMIT_MATRIX,
    ),
    "work_withdraw": (
        lambda cast, children: {"work": _work(cast, children)},
        lambda actor, work: services.work_withdraw(actor=actor, work=work),
        WITHDRAW_MATRIX,
    ),
    "work_accept": (
        lambda cast, children: {"work": _work(cast, children)},
        lambda actor, work: services.work_accept(actor=actor, work=work),
        CALL_MATRIX,
    ),
    "work_reject": (
        lambda cast, children: {"work": _work(cast, children)},
        lambda actor, work: services.work_reject(actor=actor, work=work, note="Off topic"),
        CALL_MATRIX,
    ),
    "score_set": (
        lambda cast, children: {"work": _judging(cast, children)["works"][0]},
        lambda actor, work: services.score_set(
            actor=actor, work=work, values={c.pk: 88 for c in work.call.criteria.all()}
        ),
        SCORE_MATRIX,
    ),
    "award_grant": (
        lambda cast, children: (lambda j: {"work": j["works"][0], "level": j["level"]})(
            _judging(cast, children)
        ),
        lambda actor, work, level: services.award_grant(actor=actor, work=work, level=level),
        CALL_MATRIX,
    ),
    "award_revoke": (
        lambda cast, children: (
            lambda j: {
                "award": services.award_grant(actor=SYSTEM, work=j["works"][0], level=j["level"])
            }
        )(_judging(cast, children)),
        lambda actor, award: services.award_revoke(actor=actor, award=award),
        CALL_MATRIX,
    ),
    "awards_from_ranking": (
        lambda cast, children: {"call": _judging(cast, children)["call"]},
        lambda actor, call: services.awards_from_ranking(actor=actor, call=call),
        CALL_MATRIX,
    ),
    "call_publish": (
        lambda cast, children: {"call": _judging(cast, children)["call"]},
        lambda actor, call: services.call_publish(actor=actor, call=call),
        CALL_MATRIX,
    ),
    "call_results_export": (
        lambda cast, children: {"call": _judging(cast, children)["call"]},
        lambda actor, call: services.call_results_export(actor=actor, call=call),
        CALL_MATRIX,
    ),
}


@pytest.mark.parametrize("service", sorted(CASES))
def test_permission_matrix(cast, children, books, service) -> None:  # type: ignore[no-untyped-def]
    setup, run, matrix = CASES[service]
    assert set(matrix) == set(PERSONAS)
    for persona in PERSONAS:
        kwargs = setup(cast, children)
        actor = cast.actor(persona)
        expected = matrix[persona]
        if expected == OK:
            run(actor, **kwargs)
            continue
        before = table_counts()
        error = Forbidden if expected == FORBIDDEN else NotFound
        with pytest.raises(error):
            run(actor, **kwargs)
        assert table_counts() == before, (service, persona)


def test_award_revoke_really_revokes(cast, children, books) -> None:
    j = _judging(cast, children)
    award = services.award_grant(actor=SYSTEM, work=j["works"][0], level=j["level"])
    services.award_revoke(actor=cast.actor("office_admin"), award=award)
    assert not Award.objects.exists()
