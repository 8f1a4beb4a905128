import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from tongxin.core.errors import (
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.participation.models import Participation
from tongxin.voice import services
from tongxin.voice.choices import WishStatus, WishVisibility
from tongxin.voice.models import Wish
from tongxin.voice.years import academic_year_of, wish_year_for


def _submit(cast, persona="branch_a_member", **kwargs):
    kwargs.setdefault("text", "A reading corner in the staff lounge.")
    return services.wish_submit(actor=cast.actor(persona), person=cast.people[persona], **kwargs)


def test_wish_year_is_the_new_year_it_welcomes():
    assert wish_year_for(dt.date(2020, 12, 20)) == 2021
    assert wish_year_for(dt.date(2021, 1, 5)) == 2021
    assert wish_year_for(dt.date(2021, 8, 31)) == 2021
    assert wish_year_for(dt.date(2021, 9, 1)) == 2022
    assert academic_year_of(dt.date(2021, 3, 1)) == 2020


def test_submit_is_private_by_default_and_audited(cast):
    # when a member makes a wish without choosing a visibility
    wish = _submit(cast)
    # then it is private, waits for the office, counts for the current wish year
    assert wish.visibility == WishVisibility.PRIVATE
    assert wish.status == WishStatus.SUBMITTED
    assert wish.year == wish_year_for(timezone.localdate())
    assert wish.node_id == cast.group_a1.pk
    assert AuditEvent.objects.filter(event="wish.submitted", target_id=str(wish.pk)).count() == 1


def test_paper_wish_counts_for_the_year_of_its_date(cast):
    # when the office enters a wish collected in December 2020
    wish = services.wish_submit(
        actor=cast.actor("office_admin"),
        person=cast.people["branch_b_member"],
        text="A new coffee machine.",
        submitted_on=dt.date(2020, 12, 18),
    )
    # then it is a 2021 wish, entered by the office
    assert wish.year == 2021
    assert wish.submitted_by_id == cast.users["office_admin"].pk


def test_second_wish_for_the_year_is_refused(cast):
    _submit(cast)
    before = Wish.objects.count()
    with pytest.raises(DomainError) as info:
        _submit(cast, text="Another one")
    assert info.value.code == "wish_exists"
    assert Wish.objects.count() == before


def test_withdrawn_wish_makes_room_for_a_new_one(cast):
    first = _submit(cast)
    services.wish_withdraw(actor=cast.actor("branch_a_member"), wish=first)
    second = _submit(cast, text="Something else")
    assert second.pk != first.pk
    assert Wish.objects.filter(person=cast.people["branch_a_member"]).count() == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("text", {"text": "   "}),
        ("text", {"text": "x" * 501}),
        ("visibility", {"visibility": "public"}),
        ("submitted_on", {"submitted_on": dt.date.today() + dt.timedelta(days=2)}),
    ],
)
def test_bad_input_is_refused_with_the_field(cast, field, kwargs):
    with pytest.raises(ValidationFailed) as info:
        _submit(cast, **kwargs)
    assert info.value.field == field
    assert Wish.objects.count() == 0


def test_staff_who_left_cannot_wish(cast):
    system = cast.actor("system")
    person = cast.people["branch_b_member"]
    members.membership_leave(actor=system, person=person, on=dt.date(2020, 1, 1))
    members.person_update(actor=system, person=person, changes={"employment_status": "left"})
    with pytest.raises(DomainError) as info:
        _submit(cast, "branch_b_member")
    assert info.value.code == "not_eligible"
    assert Wish.objects.count() == 0


def test_adopt_then_fulfil_records_a_participation(cast):
    # given a waiting wish
    wish = _submit(cast)
    office = cast.actor("office_admin")
    # when the office adopts it and later fulfils it
    services.wish_adopt(actor=office, wish=wish, note="We will ask the library.")
    fulfilled = services.wish_fulfil(actor=office, wish=wish, note="Reading corner opened.")
    # then it is fulfilled today with one person-time of kind wish
    assert fulfilled.status == WishStatus.FULFILLED
    assert fulfilled.fulfilled_on == timezone.localdate()
    assert fulfilled.office_note == "We will ask the library."
    assert fulfilled.fulfilment_note == "Reading corner opened."
    participation = Participation.objects.get(kind="wish")
    assert participation.person_id == cast.people["branch_a_member"].pk
    assert participation.occasion_id == str(wish.pk)


