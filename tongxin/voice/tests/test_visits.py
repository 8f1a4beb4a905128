import datetime as dt

import pytest

from tongxin.core.errors import Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.voice import queries, services
from tongxin.voice.choices import ItemCategory, ItemKind, ItemStatus
from tongxin.voice.models import GrassrootsVisit, VoiceItem, VoiceItemEvent

RAISED = [
    services.RaisedItem(
        kind=ItemKind.REQUEST,
        category=ItemCategory.CAMPUS_SAFETY,
        title="Lights on the path to the lab",
        text="The path is dark after 18:00.",
    ),
    services.RaisedItem(
        kind=ItemKind.SUGGESTION,
        category=ItemCategory.TEACHING,
        title="Fewer meetings in exam week",
        text="Keep exam week free of meetings.",
    ),
]


def _record(cast, persona="office_admin", **kwargs):
    kwargs.setdefault("node", cast.branch_a)
    kwargs.setdefault("lead", cast.people["office_admin"])
    kwargs.setdefault("summary", "Met the branch committee and ten members.")
    kwargs.setdefault("visited_on", dt.date(2021, 4, 12))
    return services.grassroots_visit_record(actor=cast.actor(persona), **kwargs)


def test_visit_and_its_items_are_recorded_together(cast):
    # when the union chair records a visit with two raised matters, one raised by a member
    raised = [
        RAISED[0],
        services.RaisedItem(**{**RAISED[1].__dict__, "person": cast.people["branch_a_member"]}),
    ]
    visit = _record(
        cast,
        visitors=[cast.people["finance_officer"]],
        participants="Branch committee",
        raised=raised,
    )
    # then the visit has its visitors and two accepted items linked to it
    assert list(visit.visitors.all()) == [cast.people["finance_officer"]]
    items = list(VoiceItem.objects.filter(visit=visit).order_by("id"))
    assert [i.status for i in items] == [ItemStatus.ACCEPTED, ItemStatus.ACCEPTED]
    assert items[0].person_id is None
    assert items[0].node_id == cast.branch_a.pk
    assert items[1].person_id == cast.people["branch_a_member"].pk
    assert items[1].node_id == cast.group_a1.pk
    assert set(VoiceItemEvent.objects.filter(item__visit=visit).values_list("kind", flat=True)) == {
        "raised_at_visit"
    }
    assert AuditEvent.objects.filter(event="grassroots_visit.recorded").count() == 1
    assert AuditEvent.objects.filter(event="voice_item.raised_at_visit").count() == 2


def test_a_bad_raised_item_records_nothing(cast):
    bad = services.RaisedItem(
        kind=ItemKind.REQUEST, category=ItemCategory.HEALTH, title="", text="No title"
    )
    before = (
        GrassrootsVisit.objects.count(),
        VoiceItem.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationFailed) as info:
        _record(cast, raised=[RAISED[0], bad])
    assert info.value.field == "raised.1.title"
    assert (
        GrassrootsVisit.objects.count(),
        VoiceItem.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_raised_by_someone_outside_the_branch_is_refused(cast):
    raised = [
        services.RaisedItem(**{**RAISED[0].__dict__, "person": cast.people["branch_b_member"]})
    ]
    with pytest.raises(ValidationFailed) as info:
        _record(cast, raised=raised)
    assert info.value.code == "person_not_in_branch"
    assert GrassrootsVisit.objects.count() == 0


def test_visit_must_be_to_a_branch(cast):
    with pytest.raises(ValidationFailed) as info:
        _record(cast, node=cast.school)
    assert info.value.code == "not_a_branch"


def test_visit_cannot_be_in_the_future(cast):
    with pytest.raises(ValidationFailed) as info:
        _record(cast, visited_on=dt.date.today() + dt.timedelta(days=3))
    assert info.value.field == "visited_on"


def test_visit_items_can_be_closed_by_the_office_after_the_reply(cast, department):
    visit = _record(cast, raised=RAISED[:1])
    office = cast.actor("office_admin")
    item = visit.items.get()
    services.voice_item_route(
        actor=office, item=item, department=department, on=dt.date(2021, 4, 13)
    )
    services.voice_item_reply(
        actor=cast.actor("department_handler"), item=item, text="Lights ordered."
    )
    closed = services.voice_item_close(actor=office, item=item, note="Branch informed.")
    assert closed.status == ItemStatus.CLOSED


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("system", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("finance_officer", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_record_matrix(cast, persona, expected):
    before = (
        GrassrootsVisit.objects.count(),
        VoiceItem.objects.count(),
        AuditEvent.objects.count(),
    )
    if expected is None:
        visit = _record(cast, persona, raised=RAISED)
        assert visit.items.count() == 2
    else:
        with pytest.raises(expected):
            _record(cast, persona, raised=RAISED)
        assert (
            GrassrootsVisit.objects.count(),
            VoiceItem.objects.count(),
            AuditEvent.objects.count(),
        ) == before


@pytest.mark.parametrize(
    ("persona", "sees_visit", "sees_items"),
    [
        ("office_admin", True, True),
        ("branch_a_chair", True, True),
        ("branch_a_liaison", True, True),
        ("branch_a_member", False, False),
        ("branch_b_member", False, False),
        ("finance_officer", False, False),
    ],
)
def test_who_sees_visits_and_their_items(cast, persona, sees_visit, sees_items):
    visit = _record(cast, raised=RAISED)
    actor = cast.actor(persona)
    assert (visit in list(queries.grassroots_visit_list(actor=actor))) is sees_visit
    item_ids = set(queries.voice_item_list(actor=actor).values_list("pk", flat=True))
    assert (set(visit.items.values_list("pk", flat=True)) <= item_ids) is sees_items
