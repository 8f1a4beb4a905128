"""A staff person's family members: added, corrected and removed by the person or their branch."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.deletion import delete_or_refuse
from tongxin.core.errors import ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import Gender, Relation, SchoolStage
from ..models import FamilyMember, Person
from ..permissions import MembersPermission

P = MembersPermission
FAMILY_FIELDS = (
    "relation",
    "name",
    "gender",
    "birth_on",
    "school_stage",
    "note",
    "linked_person",
)


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if not partial or "relation" in data:
        if data.get("relation") not in Relation.values:
            raise ValidationFailed(_("Choose spouse, child or parent."), field="relation")
        cleaned["relation"] = data["relation"]
    if not partial or "name" in data:
        name = " ".join(str(data.get("name") or "").split())
        if not name or len(name) > 50:
            raise ValidationFailed(_("Enter a name of at most 50 characters."), field="name")
        cleaned["name"] = name
    if "gender" in data:
        if data["gender"] not in ("", *Gender.values):
            raise ValidationFailed(_("Choose male or female."), field="gender")
        cleaned["gender"] = data["gender"] or ""
    if "birth_on" in data:
        birth_on = data["birth_on"]
        if birth_on is not None and (
            not isinstance(birth_on, dt.date) or birth_on > timezone.localdate()
        ):
            raise ValidationFailed(_("The birth date cannot be in the future."), field="birth_on")
        cleaned["birth_on"] = birth_on
    if "school_stage" in data:
        if data["school_stage"] not in SchoolStage.values:
            raise ValidationFailed(_("Unknown school stage."), field="school_stage")
        cleaned["school_stage"] = data["school_stage"] or ""
    if "note" in data:
        cleaned["note"] = str(data["note"] or "")[:200]
    if "linked_person" in data:
        linked = data["linked_person"]
        if linked is not None and not isinstance(linked, Person):
            raise ValidationFailed(_("Choose a person on the staff."), field="linked_person")
        cleaned["linked_person"] = linked
    return cleaned


def _check_stage(member: FamilyMember) -> None:
    if member.relation != Relation.CHILD and member.school_stage:
        raise ValidationFailed(_("Only a child has a school stage."), field="school_stage")
    linked = member.linked_person
    if linked is not None and (
        linked.pk == member.person_id or linked.school_id != member.person.school_id
    ):
        raise ValidationFailed(
            _("The relative must be another person on the same school's staff."),
            field="linked_person",
        )


def relatives_of(person_id: int) -> frozenset[int]:
    """Ids of the staff people recorded as family of ``person_id``, either way round (one
    query): a relative linked on the person's record, or a person whose record links them."""
    rows = FamilyMember.objects.filter(
        Q(person_id=person_id, linked_person__isnull=False) | Q(linked_person_id=person_id)
    ).values_list("person_id", "linked_person_id")
    return frozenset({pid for pair in rows for pid in pair if pid is not None} - {person_id})


def _resolve_link(data: dict[str, Any], school_id: int | None) -> dict[str, Any]:
    """Turn ``linked_staff_number`` (a relative who is also on the staff) into the person."""
    if "linked_staff_number" not in data:
        return data
    data = dict(data)
    number = str(data.pop("linked_staff_number") or "").strip()
    if not number:
        data["linked_person"] = None
        return data
    linked = Person.objects.filter(school_id=school_id, staff_number=number).first()
    if linked is None:
        raise ValidationFailed(
            _("No staff member has the staff number %(number)s.") % {"number": number},
            field="linked_staff_number",
        )
    data["linked_person"] = linked
    return data


def family_member_add(*, actor: Actor, person: Person, **data: Any) -> FamilyMember:
    """Add a relative to ``person``'s record (by the person, or their branch's officers).

    A relative who is also on the school's staff is linked (``linked_staff_number`` or
    ``linked_person``): each then counts as the other's family for separation of duties.
    """
    access.require(actor, P.CHANGE_FAMILY, person)
    data = _resolve_link(data, person.school_id)
    member = FamilyMember(person=person, **_clean(data, partial=False))
    _check_stage(member)
    with transaction.atomic(durable=True):
        member.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.FAMILY_MEMBER_ADDED,
            target=member,
            changes=audit.snapshot(member, ("person", *FAMILY_FIELDS)),
            node_path=person.node.path,
        )
    return member


def family_member_update(
    *, actor: Actor, member: FamilyMember, changes: dict[str, Any]
) -> FamilyMember:
    access.require(actor, P.CHANGE_FAMILY, member)
    school_id = Person.objects.filter(pk=member.person_id).values_list("school_id", flat=True)
    cleaned = _clean(_resolve_link(changes, school_id.first()), partial=True)
    with transaction.atomic(durable=True):
        member = (
            FamilyMember.objects.select_for_update()
            .select_related("person__node")
            .get(pk=member.pk)
        )
        before = audit.snapshot(member, FAMILY_FIELDS)
        for key, value in cleaned.items():
            setattr(member, key, value)
        _check_stage(member)
        delta = audit.diff(before, audit.snapshot(member, FAMILY_FIELDS))
        if delta:
            member.save(update_fields=[*delta, "updated_at"])
            audit.record(
                actor=actor,
                event=events.FAMILY_MEMBER_UPDATED,
                target=member,
                changes=delta,
                node_path=member.person.node.path,
            )
    return member


def family_member_remove(*, actor: Actor, member: FamilyMember) -> None:
    """Delete a relative entered by mistake; the audit trail keeps what was removed."""
    access.require(actor, P.CHANGE_FAMILY, member)
    with transaction.atomic(durable=True):
        member = (
            FamilyMember.objects.select_for_update()
            .select_related("person__node")
            .get(pk=member.pk)
        )
        audit.record(
            actor=actor,
            event=events.FAMILY_MEMBER_REMOVED,
            target=member,
            changes=audit.snapshot(member, ("person", *FAMILY_FIELDS)),
            node_path=member.person.node.path,
        )
        delete_or_refuse(member)
