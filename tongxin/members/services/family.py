"""A staff person's family members: added, corrected and removed by the person or their branch."""

import datetime as dt
from typing import Any

from django.db import transaction
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
FAMILY_FIELDS = ("relation", "name", "gender", "birth_on", "school_stage", "note")


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
    return cleaned


def _check_stage(member: FamilyMember) -> None:
    if member.relation != Relation.CHILD and member.school_stage:
        raise ValidationFailed(_("Only a child has a school stage."), field="school_stage")


def family_member_add(*, actor: Actor, person: Person, **data: Any) -> FamilyMember:
    """Add a relative to ``person``'s record (by the person, or their branch's officers)."""
    access.require(actor, P.CHANGE_FAMILY, person)
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
    cleaned = _clean(changes, partial=True)
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
