"""Exports for the union office: the rows the office may export, each export audited (the
files carry staff and children's names)."""

from django.db import transaction

from tongxin.core import audit
from tongxin.core.errors import Forbidden
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..models import InsurancePolicy, InsuredPerson
from ..permissions import StaffServicesPermission as P
from ..queries import school_place_list
from ..spreadsheets import roster_workbook, school_places_workbook


def insured_roster_export(*, actor: Actor, policy: InsurancePolicy) -> bytes:
    """An .xlsx of the policy's roster (the office). Audited with the count."""
    access.require(actor, P.EXPORT_INSURED, policy)
    rows = list(
        access.scope(
            InsuredPerson.objects.filter(policy=policy).select_related("person", "node"),
            actor,
            P.EXPORT_INSURED,
        ).order_by("node__path", "person__staff_number")
    )
    data = roster_workbook(rows)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.ROSTER_EXPORTED,
            target=policy,
            changes={"count": len(rows)},
            node_path=policy.node.path,
        )
    return data


def school_place_export(*, actor: Actor, year: int | None = None, status: str = "") -> bytes:
    """The list for the town's education bureau: the year's applications the office sees
    (child, parent, branch, stage, wished school). Audited with the count and filters."""
    from tongxin.orgs import queries as orgs_queries

    school = orgs_queries.school_for(actor=actor, permission=P.EXPORT_SCHOOL_PLACE)
    if school is None:
        raise Forbidden()
    rows = list(
        school_place_list(
            actor=actor, year=year, status=status, permission=P.EXPORT_SCHOOL_PLACE
        ).order_by("stage", "node__path", "submitted_on", "id")
    )
    data = school_places_workbook(rows)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.PLACES_EXPORTED,
            target=school,
            changes={"count": len(rows), "year": year, "status": status},
            node_path=school.path,
        )
    return data
