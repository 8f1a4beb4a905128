import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from tongxin.core.errors import Conflict, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.orgs.services_departments import department_create, department_deactivate
from tongxin.voice import queries, services
from tongxin.voice.choices import EventKind, ItemStatus, Party, Rating
from tongxin.voice.models import VoiceItem, VoiceItemEvent, VoiceReply

from .factories import make_stray_reply


def _kinds(item):
    return list(
        VoiceItemEvent.objects.filter(item=item).order_by("id").values_list("kind", flat=True)
    )


def test_member_files_for_themself(cast, file_item):
    item = file_item()
    assert item.status == ItemStatus.SUBMITTED
    assert item.node_id == cast.group_a1.pk
    assert item.filed_by_id == cast.users["branch_a_member"].pk
    event = VoiceItemEvent.objects.get(item=item)
    assert (event.kind, event.party) == (EventKind.FILED, Party.FILER)
    assert AuditEvent.objects.filter(event="voice_item.filed", target_id=str(item.pk)).count() == 1


def test_liaison_files_for_a_member_of_the_branch(cast, file_item):
    item = file_item("branch_a_liaison", for_persona="branch_a_member")
    assert item.person_id == cast.people["branch_a_member"].pk
    assert item.filed_by_id == cast.users["branch_a_liaison"].pk
    assert VoiceItemEvent.objects.get(item=item).party == Party.BRANCH


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "complaint"}, "kind"),
        ({"category": "parking"}, "category"),
        ({"title": " "}, "title"),
        ({"text": ""}, "text"),
        ({"title": "x" * 101}, "title"),
        ({"filed_on": dt.date.today() + dt.timedelta(days=1)}, "filed_on"),
    ],
)
def test_bad_input_is_refused_with_the_field(cast, kwargs, field):
    data = {
        "kind": "request",
        "category": "health",
        "title": "Flu shots",
        "text": "Offer flu shots.",
    }
    data.update(kwargs)
    with pytest.raises(ValidationFailed) as info:
        services.voice_item_file(
            actor=cast.actor("branch_a_member"), person=cast.people["branch_a_member"], **data
        )
    assert info.value.field == field
    assert VoiceItem.objects.count() == 0
    assert VoiceItemEvent.objects.count() == 0


def test_full_loop_to_satisfied(cast, replied_item):
    # given a reply from the department
    # when the filer is satisfied
    item = services.voice_item_rate(
        actor=cast.actor("branch_a_member"), item=replied_item, rating=Rating.SATISFIED
    )
    # then the item is closed with the rating, and the timeline tells every step
    assert item.status == ItemStatus.CLOSED
    assert item.rating == Rating.SATISFIED
    assert item.closed_on == timezone.localdate()
    assert _kinds(item) == ["filed", "accepted", "routed", "replied", "rated", "closed"]
    reply = VoiceReply.objects.get(item=item)
    assert (reply.round, reply.rating, reply.is_late) == (1, Rating.SATISFIED, False)
    parties = list(
        VoiceItemEvent.objects.filter(item=item).order_by("id").values_list("party", flat=True)
    )
    assert parties == ["filer", "office", "office", "department", "filer", "filer"]


def test_accept_can_route_at_once_with_default_deadline(cast, submitted_item, department):
    item = services.voice_item_accept(
        actor=cast.actor("office_admin"), item=submitted_item, department=department
    )
    assert item.status == ItemStatus.ROUTED
    assert item.department_id == department.pk
    assert item.due_on == timezone.localdate() + dt.timedelta(days=30)


@override_settings(TONGXIN_VOICE_REPLY_DAYS=10)
def test_deadline_days_are_configurable(cast, accepted_item, department):
    item = services.voice_item_route(
        actor=cast.actor("office_admin"), item=accepted_item, department=department
    )
    assert item.due_on == timezone.localdate() + dt.timedelta(days=10)


