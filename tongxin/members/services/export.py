"""Exporting the people list to Excel, and the blank roster template.

An export is a disclosure of personal data, so every export is audited with its filters and
size. ID numbers leave masked unless the exporter may export them (the union office) and gives
a reason; such an export is also marked as a sensitive read (PIPL, GB/T 35273 annex B).
"""

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Forbidden, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..data.roster_headers import EXPORT_FILE_STEM, TEMPLATE_FILE_STEM
from ..models import Person
from ..permissions import MembersPermission
from ..queries import PersonFilters, person_list
from ..roster.export import people_workbook, template_workbook

P = MembersPermission
MIN_REASON_LENGTH = 4
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename() -> str:
    return f"{EXPORT_FILE_STEM}-{timezone.localdate():%Y%m%d}.xlsx"


def template_filename() -> str:
    return f"{TEMPLATE_FILE_STEM}.xlsx"


def _anchor(actor: Actor, filters: PersonFilters) -> OrgNode:
    """The node the export is filed under in the audit trail: the filtered branch, or the
    root of the actor's export scope."""
    if filters.node_id:
        node = OrgNode.objects.filter(pk=filters.node_id).first()
        if node is not None and access.can_at(actor, P.EXPORT_PERSON, node.path):
            return node
    roots = access.grant_paths(actor, P.EXPORT_PERSON)
    node = OrgNode.objects.filter(path__in=roots[:1]).first() if roots else None
    if node is None:
        node = OrgNode.objects.filter(parent__isnull=True).order_by("path").first()
    if node is None:
        raise Forbidden()
    return node


def person_export_xlsx(
    *,
    actor: Actor,
    filters: PersonFilters | None = None,
    include_id_numbers: bool = False,
    reason: str = "",
) -> bytes:
    """Export the people the actor may export, filtered as the people page filters them.

    Needs ``members.export_person`` (rows are limited to its scope: a branch chair exports
    their branch). Clear ID numbers need ``members.export_id_number`` and a reason; rows
    outside that permission's scope stay masked. Wage bases appear only where the actor may
    see dues. Audit: ``person.exported`` with the filters, row count, ID mode and reason.
    """
    filters = filters or PersonFilters()
    if not access.can_somewhere(actor, P.EXPORT_PERSON):
        raise Forbidden()
    reason = " ".join(reason.split())
    if include_id_numbers:
        if not access.can_somewhere(actor, P.EXPORT_ID_NUMBER):
            raise Forbidden(_("You may not export ID numbers."))
        if len(reason) < MIN_REASON_LENGTH:
            raise ValidationFailed(
                _("Say why the ID numbers are needed (at least %(count)d characters).")
                % {"count": MIN_REASON_LENGTH},
                field="reason",
            )
    people = person_list(actor=actor, filters=filters, permission=P.EXPORT_PERSON)
    people = people.select_related("node__parent")
    if not include_id_numbers:
        people = people.defer("id_number")

    def id_number_for(person: Person) -> str:
        if include_id_numbers and access.can(actor, P.EXPORT_ID_NUMBER, person):
            return person.id_number
        return person.id_number_masked

    content, count = people_workbook(
        people.iterator(chunk_size=2000),
        id_number_for=id_number_for,
        wage_visible=lambda person: access.can(actor, P.VIEW_DUES, person),
    )
    anchor = _anchor(actor, filters)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.PEOPLE_EXPORTED,
            target=anchor,
            changes={
                "filters": {k: v for k, v in dataclasses.asdict(filters).items() if v},
                "rows": count,
                "id_numbers": "clear" if include_id_numbers else "masked",
                "reason": reason,
            },
            node_path=anchor.path,
            is_sensitive_read=include_id_numbers,
        )
    return content


def roster_template_xlsx(*, actor: Actor) -> bytes:
    """The blank import template, its example row naming a real branch of the actor's school."""
    if not access.can_somewhere(actor, P.IMPORT_ROSTER):
        raise Forbidden()
    school = orgs_queries.school_for(actor=actor, permission=P.IMPORT_ROSTER)
    branch = None
    if school is not None:
        branch = (
            OrgNode.objects.filter(parent=school, is_archived=False)
            .order_by("sort_order", "path")
            .values_list("name", flat=True)
            .first()
        )
    return template_workbook(branch)
