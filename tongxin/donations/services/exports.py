"""The .xlsx export of donations: the office gets every branch, a branch its own (audited)."""

from django.utils import timezone

from tongxin.core import audit
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..models import Campaign, Donation
from ..permissions import DonationsPermission
from ..spreadsheets import donations_workbook

P = DonationsPermission


def donation_export(*, actor: Actor, campaign: Campaign) -> tuple[str, bytes]:
    """The donations of ``campaign`` the actor may export, as ``(filename, xlsx bytes)``.

    Rows are narrowed by ``export_donation`` (a liaison's file holds their branch only); the
    export is audited with the row count, as it carries names and amounts.
    """
    if not access.holds_somewhere(actor, P.EXPORT_DONATION):
        access.require(actor, P.EXPORT_DONATION, campaign)
    qs = access.scope(
        Donation.objects.filter(campaign=campaign).select_related("campaign", "person", "node"),
        actor,
        P.EXPORT_DONATION,
    ).order_by("node__path", "receipt_seq", "id")
    rows = list(qs)
    content = donations_workbook(rows)
    audit.record(
        actor=actor,
        event=events.DONATIONS_EXPORTED,
        target=campaign,
        changes={"rows": len(rows)},
        node_path=campaign.organiser.path,
    )
    filename = f"donations-{campaign.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return filename, content