def test_route_refuses_deadline_before_routing(cast, accepted_item, department):
    with pytest.raises(ValidationFailed) as info:
        services.voice_item_route(
            actor=cast.actor("office_admin"),
            item=accepted_item,
            department=department,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert info.value.code == "due_before_routed"
    accepted_item.refresh_from_db()
    assert accepted_item.status == ItemStatus.ACCEPTED


def test_route_refuses_inactive_department(cast, accepted_item):
    office = cast.actor("office_admin")
    closed = department_create(actor=office, school=cast.school, name="Old Office")
    department_deactivate(actor=office, department=closed)
    with pytest.raises(ValidationFailed) as info:
        services.voice_item_route(actor=office, item=accepted_item, department=closed)
    assert info.value.code == "department_inactive"
    assert _kinds(accepted_item) == ["filed", "accepted"]


def test_route_refuses_department_of_another_school(cast, accepted_item):
    from tongxin.orgs import services as orgs
    from tongxin.orgs.choices import OrgNodeKind

    system = cast.actor("system")
    other = orgs.node_create(
        actor=system, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Other school"
    )
    foreign = department_create(actor=system, school=other, name="Registry")
    with pytest.raises(ValidationFailed) as info:
        services.voice_item_route(actor=system, item=accepted_item, department=foreign)
    assert info.value.code == "department_not_in_school"


def test_reroute_moves_it_to_another_department(cast, routed_item, other_department):
    item = services.voice_item_route(
        actor=cast.actor("office_admin"),
        item=routed_item,
        department=other_department,
        note="Wrong office.",
    )
    assert item.department_id == other_department.pk
    assert _kinds(item) == ["filed", "accepted", "routed", "routed"]


def test_office_answers_an_item_it_keeps(cast, accepted_item):
    item = services.voice_item_reply(
        actor=cast.actor("office_admin"), item=accepted_item, text="The union will organise it."
    )
    assert item.status == ItemStatus.REPLIED
    assert VoiceItemEvent.objects.filter(item=item, kind="replied").get().party == Party.OFFICE


def test_unsatisfied_reopens_with_new_deadline_and_round(cast, replied_item):
    item = services.voice_item_rate(
        actor=cast.actor("branch_a_member"),
        item=replied_item,
        rating=Rating.UNSATISFIED,
        comment="Still closes at 18:30.",
    )
    assert item.status == ItemStatus.ROUTED
    assert item.round == 2
    assert item.due_on == timezone.localdate() + dt.timedelta(days=30)
    assert item.rating == Rating.UNSATISFIED
    assert _kinds(item)[-2:] == ["rated", "reopened"]
    # and the department replies again in round 2
    again = services.voice_item_reply(
        actor=cast.actor("department_handler"), item=item, text="Fixed now."
    )
    assert list(VoiceReply.objects.filter(item=again).values_list("round", flat=True)) == [1, 2]


def test_unsatisfied_needs_a_comment(cast, replied_item):
    with pytest.raises(ValidationFailed) as info:
        services.voice_item_rate(
            actor=cast.actor("branch_a_member"), item=replied_item, rating=Rating.UNSATISFIED
        )
    assert info.value.field == "comment"
    replied_item.refresh_from_db()
    assert replied_item.status == ItemStatus.REPLIED


@override_settings(TONGXIN_VOICE_MAX_ROUNDS=2)
def test_last_round_unsatisfied_closes(cast, replied_item):
    member, handler = cast.actor("branch_a_member"), cast.actor("department_handler")
    item = services.voice_item_rate(
        actor=member, item=replied_item, rating=Rating.UNSATISFIED, comment="No."
    )
    item = services.voice_item_reply(actor=handler, item=item, text="Second answer.")
    item = services.voice_item_rate(
        actor=member, item=item, rating=Rating.UNSATISFIED, comment="Still no."
    )
    assert (item.status, item.round, item.rating) == (ItemStatus.CLOSED, 2, Rating.UNSATISFIED)


def test_rating_before_a_reply_is_refused(cast, routed_item):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition):
        services.voice_item_rate(
            actor=cast.actor("branch_a_member"), item=routed_item, rating=Rating.SATISFIED
        )
    routed_item.refresh_from_db()
    assert (routed_item.status, routed_item.rating) == (ItemStatus.ROUTED, "")
    assert AuditEvent.objects.count() == before


def test_rating_twice_is_refused(cast, replied_item):
    member = cast.actor("branch_a_member")
    services.voice_item_rate(actor=member, item=replied_item, rating=Rating.BASICALLY_SATISFIED)
    with pytest.raises(InvalidTransition):
        services.voice_item_rate(
            actor=member, item=replied_item, rating=Rating.UNSATISFIED, comment="Changed my mind"
        )
    replied_item.refresh_from_db()
    assert replied_item.rating == Rating.BASICALLY_SATISFIED


def test_second_reply_in_a_round_is_refused(cast, replied_item):
    with pytest.raises(InvalidTransition):
        services.voice_item_reply(actor=cast.actor("office_admin"), item=replied_item, text="Again")
    assert VoiceReply.objects.filter(item=replied_item).count() == 1


def test_reply_after_the_deadline_is_late(cast, file_item, department):
    office = cast.actor("office_admin")
    item = file_item(filed_on=dt.date(2021, 3, 1))
    services.voice_item_accept(actor=office, item=item, on=dt.date(2021, 3, 2))
    services.voice_item_route(
        actor=office, item=item, department=department, on=dt.date(2021, 3, 2)
    )
    services.voice_item_reply(actor=office, item=item, text="Late answer.", on=dt.date(2021, 4, 20))
    reply = VoiceReply.objects.get(item=item)
    assert reply.due_on == dt.date(2021, 4, 1)
    assert reply.is_late is True


