"""Reads of roster imports, scoped by ``members.import_roster`` (the union office)."""

from typing import Any

from django.db.models import QuerySet

from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from ..models import RosterImport
from ..permissions import MembersPermission
from .plan import ERROR

P = MembersPermission


def roster_import_get(*, actor: Actor, pk: int | str) -> RosterImport:
    """One import job; missing and out of scope both raise NotFound. The stored file is not
    loaded (it is only read, and decrypted, by the apply service)."""
    return access.get_scoped(
        RosterImport.objects.select_related("school").defer("file_content"),
        actor,
        P.IMPORT_ROSTER,
        pk=pk,
    )


def roster_import_list(*, actor: Actor, limit: int = 10) -> QuerySet[RosterImport]:
    """The latest import jobs the actor may see, without their files and row details."""
    qs = access.scope(RosterImport.objects.all(), actor, P.IMPORT_ROSTER)
    return qs.defer("file_content", "rows").order_by("-created_at", "-id")[:limit]


def roster_import_rows(roster_import: RosterImport, *, status: str = "") -> list[dict[str, Any]]:
    """The previewed rows, errors first, then in file order; optionally one status only."""
    rows = [row for row in roster_import.rows if not status or row["status"] == status]
    return sorted(rows, key=lambda row: (row["status"] != ERROR, row["row"]))