def test_fulfil_needs_adoption_first(cast):
    wish = _submit(cast)
    with pytest.raises(InvalidTransition):
        services.wish_fulfil(actor=cast.actor("office_admin"), wish=wish, note="Done")
    wish.refresh_from_db()
    assert wish.status == WishStatus.SUBMITTED
    assert Participation.objects.count() == 0


def test_decline_needs_a_note(cast):
    wish = _submit(cast)
    with pytest.raises(ValidationFailed) as info:
        services.wish_decline(actor=cast.actor("office_admin"), wish=wish, note="")
    assert info.value.field == "note"
    wish.refresh_from_db()
    assert wish.status == WishStatus.SUBMITTED


@pytest.mark.parametrize(
    ("status_path", "action"),
    [
        (["decline"], "adopt"),
        (["decline"], "withdraw"),
        (["adopt"], "withdraw"),
        (["adopt"], "adopt"),
        (["adopt", "fulfil"], "decline"),
        (["withdraw"], "adopt"),
    ],
)
def test_invalid_transitions_change_nothing(cast, status_path, action):
    wish = _submit(cast)
    office, member = cast.actor("office_admin"), cast.actor("branch_a_member")
    steps = {
        "adopt": lambda w: services.wish_adopt(actor=office, wish=w),
        "decline": lambda w: services.wish_decline(actor=office, wish=w, note="No budget."),
        "fulfil": lambda w: services.wish_fulfil(actor=office, wish=w, note="Done."),
        "withdraw": lambda w: services.wish_withdraw(actor=member, wish=w),
    }
    for step in status_path:
        wish = steps[step](wish)
    before = (wish.status, AuditEvent.objects.count())
    with pytest.raises(InvalidTransition):
        steps[action](wish)
    wish.refresh_from_db()
    assert (wish.status, AuditEvent.objects.count()) == before


def test_decision_date_cannot_precede_submission(cast):
    wish = _submit(cast, submitted_on=dt.date(2020, 12, 18))
    with pytest.raises(ValidationFailed) as info:
        services.wish_adopt(actor=cast.actor("office_admin"), wish=wish, on=dt.date(2020, 12, 1))
    assert info.value.code == "date_before_previous_step"


def test_author_changes_text_and_visibility_while_waiting(cast):
    wish = _submit(cast)
    updated = services.wish_update(
        actor=cast.actor("branch_a_member"),
        wish=wish,
        text="A reading corner with plants.",
        visibility=WishVisibility.WALL_ANONYMOUS,
    )
    assert updated.visibility == WishVisibility.WALL_ANONYMOUS
    event = AuditEvent.objects.get(event="wish.updated")
    assert set(event.changes) == {"text", "visibility"}


def test_update_after_adoption_is_refused(cast):
    wish = _submit(cast)
    services.wish_adopt(actor=cast.actor("office_admin"), wish=wish)
    with pytest.raises(InvalidTransition):
        services.wish_update(actor=cast.actor("branch_a_member"), wish=wish, text="Changed")
    wish.refresh_from_db()
    assert wish.text == "A reading corner in the staff lounge."


def test_invalid_transition_message_is_translated(cast):
    wish = _submit(cast)
    services.wish_withdraw(actor=cast.actor("branch_a_member"), wish=wish)
    with translation.override("zh-hans"), pytest.raises(InvalidTransition) as info:
        services.wish_adopt(actor=cast.actor("office_admin"), wish=wish)
    with translation.override("zh-hans"):
        expected = gettext("This cannot be done while the status is “%(status)s”.") % {
            "status": gettext("Withdrawn")
        }
    assert info.value.message == expected
    assert expected != "This cannot be done while the status is “Withdrawn”."


