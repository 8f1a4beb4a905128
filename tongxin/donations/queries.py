"""Every read of donations, scoped by who may see what.

Campaigns hang on the school union node. Who sees one: whoever holds ``view_campaign`` there
(office, finance, audit); a liaison or branch chair whose branch lies in the organising school
(they enter its donations); and every member of the school once it has opened (the member
page and the honour roll). Donations are scoped by ``view_donation`` on the donor's branch, or
as the member's own.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import SEGMENT_WIDTH

from .choices import CampaignStatus, DonationStatus
from .models import Campaign, Donation
from .permissions import DonationsPermission

P = DonationsPermission
S = CampaignStatus


def _ancestor_paths(paths: list[str]) -> set[str]:
    return {
        root[:end] for root in paths for end in range(SEGMENT_WIDTH, len(root) + 1, SEGMENT_WIDTH)
    }


def campaign_visibility_q(actor: Actor) -> Q | None:
    """The campaigns ``actor`` may see (None: all). No query."""
    condition = access.scope_q(Campaign, actor, P.VIEW_CAMPAIGN)
    if condition is None:
        return None
    branch_roots = access.grant_paths(actor, P.RECORD_DONATION)
    if branch_roots:
        condition |= Q(organiser__path__in=sorted(_ancestor_paths(branch_roots)))
    if actor.person_id is not None:
        condition |= Q(
            organiser_id=Subquery(Person.objects.filter(pk=actor.person_id).values("school_id")[:1])
        ) & ~Q(status=S.DRAFT)
    return condition


def _campaigns(actor: Actor) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("organiser")
    condition = campaign_visibility_q(actor)
    return qs if condition is None else qs.filter(condition)


def _with_totals(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    confirmed = Q(donations__status=DonationStatus.CONFIRMED)
    return qs.annotate(
        collected_fen=Sum("donations__amount_fen", filter=confirmed, default=0),
        donor_count=Count("donations__person", filter=confirmed, distinct=True),
        pending_count=Count(
            "donations", filter=Q(donations__status=DonationStatus.PENDING), distinct=True
        ),
    )


def campaign_list(*, actor: Actor, status: str = "") -> QuerySet[Campaign]:
    """Campaigns the actor may see with collected total, donors and pending count (one query).

    For a branch-scoped actor the totals are the whole campaign's (its progress is public to
    the school); their branch's own figures come from ``branch_totals``."""
    qs = _campaigns(actor)
    if status in S.values:
        qs = qs.filter(status=status)
    return _with_totals(qs).order_by("-starts_on", "-id")


def campaign_open_list(*, actor: Actor) -> list[Campaign]:
    """Open campaigns the actor may give to (the member page)."""
    return list(_with_totals(_campaigns(actor).filter(status=S.OPEN)).order_by("ends_on", "id"))


def campaign_get(*, actor: Actor, pk: int | str) -> Campaign:
    """One campaign with its totals; missing and invisible both raise ``NotFound``."""
    try:
        return _with_totals(_campaigns(actor)).get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def can_manage(actor: Actor, campaign: Campaign) -> bool:
    return access.can(actor, P.MANAGE_CAMPAIGN, campaign)


@dataclass
class BranchTotal:
    node_id: int
    name: str
    donors: int
    count: int
    total_fen: int
    pending: int


def branch_totals(*, actor: Actor, campaign: Campaign) -> list[BranchTotal]:
    """Confirmed donors, donations and money per branch, for the branches the actor may see
    (the office: all; a liaison: their own). One query."""
    qs = access.scope(Donation.objects.filter(campaign=campaign), actor, P.VIEW_DONATION)
    rows = (
        qs.filter(status__in=[DonationStatus.CONFIRMED, DonationStatus.PENDING])
        .values("node_id", "node__name", "node__path")
        .annotate(
            donors=Count("person", filter=Q(status=DonationStatus.CONFIRMED), distinct=True),
            count=Count("id", filter=Q(status=DonationStatus.CONFIRMED)),
            total=Sum("amount_fen", filter=Q(status=DonationStatus.CONFIRMED), default=0),
            pending=Count("id", filter=Q(status=DonationStatus.PENDING)),
        )
        .order_by("node__path")
    )
    return [
        BranchTotal(
            node_id=row["node_id"],
            name=row["node__name"],
            donors=row["donors"],
            count=row["count"],
            total_fen=row["total"],
            pending=row["pending"],
        )
        for row in rows
    ]


def donation_list(
    *, actor: Actor, campaign: Campaign | None = None, status: str = "", node_id: int | None = None
) -> QuerySet[Donation]:
    """Donations the actor may see (office: all; liaison: their branch; member: their own)."""
    qs = access.scope(
        Donation.objects.select_related("campaign", "person", "node"), actor, P.VIEW_DONATION
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status in DonationStatus.values:
        qs = qs.filter(status=status)
    if node_id:
        qs = qs.filter(node_id=node_id)
    return qs.order_by("-donated_on", "-id")


def donation_mine(*, actor: Actor) -> QuerySet[Donation]:
    """The actor's own donations, newest first."""
    if actor.person_id is None:
        return Donation.objects.none()
    return (
        Donation.objects.select_related("campaign", "node", "person")
        .filter(person_id=actor.person_id)
        .order_by("-donated_on", "-id")
    )


def donation_get(*, actor: Actor, pk: int | str) -> Donation:
    return access.get_scoped(
        Donation.objects.select_related("campaign", "campaign__organiser", "person", "node"),
        actor,
        P.VIEW_DONATION,
        pk=pk,
    )


def pending_for(*, actor: Actor, campaign: Campaign) -> QuerySet[Donation]:
    """Members' reports the actor may confirm in ``campaign``."""
    return access.scope(
        Donation.objects.select_related("person", "node").filter(
            campaign=campaign, status=DonationStatus.PENDING
        ),
        actor,
        P.CONFIRM_DONATION,
    ).order_by("donated_on", "id")


@dataclass
class RollEntry:
    name: str
    branch: str
    total_fen: int
    is_anonymous: bool


def honour_roll(*, campaign: Campaign) -> list[RollEntry]:
    """Per-person totals of confirmed donations, largest first (one query).

    A donor who asked for anonymity on any of their gifts is listed under the anonymous label
    only: neither name nor branch leaves the query for them."""
    rows = (
        Donation.objects.filter(campaign=campaign, status=DonationStatus.CONFIRMED)
        .values("person_id", "person__name", "node__name")
        .annotate(
            total=Sum("amount_fen"),
            anonymous=Count("id", filter=Q(is_anonymous=True)),
        )
        .order_by("-total", "person__name_pinyin", "person_id")
    )
    label = _("A caring staff member")
    return [
        RollEntry(
            name=label if row["anonymous"] else row["person__name"],
            branch="" if row["anonymous"] else row["node__name"],
            total_fen=row["total"],
            is_anonymous=bool(row["anonymous"]),
        )
        for row in rows
    ]
