"""Persona matrices for every item service: allowed rows assert the new state, denied rows
assert the error and that nothing changed (no row, no timeline step, no audit event)."""

import pytest

from tongxin.core.errors import Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.voice import queries, services
from tongxin.voice.choices import ItemCategory, ItemKind, ItemStatus, Rating
from tongxin.voice.models import VoiceItem, VoiceItemEvent, VoiceReply

PERSONAS_OUTSIDE = [("outsider", NotFound), ("anonymous", NotFound)]


def _snapshot(item=None):
    state = (
        VoiceItem.objects.count(),
        VoiceItemEvent.objects.count(),
        AuditEvent.objects.count(),
        VoiceReply.objects.count(),
    )
    if item is not None:
        item.refresh_from_db()
        return (*state, item.status, item.department_id, item.round, item.rating)
    return state


@pytest.mark.parametrize(
    ("persona", "for_persona", "expected"),
    [
        ("branch_a_member", "branch_a_member", None),
        ("branch_a_liaison", "branch_a_member", None),
        ("branch_a_chair", "branch_a_member", None),
        ("office_admin", "branch_b_member", None),
        ("system", "branch_b_member", None),
        ("branch_a_liaison", "branch_b_member", NotFound),
        ("branch_b_member", "branch_a_member", NotFound),
        ("finance_officer", "branch_a_member", Forbidden),
        ("auditor", "branch_a_member", Forbidden),
        ("department_handler", "branch_a_member", Forbidden),
        ("outsider", "branch_a_member", NotFound),
        ("anonymous", "branch_a_member", NotFound),
    ],
)
def test_file_matrix(cast, department, persona, for_persona, expected):
    before = _snapshot()
    call = lambda: services.voice_item_file(  # noqa: E731
        actor=cast.actor(persona),
        person=cast.people[for_persona],
        kind=ItemKind.SUGGESTION,
        category=ItemCategory.HEALTH,
        title="Yearly health check",
        text="Add an eye test.",
    )
    if expected is None:
        item = call()
        assert item.person_id == cast.people[for_persona].pk
        assert _snapshot() == (before[0] + 1, before[1] + 1, before[2] + 1, before[3])
    else:
        with pytest.raises(expected):
            call()
        assert _snapshot() == before


OFFICE_ONLY = [
    ("office_admin", None),
    ("system", None),
    ("branch_a_chair", Forbidden),
    ("branch_a_liaison", Forbidden),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("department_handler", Forbidden),
    ("branch_a_member", Forbidden),
    ("branch_b_member", NotFound),
    *PERSONAS_OUTSIDE,
]


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_accept_matrix(cast, submitted_item, department, persona, expected):
    before = _snapshot(submitted_item)
    if expected is None:
        item = services.voice_item_accept(actor=cast.actor(persona), item=submitted_item)
        assert item.status == ItemStatus.ACCEPTED
    else:
        with pytest.raises(expected):
            services.voice_item_accept(actor=cast.actor(persona), item=submitted_item)
        assert _snapshot(submitted_item) == before


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_decline_matrix(cast, submitted_item, department, persona, expected):
    before = _snapshot(submitted_item)
    if expected is None:
        item = services.voice_item_decline(
            actor=cast.actor(persona), item=submitted_item, reason="Not ours."
        )
        assert item.status == ItemStatus.DECLINED
    else:
        with pytest.raises(expected):
            services.voice_item_decline(
                actor=cast.actor(persona), item=submitted_item, reason="Not ours."
            )
        assert _snapshot(submitted_item) == before


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_route_matrix(cast, accepted_item, department, persona, expected):
    before = _snapshot(accepted_item)
    if expected is None:
        item = services.voice_item_route(
            actor=cast.actor(persona), item=accepted_item, department=department
        )
        assert (item.status, item.department_id) == (ItemStatus.ROUTED, department.pk)
    else:
        with pytest.raises(expected):
            services.voice_item_route(
                actor=cast.actor(persona), item=accepted_item, department=department
            )
        assert _snapshot(accepted_item) == before


@pytest.mark.parametrize(("persona", "expected"), OFFICE_ONLY)
def test_close_matrix(cast, replied_item, persona, expected):
    before = _snapshot(replied_item)
    if expected is None:
        item = services.voice_item_close(actor=cast.actor(persona), item=replied_item)
        assert item.status == ItemStatus.CLOSED
    else:
        with pytest.raises(expected):
            services.voice_item_close(actor=cast.actor(persona), item=replied_item)
        assert _snapshot(replied_item) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("department_handler", None),
        ("office_admin", None),
        ("system", None),
        ("other_handler", NotFound),
        ("branch_a_chair", NotFound),
        ("finance_officer", NotFound),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        *PERSONAS_OUTSIDE,
    ],
)
def test_reply_matrix(cast, routed_item, other_department, persona, expected):
    before = _snapshot(routed_item)
    if expected is None:
        actor = cast.actor(persona)
        item = services.voice_item_reply(actor=actor, item=routed_item, text="Answer.")
        assert item.status == ItemStatus.REPLIED
        assert VoiceReply.objects.get(item=item).replied_by_id == actor.user_id
    else:
        with pytest.raises(expected):
            services.voice_item_reply(actor=cast.actor(persona), item=routed_item, text="Answer.")
        assert _snapshot(routed_item) == before