SUBMIT_MATRIX = [
    ("branch_a_member", "branch_a_member", None),
    ("office_admin", "branch_a_member", None),
    ("system", "branch_a_member", None),
    ("branch_a_chair", "branch_a_member", Forbidden),
    ("branch_a_liaison", "branch_a_member", Forbidden),
    ("finance_officer", "branch_a_member", Forbidden),
    ("branch_b_member", "branch_a_member", NotFound),
    ("outsider", "branch_a_member", NotFound),
    ("anonymous", "branch_a_member", NotFound),
]


@pytest.mark.parametrize(("persona", "for_persona", "expected"), SUBMIT_MATRIX)
def test_submit_matrix(cast, persona, for_persona, expected):
    before = (Wish.objects.count(), AuditEvent.objects.count())
    call = lambda: services.wish_submit(  # noqa: E731
        actor=cast.actor(persona), person=cast.people[for_persona], text="A wish."
    )
    if expected is None:
        wish = call()
        assert wish.person_id == cast.people[for_persona].pk
        assert Wish.objects.count() == before[0] + 1
    else:
        with pytest.raises(expected):
            call()
        assert (Wish.objects.count(), AuditEvent.objects.count()) == before


DECIDE_MATRIX = [
    ("office_admin", None),
    ("system", None),
    ("branch_a_chair", Forbidden),
    ("branch_a_liaison", Forbidden),
    ("finance_officer", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_member", Forbidden),
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), DECIDE_MATRIX)
@pytest.mark.parametrize("decision", ["adopt", "decline"])
def test_decide_matrix(cast, persona, expected, decision):
    wish = _submit(cast)
    service = services.wish_adopt if decision == "adopt" else services.wish_decline
    before = AuditEvent.objects.count()
    if expected is None:
        decided = service(actor=cast.actor(persona), wish=wish, note="Noted.")
        assert decided.status == (
            WishStatus.ADOPTED if decision == "adopt" else WishStatus.DECLINED
        )
        assert AuditEvent.objects.count() == before + 1
    else:
        with pytest.raises(expected):
            service(actor=cast.actor(persona), wish=wish, note="Noted.")
        wish.refresh_from_db()
        assert wish.status == WishStatus.SUBMITTED
        assert AuditEvent.objects.count() == before


FULFIL_MATRIX = [
    ("office_admin", None),
    ("branch_a_chair", Forbidden),
    ("branch_a_member", Forbidden),
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), FULFIL_MATRIX)
def test_fulfil_matrix(cast, persona, expected):
    wish = services.wish_adopt(actor=cast.actor("office_admin"), wish=_submit(cast))
    before = (AuditEvent.objects.count(), Participation.objects.count())
    if expected is None:
        services.wish_fulfil(actor=cast.actor(persona), wish=wish, note="Done.")
        assert Participation.objects.count() == before[1] + 1
    else:
        with pytest.raises(expected):
            services.wish_fulfil(actor=cast.actor(persona), wish=wish, note="Done.")
        wish.refresh_from_db()
        assert wish.status == WishStatus.ADOPTED
        assert (AuditEvent.objects.count(), Participation.objects.count()) == before


AUTHOR_MATRIX = [
    ("branch_a_member", None),
    ("system", None),
    ("office_admin", Forbidden),
    ("branch_a_chair", NotFound),
    ("branch_b_member", NotFound),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), AUTHOR_MATRIX)
def test_withdraw_and_update_matrix(cast, persona, expected):
    wish = _submit(cast)
    before = AuditEvent.objects.count()
    if expected is None:
        services.wish_update(actor=cast.actor(persona), wish=wish, text="Changed text.")
        services.wish_withdraw(actor=cast.actor(persona), wish=wish)
        wish.refresh_from_db()
        assert wish.status == WishStatus.WITHDRAWN
        assert AuditEvent.objects.count() == before + 2
    else:
        with pytest.raises(expected):
            services.wish_update(actor=cast.actor(persona), wish=wish, text="Changed text.")
        with pytest.raises(expected):
            services.wish_withdraw(actor=cast.actor(persona), wish=wish)
        wish.refresh_from_db()
        assert (wish.status, wish.text) == (
            WishStatus.SUBMITTED,
            "A reading corner in the staff lounge.",
        )
        assert AuditEvent.objects.count() == before
