"""The club's workbook of members and attendance."""

from django.db import transaction

from tongxin.core import audit
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..models import Club
from ..permissions import ClubsPermission as P
from .common import is_leader


def club_export(*, actor: Actor, club: Club) -> bytes:
    """The .xlsx of a club's members (every stretch, with sessions attended) and sessions.

    Who: readers of the club's node allowed to export, and the club's leaders. Personal data
    leaves the system, so the export is audited.
    """
    if not is_leader(actor, club):
        access.require(actor, P.EXPORT_CLUB, club)
    from .. import queries
    from ..spreadsheets import club_workbook

    memberships = list(queries.membership_list(club, current=False))
    data = club_workbook(
        club,
        memberships,
        queries.attended_by_person(club),
        list(queries.session_list(club)),
    )
    with transaction.atomic():
        audit.record(
            actor=actor,
            event=events.CLUB_EXPORTED,
            target=club,
            changes={"rows": len(memberships)},
            node_path=club.node.path,
        )
    return data