def test_step_dates_cannot_go_backwards(cast, file_item):
    item = file_item(filed_on=dt.date(2021, 3, 10))
    with pytest.raises(ValidationFailed) as info:
        services.voice_item_accept(
            actor=cast.actor("office_admin"), item=item, on=dt.date(2021, 3, 9)
        )
    assert info.value.code == "date_before_previous_step"
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED


def test_decline_needs_a_reason_and_shows_it(cast, submitted_item):
    office = cast.actor("office_admin")
    with pytest.raises(ValidationFailed):
        services.voice_item_decline(actor=office, item=submitted_item, reason=" ")
    item = services.voice_item_decline(
        actor=office, item=submitted_item, reason="A matter for the city, not the school."
    )
    assert item.status == ItemStatus.DECLINED
    assert (
        VoiceItemEvent.objects.get(item=item, kind="declined").note
        == "A matter for the city, not the school."
    )


def test_withdraw_only_while_submitted(cast, submitted_item):
    member = cast.actor("branch_a_member")
    services.voice_item_withdraw(actor=member, item=submitted_item)
    with pytest.raises(InvalidTransition):
        services.voice_item_withdraw(actor=member, item=submitted_item)
    submitted_item.refresh_from_db()
    assert submitted_item.status == ItemStatus.WITHDRAWN


def test_close_an_unrated_reply(cast, replied_item):
    item = services.voice_item_close(
        actor=cast.actor("office_admin"), item=replied_item, note="No rating after a month."
    )
    assert item.status == ItemStatus.CLOSED
    assert item.rating == ""


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("submitted", "route"),
        ("submitted", "reply"),
        ("submitted", "close"),
        ("accepted", "accept"),
        ("accepted", "decline"),
        ("accepted", "withdraw"),
        ("routed", "accept"),
        ("routed", "close"),
        ("replied", "route"),
        ("replied", "decline"),
    ],
)
def test_invalid_transitions_change_nothing(cast, request, state, action, department):
    item = request.getfixturevalue(f"{state}_item")
    office = cast.actor("office_admin")
    actions = {
        "accept": lambda: services.voice_item_accept(actor=office, item=item),
        "decline": lambda: services.voice_item_decline(actor=office, item=item, reason="No."),
        "route": lambda: services.voice_item_route(actor=office, item=item, department=department),
        "reply": lambda: services.voice_item_reply(actor=office, item=item, text="Answer."),
        "close": lambda: services.voice_item_close(actor=office, item=item),
        "withdraw": lambda: services.voice_item_withdraw(
            actor=cast.actor("branch_a_member"), item=item
        ),
    }
    item.refresh_from_db()
    before = (
        item.status,
        VoiceItemEvent.objects.count(),
        AuditEvent.objects.count(),
        VoiceReply.objects.count(),
    )
    with pytest.raises(InvalidTransition):
        actions[action]()
    item.refresh_from_db()
    after = (
        item.status,
        VoiceItemEvent.objects.count(),
        AuditEvent.objects.count(),
        VoiceReply.objects.count(),
    )
    assert after == before


def test_overdue_lists_only_routed_items_past_their_deadline(cast, file_item, department):
    office = cast.actor("office_admin")
    late = file_item(title="Late", filed_on=dt.date(2021, 3, 1))
    services.voice_item_accept(
        actor=office, item=late, department=department, on=dt.date(2021, 3, 1)
    )
    answered = file_item(title="Answered", filed_on=dt.date(2021, 3, 1))
    services.voice_item_accept(
        actor=office, item=answered, department=department, on=dt.date(2021, 3, 1)
    )
    services.voice_item_reply(actor=office, item=answered, text="Done.", on=dt.date(2021, 5, 1))
    fresh = file_item(title="Fresh")
    services.voice_item_accept(actor=office, item=fresh, department=department)
    overdue = list(queries.voice_item_overdue_list(actor=office))
    assert [item.title for item in overdue] == ["Late"]
    assert queries.voice_item_counts(actor=office)["overdue"] == 1


def test_department_with_pending_replies_cannot_be_deactivated(cast, routed_item, department):
    from tongxin.core.errors import DomainError

    with pytest.raises(DomainError) as info:
        department_deactivate(actor=cast.actor("office_admin"), department=department)
    assert info.value.code == "department_owes_replies"
    department.refresh_from_db()
    assert department.is_active is True


def test_reply_conflict_on_same_round_is_a_conflict(cast, routed_item):
    make_stray_reply(routed_item, on=timezone.localdate())
    with pytest.raises(Conflict):
        services.voice_item_reply(
            actor=cast.actor("office_admin"), item=routed_item, text="Answer."
        )
    routed_item.refresh_from_db()
    assert routed_item.status == ItemStatus.ROUTED