def test_handler_cannot_reply_to_an_unrouted_item(cast, accepted_item, department):
    before = _snapshot(accepted_item)
    with pytest.raises(NotFound):
        services.voice_item_reply(
            actor=cast.actor("department_handler"), item=accepted_item, text="Answer."
        )
    assert _snapshot(accepted_item) == before


def test_handler_loses_the_item_when_it_is_routed_elsewhere(cast, routed_item, other_department):
    services.voice_item_route(
        actor=cast.actor("office_admin"), item=routed_item, department=other_department
    )
    before = _snapshot(routed_item)
    with pytest.raises(NotFound):
        services.voice_item_reply(
            actor=cast.actor("department_handler"), item=routed_item, text="Mine?"
        )
    assert _snapshot(routed_item) == before
    item = services.voice_item_reply(
        actor=cast.actor("other_handler"), item=routed_item, text="Ours."
    )
    assert item.status == ItemStatus.REPLIED


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("system", None),
        ("branch_a_liaison", Forbidden),
        ("branch_a_chair", Forbidden),
        ("office_admin", Forbidden),
        ("department_handler", Forbidden),
        ("branch_b_member", NotFound),
        *PERSONAS_OUTSIDE,
    ],
)
def test_rate_matrix(cast, replied_item, persona, expected):
    before = _snapshot(replied_item)
    if expected is None:
        item = services.voice_item_rate(
            actor=cast.actor(persona), item=replied_item, rating=Rating.SATISFIED
        )
        assert (item.status, item.rating) == (ItemStatus.CLOSED, Rating.SATISFIED)
    else:
        with pytest.raises(expected):
            services.voice_item_rate(
                actor=cast.actor(persona), item=replied_item, rating=Rating.SATISFIED
            )
        assert _snapshot(replied_item) == before


def test_only_the_filer_rates_an_item_a_liaison_entered(cast, file_item, department):
    item = file_item("branch_a_liaison", for_persona="branch_a_member")
    office = cast.actor("office_admin")
    services.voice_item_accept(actor=office, item=item, department=department)
    services.voice_item_reply(actor=office, item=item, text="Answer.")
    before = _snapshot(item)
    with pytest.raises(Forbidden):
        services.voice_item_rate(
            actor=cast.actor("branch_a_liaison"), item=item, rating=Rating.SATISFIED
        )
    assert _snapshot(item) == before
    rated = services.voice_item_rate(
        actor=cast.actor("branch_a_member"), item=item, rating=Rating.SATISFIED
    )
    assert rated.status == ItemStatus.CLOSED


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("branch_a_liaison", None),
        ("system", None),
        ("office_admin", Forbidden),
        ("branch_a_chair", NotFound),
        ("department_handler", NotFound),
        ("branch_b_member", NotFound),
        *PERSONAS_OUTSIDE,
    ],
)
def test_withdraw_matrix(cast, file_item, department, persona, expected):
    item = file_item("branch_a_liaison", for_persona="branch_a_member")
    before = _snapshot(item)
    if expected is None:
        assert (
            services.voice_item_withdraw(actor=cast.actor(persona), item=item).status
            == ItemStatus.WITHDRAWN
        )
    else:
        with pytest.raises(expected):
            services.voice_item_withdraw(actor=cast.actor(persona), item=item)
        assert _snapshot(item) == before


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("branch_a_member", True),
        ("branch_a_liaison", True),
        ("office_admin", True),
        ("branch_a_chair", False),
        ("branch_b_member", False),
        ("department_handler", False),
        ("finance_officer", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_sees_an_item_with_names(cast, file_item, department, persona, visible):
    # given an item a liaison entered for a member, passed on to the department
    item = file_item("branch_a_liaison", for_persona="branch_a_member")
    services.voice_item_accept(actor=cast.actor("office_admin"), item=item, department=department)
    actor = cast.actor(persona)
    # then only the filer, who entered it and the office see it (the department sees it
    # only through its own view)
    assert (
        item.pk in set(queries.voice_item_list(actor=actor).values_list("pk", flat=True))
    ) is visible
    if visible:
        assert queries.voice_item_get(actor=actor, pk=item.pk).pk == item.pk
    else:
        with pytest.raises(NotFound):
            queries.voice_item_get(actor=actor, pk=item.pk)


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("department_handler", True),
        ("office_admin", False),
        ("other_handler", False),
        ("branch_a_member", False),
        ("outsider", False),
    ],
)
def test_department_view_is_for_its_handlers(cast, routed_item, other_department, persona, visible):
    actor = cast.actor(persona)
    assert (routed_item.pk in {i.pk for i in queries.department_item_list(actor=actor)}) is visible
    if visible:
        assert queries.department_item_get(actor=actor, pk=routed_item.pk).pk == routed_item.pk
    else:
        with pytest.raises(NotFound):
            queries.department_item_get(actor=actor, pk=routed_item.pk)


def test_department_never_sees_the_name_of_an_anonymous_filer(cast, file_item, department):
    item = file_item(anonymous=True)
    services.voice_item_accept(actor=cast.actor("office_admin"), item=item, department=department)
    view = queries.department_item_get(actor=cast.actor("department_handler"), pk=item.pk)
    assert view.filer_name is None
    assert view.branch_name is None
    assert "Member A" not in repr(view)


def test_department_sees_the_name_when_not_anonymous(cast, routed_item):
    view = queries.department_item_get(actor=cast.actor("department_handler"), pk=routed_item.pk)
    assert view.filer_name == "Member A"
    assert view.branch_name == "Group A1"
