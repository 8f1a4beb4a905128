"""Officer terms on org nodes, with the matching role granted for the term."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs import services as orgs_services
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode
from tongxin.orgs.permissions import ASSIGN_PERMISSION_FOR_ROLE, OrgsPermission

from .. import events
from ..choices import OfficerPosition
from ..errors import MembersErrorCode
from ..models import Officer, Person
from ..permissions import MembersPermission
from ..positions import role_for_position

__all__ = ["officer_appoint", "officer_end", "role_for_position"]

P = MembersPermission


def _user_id_for(person: Person) -> int | None:
    return (
        get_user_model()
        .objects.filter(person=person, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )


def officer_appoint(
    *,
    actor: Actor,
    node: OrgNode,
    person: Person,
    position: str,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Officer:
    """Appoint ``person`` to ``position`` on ``node`` for a term.

    If the person has an account, the position's role is granted on ``node`` for the term,
    which needs the same permission as assigning that role directly.
    """
    if position not in OfficerPosition.values:
        raise ValidationFailed(_("Unknown position."), field="position")
    access.require_at(actor, P.MANAGE_OFFICER, node)
    role = role_for_position(position, node)
    if role is not None:
        access.require_at(
            actor, ASSIGN_PERMISSION_FOR_ROLE.get(role, OrgsPermission.ASSIGN_ROLE), node
        )
    if person.school_id != node.school_id:
        raise ValidationFailed(
            _("The officer must be staff of this school."),
            code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
            field="person",
        )
    started_on = started_on or timezone.localdate()
    if ended_on is not None and ended_on < started_on:
        raise ValidationFailed(_("The term ends before it starts."), field="ended_on")
    duplicate = DomainError(
        _("%(name)s already holds this position here.") % {"name": person.name},
        code=MembersErrorCode.DUPLICATE_OFFICER,
        field="person",
    )
    with transaction.atomic(durable=True):
        if Officer.objects.filter(
            node=node, person=person, position=position, ended_on__isnull=True
        ).exists():
            raise duplicate
        user_id = _user_id_for(person)
        assignment = None
        if role is not None and user_id is not None:
            assignment = orgs_services.role_grant(
                actor=actor,
                user_id=user_id,
                role=role,
                node=node,
                starts_on=started_on,
                ends_on=ended_on,
            )
        officer = Officer(
            node=node,
            person=person,
            position=position,
            started_on=started_on,
            ended_on=ended_on,
            role_assignment=assignment,
        )
        try:
            with transaction.atomic():
                officer.save(force_insert=True)
        except IntegrityError:
            # A concurrent appointment of the same open term won the race.
            raise duplicate from None
        audit.record(
            actor=actor,
            event=events.OFFICER_APPOINTED,
            target=officer,
            changes={"person": person.pk, "position": position, "started_on": started_on},
            node_path=node.path,
        )
    return officer


def officer_end(*, actor: Actor, officer: Officer, ended_on: dt.date | None = None) -> Officer:
    """End an officer's term and the role it carried."""
    access.require(actor, P.MANAGE_OFFICER, officer)
    end = ended_on or timezone.localdate()
    with transaction.atomic(durable=True):
        officer = Officer.objects.select_for_update().select_related("node").get(pk=officer.pk)
        if officer.ended_on is not None and officer.ended_on <= end:
            return officer
        if end < officer.started_on:
            raise ValidationFailed(_("The term ends before it starts."), field="ended_on")
        old = officer.ended_on
        officer.ended_on = end
        officer.save(update_fields=["ended_on", "updated_at"])
        if officer.role_assignment is not None:
            orgs_services.role_end(actor=actor, assignment=officer.role_assignment, ends_on=end)
        audit.record(
            actor=actor,
            event=events.OFFICER_ENDED,
            target=officer,
            changes={"ended_on": [old, end]},
            node_path=officer.node.path,
        )
    return officer
