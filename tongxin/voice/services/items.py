"""Suggestions and requests: filed by a member (or for them), accepted or declined by the union
office, passed on to a school department with a deadline (replies and ratings: ``replies``).

Every step writes an audit event and a timeline row in the same transaction.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Forbidden, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import SchoolDepartment

from .. import events, notices
from ..choices import (
    ITEM_TRANSITIONS,
    EventKind,
    ItemCategory,
    ItemKind,
    ItemStatus,
    Party,
)
from ..errors import VoiceErrorCode
from ..models import VoiceItem, VoiceItemEvent
from ..permissions import VoicePermission
from ..queries import items as item_queries
from .common import check_eligible, check_transition, clean_text, require_status, step_day

P = VoicePermission
TITLE_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 1000


def check_content(
    kind: str, category: str, title: str, text: str, *, prefix: str = ""
) -> tuple[str, str]:
    """Validate the kind, category, title and details of an item; return the cleaned texts."""
    if kind not in ItemKind.values:
        raise ValidationFailed(_("Choose suggestion or request."), field=f"{prefix}kind")
    if category not in ItemCategory.values:
        raise ValidationFailed(_("Choose a category."), field=f"{prefix}category")
    return (
        clean_text(title, field=f"{prefix}title", max_length=TITLE_MAX_LENGTH),
        clean_text(text, field=f"{prefix}text", max_length=TEXT_MAX_LENGTH),
    )


def add_event(
    actor: Actor,
    item: VoiceItem,
    kind: str,
    party: str,
    on: dt.date,
    *,
    note: str = "",
    department: SchoolDepartment | None = None,
) -> VoiceItemEvent:
    """Append a step to the item's timeline (inside the caller's transaction)."""
    return VoiceItemEvent.objects.create(
        item=item,
        kind=kind,
        party=party,
        occurred_on=on,
        actor_user_id=actor.user_id,
        department=department,
        round=item.round,
        note=note,
    )


def lock_item(item: VoiceItem) -> VoiceItem:
    return (
        VoiceItem.objects.select_for_update(of=("self",))
        .select_related("node", "department", "person")
        .get(pk=item.pk)
    )


def _filing_party(actor: Actor, person: Person) -> str:
    if actor.is_system:
        return Party.SYSTEM
    if actor.person_id == person.pk:
        return Party.FILER
    return Party.OFFICE if access.can(actor, P.MANAGE_ITEM, person) else Party.BRANCH


def voice_item_file(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    category: str,
    title: str,
    text: str,
    is_anonymous_to_department: bool = False,
    filed_on: dt.date | None = None,
) -> VoiceItem:
    """File a suggestion or request for ``person``: themself, or (a liaison, branch chair or
    the office) a staff member of their subtree.

    Rules: the person is on the staff; kind and category are from the lists; title and
    details are given. The item starts ``submitted`` in the person's branch. Audited.
    """
    access.require(actor, P.FILE_ITEM, person)
    title, text = check_content(kind, category, title, text)
    day = step_day(filed_on, field="filed_on")
    check_eligible(person)
    with transaction.atomic(durable=True):
        item = VoiceItem(
            kind=kind,
            category=category,
            title=title,
            text=text,
            person=person,
            node_id=person.node_id,
            filed_on=day,
            filed_by_id=actor.user_id,
            is_anonymous_to_department=bool(is_anonymous_to_department),
        )
        item.save(force_insert=True)
        add_event(actor, item, EventKind.FILED, _filing_party(actor, person), day)
        audit.record(
            actor=actor,
            event=events.ITEM_FILED,
            target=item,
            changes={"kind": kind, "category": category, "person": person.pk},
            node_path=person.node.path,
        )
    return item


def voice_item_file_within(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    category: str,
    title: str,
    text: str,
    filed_on: dt.date,
    department: SchoolDepartment | None = None,
    due_on: dt.date | None = None,
    note: str = "",
) -> VoiceItem:
    """File an item for ``person`` inside the caller's transaction and, with ``department``,
    accept it and pass it on at once (building block for another app's service).

    The proposals app uses it for late proposals (filed for the proposer, left for the office
    to route) and for proposals the committee forwards as suggestions (routed at once). The
    caller has decided who may do this: no permission check here. Same rules, timeline rows
    and audit events as ``voice_item_file``, ``voice_item_accept`` and ``voice_item_route``.
    """
    title, text = check_content(kind, category, title, text)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    check_eligible(person)
    with transaction.atomic(savepoint=False):
        item = VoiceItem(
            kind=kind,
            category=category,
            title=title,
            text=text,
            person=person,
            node_id=person.node_id,
            filed_on=filed_on,
            filed_by_id=actor.user_id,
        )
        item.save(force_insert=True)
        party = Party.FILER if actor.person_id == person.pk else Party.SYSTEM
        add_event(actor, item, EventKind.FILED, party, filed_on)
        audit.record(
            actor=actor,
            event=events.ITEM_FILED,
            target=item,
            changes={"kind": kind, "category": category, "person": person.pk},
            node_path=person.node.path,
        )
        if department is None:
            return item
        item = lock_item(item)
        item.status = ItemStatus.ACCEPTED
        item.save(update_fields=["status", "updated_at"])
        add_event(actor, item, EventKind.ACCEPTED, Party.OFFICE, filed_on, note=note)
        audit.record(
            actor=actor,
            event=events.ITEM_ACCEPTED,
            target=item,
            changes={"status": [ItemStatus.SUBMITTED, ItemStatus.ACCEPTED]},
            node_path=item.node.path,
        )
        return route_locked(
            actor=actor, item=item, department=department, due_on=due_on, on=filed_on
        )


def voice_item_withdraw(*, actor: Actor, item: VoiceItem, on: dt.date | None = None) -> VoiceItem:
    """Withdraw an item before the office has taken it up (the filer, or who entered it)."""
    if not (
        actor.is_system
        or (actor.person_id is not None and actor.person_id == item.person_id)
        or (actor.user_id is not None and actor.user_id == item.filed_by_id)
    ):
        raise Forbidden() if item_queries.can_see_item(actor, item) else NotFound()
    with transaction.atomic(durable=True):
        item = lock_item(item)
        check_transition(item.status, ItemStatus.WITHDRAWN, ITEM_TRANSITIONS, ItemStatus)
        day = step_day(on, not_before=item.filed_on)
        item.status = ItemStatus.WITHDRAWN
        item.closed_on = day
        item.save(update_fields=["status", "closed_on", "updated_at"])
        party = Party.FILER if actor.person_id == item.person_id else Party.BRANCH
        add_event(actor, item, EventKind.WITHDRAWN, Party.SYSTEM if actor.is_system else party, day)
        audit.record(
            actor=actor,
            event=events.ITEM_WITHDRAWN,
            target=item,
            changes={"status": [ItemStatus.SUBMITTED, ItemStatus.WITHDRAWN]},
            node_path=item.node.path,
        )
    return item


def voice_item_accept(
    *,
    actor: Actor,
    item: VoiceItem,
    department: SchoolDepartment | None = None,
    due_on: dt.date | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> VoiceItem:
    """The office takes a submitted item up, and with ``department`` passes it on at once.

    Audited; the timeline gets "accepted" (and "passed on").
    """
    access.require(actor, P.MANAGE_ITEM, item)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    with transaction.atomic(durable=True):
        item = lock_item(item)
        check_transition(item.status, ItemStatus.ACCEPTED, ITEM_TRANSITIONS, ItemStatus)
        day = step_day(on, not_before=item.filed_on)
        item.status = ItemStatus.ACCEPTED
        item.save(update_fields=["status", "updated_at"])
        add_event(actor, item, EventKind.ACCEPTED, Party.OFFICE, day, note=note)
        audit.record(
            actor=actor,
            event=events.ITEM_ACCEPTED,
            target=item,
            changes={"status": [ItemStatus.SUBMITTED, ItemStatus.ACCEPTED]},
            node_path=item.node.path,
        )
        if department is not None:
            route_locked(actor=actor, item=item, department=department, due_on=due_on, on=day)
    return item


def voice_item_decline(
    *, actor: Actor, item: VoiceItem, reason: str, on: dt.date | None = None
) -> VoiceItem:
    """The office declines a submitted item; the reason is shown to the filer. Audited."""
    access.require(actor, P.MANAGE_ITEM, item)
    reason = clean_text(reason, field="reason", max_length=NOTE_MAX_LENGTH)
    with transaction.atomic(durable=True):
        item = lock_item(item)
        check_transition(item.status, ItemStatus.DECLINED, ITEM_TRANSITIONS, ItemStatus)
        day = step_day(on, not_before=item.filed_on)
        item.status, item.decline_reason, item.closed_on = ItemStatus.DECLINED, reason, day
        item.save(update_fields=["status", "decline_reason", "closed_on", "updated_at"])
        add_event(actor, item, EventKind.DECLINED, Party.OFFICE, day, note=reason)
        audit.record(
            actor=actor,
            event=events.ITEM_DECLINED,
            target=item,
            changes={"status": [ItemStatus.SUBMITTED, ItemStatus.DECLINED], "reason": reason},
            node_path=item.node.path,
        )
        notices.item_declined(item)
    return item


def route_locked(
    *,
    actor: Actor,
    item: VoiceItem,
    department: SchoolDepartment,
    due_on: dt.date | None,
    on: dt.date,
    note: str = "",
) -> VoiceItem:
    """Pass a locked item on to ``department`` (building block; the caller checked access).

    Rules: the department is active and of the item's school; the deadline defaults to
    ``TONGXIN_VOICE_REPLY_DAYS`` after ``on`` and cannot be before it. Locks the department
    row, so it cannot be taken out of use meanwhile.
    """
    # Only the office routes, and only what waits for a reply; replied → routed is the
    # filer's reopening (``voice_item_rate``), not an office step.
    require_status(item.status, [ItemStatus.ACCEPTED, ItemStatus.ROUTED], ItemStatus)
    with transaction.atomic(savepoint=False):
        department = SchoolDepartment.objects.select_for_update().get(pk=department.pk)
        if not department.is_active:
            raise ValidationFailed(
                _("This department is no longer in use."),
                code=VoiceErrorCode.DEPARTMENT_INACTIVE,
                field="department",
            )
        if department.school_id != item.node.school_id:
            raise ValidationFailed(
                _("Choose a department of the item's own school."),
                code=VoiceErrorCode.DEPARTMENT_NOT_IN_SCHOOL,
                field="department",
            )
        due = due_on or on + dt.timedelta(days=settings.TONGXIN_VOICE_REPLY_DAYS)
        if due < on:
            raise ValidationFailed(
                _("The reply deadline cannot be before the day it is passed on."),
                code=VoiceErrorCode.DUE_BEFORE_ROUTED,
                field="due_on",
            )
        before = {"status": item.status, "department": item.department_id, "due_on": item.due_on}
        item.status, item.department, item.routed_on, item.due_on = (
            ItemStatus.ROUTED,
            department,
            on,
            due,
        )
        item.save(update_fields=["status", "department", "routed_on", "due_on", "updated_at"])
        add_event(actor, item, EventKind.ROUTED, Party.OFFICE, on, note=note, department=department)
        audit.record(
            actor=actor,
            event=events.ITEM_ROUTED,
            target=item,
            changes=audit.diff(
                before, {"status": item.status, "department": department.pk, "due_on": due}
            ),
            node_path=item.node.path,
        )
        notices.item_routed(item, department)
    return item


def voice_item_route(
    *,
    actor: Actor,
    item: VoiceItem,
    department: SchoolDepartment,
    due_on: dt.date | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> VoiceItem:
    """The office passes an accepted item on to a department, or moves a routed one to another
    department (or gives it a new deadline). Audited."""
    access.require(actor, P.MANAGE_ITEM, item)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    with transaction.atomic(durable=True):
        item = lock_item(item)
        day = step_day(on, not_before=item.routed_on or item.filed_on)
        return route_locked(
            actor=actor, item=item, department=department, due_on=due_on, on=day, note=note
        )


def department_owes_replies(department: SchoolDepartment) -> tuple[str, str] | None:
    """Guard for ``orgs``: a department cannot leave use while items wait for its reply."""
    count = VoiceItem.objects.filter(department=department, status=ItemStatus.ROUTED).count()
    if count:
        return (
            VoiceErrorCode.DEPARTMENT_OWES_REPLIES,
            _("%(count)d requests still wait for this department's reply; pass them on first.")
            % {"count": count},
        )
    return None
