"""The pickup list of one branch for one batch, as a workbook; the export is audited."""

from django.db import transaction

from tongxin.core import audit
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..models import BenefitBatch, BenefitReceipt
from ..permissions import BenefitsPermission
from ..spreadsheets import pickup_workbook

P = BenefitsPermission


def pickup_list_export(*, actor: Actor, batch: BenefitBatch, branch: OrgNode) -> bytes:
    """An .xlsx of ``branch``'s receipts of ``batch`` (staff number, name, signed by, time).

    Rule: the actor holds the export permission on the branch (its liaison and chair, the
    office, finance and audit). The file names people, so the export is audited.
    """
    access.require_at(actor, P.EXPORT_PICKUP, branch)
    receipts = list(
        access.scope(
            BenefitReceipt.objects.filter(batch=batch, branch=branch).select_related(
                "person", "node", "signed_by"
            ),
            actor,
            P.EXPORT_PICKUP,
        ).order_by("node__path", "person__staff_number", "pk")
    )
    data = pickup_workbook(batch, branch.name, receipts)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.PICKUP_EXPORTED,
            target=batch,
            changes={"branch": branch.pk, "count": len(receipts)},
            node_path=branch.path,
        )
    return data
