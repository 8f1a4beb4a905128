import datetime as dt

import pytest

from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.members import services
from tongxin.members.models import FamilyMember, Person
from tongxin.testing.personas import ID_NUMBERS


def _person(cast, name):
    return Person.objects.select_related("node").get(pk=cast.people[name].pk)


@pytest.mark.parametrize(
    ("persona", "target", "changes", "error"),
    [
        # own contact details: anyone with a person
        ("branch_a_member", "branch_a_member", {"phone": "13912345678"}, None),
        ("branch_b_member", "branch_b_member", {"email": "b@example.edu.cn"}, None),
        # own other fields: not without change_person
        ("branch_a_member", "branch_a_member", {"name": "Renamed"}, Forbidden),
        ("branch_a_member", "branch_a_member", {"phone": "13912345678", "name": "X"}, Forbidden),
        # other people's records
        ("branch_a_member", "branch_b_member", {"phone": "13912345678"}, NotFound),
        ("branch_a_chair", "branch_a_member", {"name": "Renamed"}, None),
        ("branch_a_chair", "branch_b_member", {"name": "Renamed"}, NotFound),
        ("branch_a_liaison", "branch_a_member", {"name": "Renamed"}, Forbidden),
        ("office_admin", "branch_b_member", {"name": "Renamed"}, None),
        ("finance_officer", "branch_b_member", {"name": "Renamed"}, Forbidden),
        ("outsider", "branch_a_member", {"phone": "13912345678"}, NotFound),
        ("anonymous", "branch_a_member", {"phone": "13912345678"}, NotFound),
        # the ID number needs view_id_number as well
        ("branch_a_chair", "branch_a_non_member", {"id_number": "440101199001010011"}, Forbidden),
        ("office_admin", "branch_a_non_member", {"id_number": "440101199001010011"}, None),
    ],
)
def test_update_matrix(cast, persona, target, changes, error):
    # given a person's record
    person = _person(cast, target)
    before = (AuditEvent.objects.count(), {k: getattr(person, k) for k in changes})
    # when the persona changes it
    if error is None:
        services.person_update(actor=cast.actor(persona), person=person, changes=changes)
        # then the values are saved and audited
        person = _person(cast, target)
        assert {k: getattr(person, k) for k in changes} == changes
        assert (
            AuditEvent.objects.filter(event="person.updated", target_id=str(person.pk)).count() == 1
        )
    else:
        with pytest.raises(error):
            services.person_update(actor=cast.actor(persona), person=person, changes=changes)
        person = _person(cast, target)
        assert (AuditEvent.objects.count(), {k: getattr(person, k) for k in changes}) == before


def test_update_refuses_a_bad_phone(cast):
    person = _person(cast, "branch_a_member")
    with pytest.raises(ValidationFailed) as info:
        services.person_update(
            actor=cast.actor("branch_a_member"), person=person, changes={"phone": "12345"}
        )
    assert info.value.field == "phone"


def test_update_refuses_a_staff_number_in_use(cast):
    person = _person(cast, "branch_a_member")
    with pytest.raises(DomainError) as info:
        services.person_update(
            actor=cast.actor("office_admin"), person=person, changes={"staff_number": "B1001"}
        )
    assert info.value.code == "duplicate_staff_number"
    assert _person(cast, "branch_a_member").staff_number == "A1001"


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
    ],
)
def test_reveal_id_number_is_logged(cast, persona, error):
    # given a person with an ID number on record (shown masked)
    person = _person(cast, "branch_a_member")
    assert person.id_number_masked == "440***********0017"
    before = AuditEvent.objects.count()
    if error is None:
        # when the union office reveals it
        number = services.person_reveal_id_number(actor=cast.actor(persona), person=person)
        # then it is the clear number and the read is logged as sensitive
        assert number == ID_NUMBERS["A1001"]
        read = AuditEvent.objects.get(event="person.id_number_viewed")
        assert read.is_sensitive_read
        assert read.changes == {"fields": ["id_number"]}
        assert read.actor_user_id == cast.users[persona].pk
    else:
        with pytest.raises(error):
            services.person_reveal_id_number(actor=cast.actor(persona), person=person)
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "node", "error"),
    [
        ("office_admin", "branch_a", None),
        ("branch_a_chair", "branch_a", Forbidden),
        ("branch_a_chair", "branch_b", NotFound),
        ("finance_officer", "branch_a", Forbidden),
        ("branch_a_member", "branch_a", NotFound),
        ("anonymous", "branch_a", NotFound),
    ],
)
def test_create_matrix(cast, persona, node, error):
    count = Person.objects.count()
    call = {
        "actor": cast.actor(persona),
        "node": getattr(cast, node),
        "staff_number": "N0001",
        "name": "New Person",
        "gender": "female",
    }
    if error is None:
        person = services.person_create(**call)
        assert (person.school_id, person.membership_status) == (cast.school.pk, "none")
    else:
        with pytest.raises(error):
            services.person_create(**call)
        assert Person.objects.count() == count


