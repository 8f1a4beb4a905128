"""Creating and changing people, and revealing their ID numbers (logged)."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.crypto import lookup_hash
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.validators import id_number_birth_date, mask_id_number
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events, hooks
from ..choices import EmploymentStatus
from ..errors import MembersErrorCode
from ..models import Person
from ..names import pinyin_keys
from ..permissions import MembersPermission
from ..validation import PERSON_FIELDS, require_clean

P = MembersPermission
AUDITED_FIELDS = (*PERSON_FIELDS, "node", "membership_status", "joined_on")
_CONTACT_FIELDS = {"phone", "email"}
PERSON_NODE_KINDS = (OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH, OrgNodeKind.GROUP)


def check_person_node(node: OrgNode, *, field: str = "node") -> int:
    """A person belongs to a live school union, branch or group of a school; returns the
    school's id."""
    if node.kind not in PERSON_NODE_KINDS or node.school_id is None:
        raise ValidationFailed(
            _("People belong to a school union, a branch or a group."),
            code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
            field=field,
        )
    if node.is_archived:
        raise ValidationFailed(
            _("%(node)s is archived.") % {"node": node.name},
            code=MembersErrorCode.NODE_ARCHIVED,
            field=field,
        )
    return node.school_id


def apply_person_fields(person: Person, cleaned: Mapping[str, Any]) -> None:
    """Set cleaned values and the fields derived from them (pinyin keys, ID hash and mask)."""
    for name, value in cleaned.items():
        setattr(person, name, value)
    if "name" in cleaned:
        person.name_pinyin, person.name_initials = pinyin_keys(person.name)
    if "id_number" in cleaned:
        number = cleaned["id_number"]
        person.id_number_hash = lookup_hash(number) if number else ""
        person.id_number_masked = mask_id_number(number)
        if number and not person.birth_on:
            person.birth_on = id_number_birth_date(number)


def snapshot_person(person: Person) -> dict[str, Any]:
    return audit.snapshot(person, AUDITED_FIELDS, redacted=("id_number",))


def _check_unique(person: Person) -> None:
    others = Person.objects.filter(school_id=person.school_id).exclude(pk=person.pk)
    if others.filter(staff_number=person.staff_number).exists():
        raise DomainError(
            _("Staff number %(number)s is already in use.") % {"number": person.staff_number},
            code=MembersErrorCode.DUPLICATE_STAFF_NUMBER,
            field="staff_number",
        )
    if person.id_number_hash and others.filter(id_number_hash=person.id_number_hash).exists():
        raise DomainError(
            _("Another person already has this ID number."),
            code=MembersErrorCode.DUPLICATE_ID_NUMBER,
            field="id_number",
        )


def _save_checked(person: Person, **save_kwargs: Any) -> None:
    _check_unique(person)
    try:
        with transaction.atomic():
            person.save(**save_kwargs)
    except IntegrityError:
        # A concurrent writer took the staff number or ID number between check and insert.
        raise DomainError(
            _("This staff number or ID number is already in use."),
            code=MembersErrorCode.DUPLICATE_STAFF_NUMBER,
            field="staff_number",
        ) from None


def person_create(*, actor: Actor, node: OrgNode, **data: Any) -> Person:
    """Add a staff person (not yet a member) to ``node``.

    Rules: staff number and ID number unique within the school; fields as in
    ``members.validation``. Audit: ``person.created`` with the ID number redacted.
    """
    access.require_at(actor, P.ADD_PERSON, node)
    school_id = check_person_node(node)
    cleaned = require_clean(data)
    person = Person(school_id=school_id, node=node)
    apply_person_fields(person, cleaned)
    with transaction.atomic(durable=True):
        _save_checked(person, force_insert=True)
        audit.record(
            actor=actor,
            event=events.PERSON_CREATED,
            target=person,
            changes=snapshot_person(person),
            node_path=node.path,
        )
    return person


def person_update(*, actor: Actor, person: Person, changes: Mapping[str, Any]) -> Person:
    """Change a person's data (not their branch: that is a membership transfer).

    A person may change their own phone and e-mail; other fields need ``change_person`` on
    the person's branch, and the ID number also ``view_id_number``. Hooks: a changed mobile
    (which logs in) and leaving the school are told to ``members.hooks`` listeners, which may
    refuse the change (a mobile another account logs in with).
    """
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(unknown)},
            field=sorted(unknown)[0],
        )
    if not access.can(actor, P.CHANGE_PERSON, person):
        if set(changes) <= _CONTACT_FIELDS:
            access.require(actor, P.CHANGE_OWN_CONTACT, person)
        else:
            access.require(actor, P.CHANGE_PERSON, person)
    if "id_number" in changes:
        access.require(actor, P.VIEW_ID_NUMBER, person)
    cleaned = require_clean(changes, required=False)
    with transaction.atomic(durable=True):
        person = Person.objects.select_for_update().select_related("node").get(pk=person.pk)
        before, before_hash = snapshot_person(person), person.id_number_hash
        apply_person_fields(person, cleaned)
        delta = audit.diff(before, snapshot_person(person))
        if person.id_number_hash != before_hash:
            delta["id_number"] = [
                audit.REDACTED if before_hash else "",
                audit.REDACTED if person.id_number_hash else "",
            ]
        if not delta:
            return person
        _save_checked(person)
        audit.record(
            actor=actor,
            event=events.PERSON_UPDATED,
            target=person,
            changes=delta,
            node_path=person.node.path,
        )
        if "phone" in delta:
            hooks.phone_changed(actor=actor, people=[person])
        if "employment_status" in delta and person.employment_status == EmploymentStatus.LEFT:
            hooks.departed(actor=actor, people=[person])
    return person


def person_reveal_id_number(*, actor: Actor, person: Person) -> str:
    """Return the clear ID number and log the read (PIPL: every sensitive read is logged)."""
    access.require(actor, P.VIEW_ID_NUMBER, person)
    with transaction.atomic(durable=True):
        audit.record_sensitive_read(
            actor=actor,
            event=events.PERSON_ID_NUMBER_VIEWED,
            target=person,
            fields=["id_number"],
            node_path=person.node.path,
        )
    return person.id_number
