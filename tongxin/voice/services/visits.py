"""Grassroots visits: the union chair (or another officer) visits a branch; what the branch
raised becomes suggestions and requests tracked like any other, linked to the visit."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import EventKind, ItemStatus, Party
from ..errors import VoiceErrorCode
from ..models import GrassrootsVisit, VoiceItem
from ..permissions import VoicePermission
from .common import clean_text, step_day
from .items import add_event, check_content

P = VoicePermission
SUMMARY_MAX_LENGTH = 4000
PARTICIPANTS_MAX_LENGTH = 300


@dataclass(frozen=True)
class RaisedItem:
    """A matter raised during a visit; ``person`` is who raised it (empty: the branch)."""

    kind: str
    category: str
    title: str
    text: str
    person: Person | None = None
    is_anonymous_to_department: bool = False


def _check_people(node: OrgNode, lead: Person, visitors: Iterable[Person]) -> list[Person]:
    people = [lead, *visitors]
    if any(person.school_id != node.school_id for person in people):
        raise ValidationFailed(
            _("Visitors must be staff of the same school."),
            code=VoiceErrorCode.PERSON_NOT_IN_SCHOOL,
            field="visitors",
        )
    return [person for person in visitors if person.pk != lead.pk]


def _check_raised(node: OrgNode, raised: Sequence[RaisedItem]) -> list[tuple[RaisedItem, str, str]]:
    checked = []
    for number, entry in enumerate(raised, 1):
        try:
            title, text = check_content(entry.kind, entry.category, entry.title, entry.text)
        except DomainError as error:
            raise ValidationFailed(
                _("Raised item %(number)d: %(reason)s")
                % {"number": number, "reason": error.message},
                code=error.code,
                field=f"raised.{number - 1}.{error.field}",
            ) from None
        if entry.person is not None and not entry.person.node.path.startswith(node.path):
            raise ValidationFailed(
                _("Raised item %(number)d: %(name)s is not in the branch visited.")
                % {"number": number, "name": entry.person.name},
                code=VoiceErrorCode.PERSON_NOT_IN_BRANCH,
                field=f"raised.{number - 1}.person",
            )
        checked.append((entry, title, text))
    return checked


def grassroots_visit_record(
    *,
    actor: Actor,
    node: OrgNode,
    lead: Person,
    summary: str,
    visited_on: dt.date | None = None,
    visitors: Sequence[Person] = (),
    participants: str = "",
    raised: Sequence[RaisedItem] = (),
) -> GrassrootsVisit:
    """Record a visit to ``node`` (a branch or group) and, atomically, the items it raised.

    Rules: the visit is on or before today; the visitors are staff of the school; whoever
    raised an item belongs to the branch visited. Raised items start ``accepted`` (the office
    heard them in person) with a "raised during a grassroots visit" step. Audited: the visit
    and each item.
    """
    access.require_at(actor, P.RECORD_VISIT, node)
    if node.kind not in (OrgNodeKind.BRANCH, OrgNodeKind.GROUP):
        raise ValidationFailed(
            _("Choose the branch that was visited."), code=VoiceErrorCode.NOT_A_BRANCH, field="node"
        )
    summary = clean_text(summary, field="summary", max_length=SUMMARY_MAX_LENGTH)
    participants = clean_text(
        participants, field="participants", max_length=PARTICIPANTS_MAX_LENGTH, required=False
    )
    day = step_day(visited_on, field="visited_on")
    others = _check_people(node, lead, visitors)
    checked = _check_raised(node, raised)
    with transaction.atomic(durable=True):
        visit = GrassrootsVisit(
            node=node,
            visited_on=day,
            lead=lead,
            participants=participants,
            summary=summary,
            recorded_by_id=actor.user_id,
        )
        visit.save(force_insert=True)
        visit.visitors.set(others)
        items = []
        for entry, title, text in checked:
            item = VoiceItem(
                kind=entry.kind,
                category=entry.category,
                title=title,
                text=text,
                person=entry.person,
                node_id=entry.person.node_id if entry.person else node.pk,
                filed_on=day,
                filed_by_id=actor.user_id,
                visit=visit,
                is_anonymous_to_department=entry.is_anonymous_to_department,
                status=ItemStatus.ACCEPTED,
            )
            item.save(force_insert=True)
            add_event(actor, item, EventKind.RAISED_AT_VISIT, Party.OFFICE, day)
            items.append(item)
        audit.record(
            actor=actor,
            event=events.VISIT_RECORDED,
            target=visit,
            changes={
                "node": node.pk,
                "visited_on": day,
                "lead": lead.pk,
                "visitors": [p.pk for p in others],
                "item_ids": [item.pk for item in items],
            },
            node_path=node.path,
        )
        audit.record_many(
            actor=actor,
            event=events.ITEM_RAISED_AT_VISIT,
            items=[(item, {"visit": visit.pk, "kind": item.kind}, node.path) for item in items],
        )
    return visit