def test_create_checks_id_number_against_birth_date(cast):
    with pytest.raises(ValidationFailed) as info:
        services.person_create(
            actor=cast.actor("office_admin"),
            node=cast.branch_a,
            staff_number="N0002",
            name="Mismatch",
            gender="male",
            birth_on=dt.date(1999, 1, 1),
            id_number="440101198001010017",
        )
    assert info.value.field == "birth_on"


@pytest.mark.parametrize(
    ("persona", "target", "error"),
    [
        ("branch_a_member", "branch_a_member", None),
        ("branch_a_liaison", "branch_a_member", None),
        ("branch_a_chair", "branch_a_member", None),
        ("office_admin", "branch_b_member", None),
        ("branch_a_member", "branch_b_member", NotFound),
        ("branch_a_chair", "branch_b_member", NotFound),
        ("auditor", "branch_a_member", Forbidden),
        ("finance_officer", "branch_a_member", Forbidden),
        ("outsider", "branch_a_member", NotFound),
    ],
)
def test_family_add_matrix(cast, persona, target, error):
    person = _person(cast, target)
    before = (FamilyMember.objects.count(), AuditEvent.objects.count())
    call = {
        "actor": cast.actor(persona),
        "person": person,
        "relation": "child",
        "name": "Little One",
        "birth_on": dt.date(2016, 5, 1),
        "school_stage": "primary",
    }
    if error is None:
        member = services.family_member_add(**call)
        assert (member.person_id, member.school_stage) == (person.pk, "primary")
    else:
        with pytest.raises(error):
            services.family_member_add(**call)
        assert (FamilyMember.objects.count(), AuditEvent.objects.count()) == before


def test_family_school_stage_only_for_children(cast):
    person = _person(cast, "branch_a_member")
    with pytest.raises(ValidationFailed) as info:
        services.family_member_add(
            actor=cast.actor("branch_a_member"),
            person=person,
            relation="spouse",
            name="Partner",
            school_stage="primary",
        )
    assert info.value.field == "school_stage"
    assert FamilyMember.objects.count() == 0


def test_family_update_and_remove_are_audited(cast):
    actor = cast.actor("branch_a_member")
    member = services.family_member_add(
        actor=actor, person=_person(cast, "branch_a_member"), relation="parent", name="Mother"
    )
    services.family_member_update(actor=actor, member=member, changes={"name": "Mum"})
    services.family_member_remove(actor=actor, member=member)
    assert FamilyMember.objects.count() == 0
    events = list(
        AuditEvent.objects.filter(target_type="members.familymember").values_list(
            "event", flat=True
        )
    )
    assert sorted(events) == [
        "family_member.added",
        "family_member.removed",
        "family_member.updated",
    ]


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("branch_a_member", None),
        ("branch_a_liaison", None),
        ("office_admin", None),
        ("auditor", Forbidden),
        ("branch_b_member", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_family_update_and_remove_matrix(cast, persona, error):
    # given member A's spouse on record
    member = services.family_member_add(
        actor=cast.actor("system"),
        person=_person(cast, "branch_a_member"),
        relation="spouse",
        name="Partner",
    )
    member = FamilyMember.objects.select_related("person__node").get(pk=member.pk)
    before = AuditEvent.objects.count()
    actor = cast.actor(persona)
    if error is None:
        services.family_member_update(actor=actor, member=member, changes={"note": "Teacher"})
        services.family_member_remove(actor=actor, member=member)
        assert not FamilyMember.objects.exists()
    else:
        with pytest.raises(error):
            services.family_member_update(actor=actor, member=member, changes={"note": "Teacher"})
        with pytest.raises(error):
            services.family_member_remove(actor=actor, member=member)
        assert FamilyMember.objects.get().note == ""
        assert AuditEvent.objects.count() == before
