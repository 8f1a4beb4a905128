"""The care visits workbook (.xlsx): name, branch, kind, amount, dates, status. No diagnosis,
no attachment, nothing of the health details."""

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Forbidden
from tongxin.core.spreadsheets import workbook
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from . import events, queries
from .permissions import CarePermission

MAX_ROWS = 20_000


def visits_xlsx(*, actor: Actor, filters: queries.VisitFilters) -> bytes:
    """Export the visits the actor may see (``care.export_visit``); the export is audited."""
    if not access.holds_somewhere(actor, CarePermission.EXPORT_VISIT):
        raise Forbidden()
    visits = list(queries.visit_list(actor=actor, filters=filters)[:MAX_ROWS])
    headers = [
        _("Name"),
        _("Staff number"),
        _("Branch"),
        _("Kind"),
        _("Amount (yuan)"),
        _("Paid as"),
        _("Event date"),
        _("Filed on"),
        _("Paid on"),
        _("Status"),
    ]
    content = workbook(
        _("Care visits"),
        headers,
        (
            [
                visit.person.name,
                visit.person.staff_number,
                visit.node.name,
                visit.get_kind_display(),
                visit.amount_fen,
                visit.get_payment_form_display(),
                visit.event_on,
                visit.filed_on,
                visit.paid_on,
                visit.get_status_display(),
            ]
            for visit in visits
        ),
        money=[4],
    )
    if visits:  # an empty workbook discloses nothing
        with transaction.atomic(durable=True):
            audit.record(
                actor=actor,
                event=events.VISITS_EXPORTED,
                target=visits[0],
                changes={"rows": len(visits), "filters": dict(filters.__dict__)},
                node_path=visits[0].school.path if len(visits) > 1 else visits[0].node.path,
            )
    return content
