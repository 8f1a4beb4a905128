"""Donations over HTTP: the same services and queries as the pages, one error shape."""

from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.errors import NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries

from . import queries, services
from .permissions import DonationsPermission
from .schemas import (
    BranchTotalOut,
    BulkIn,
    BulkOut,
    CampaignIn,
    CampaignOut,
    DonationBatchOut,
    DonationConfirmIn,
    DonationIn,
    DonationOut,
    HandOverIn,
    RejectIn,
    RollEntryOut,
)
from .services.bulk import BulkPlan
from .spreadsheets import read_row

P = DonationsPermission
router = Router(tags=["donations"])


def _person(request: ActorRequest, pk: int, permission: str) -> Person:
    return access.get_scoped(
        Person.objects.select_related("node"), request.actor, permission, pk=pk
    )


# Campaigns ------------------------------------------------------------------------------------


@router.get("/campaigns", response=list[CampaignOut], operation_id="donation_campaign_list")
@paginate(Pagination)
def campaign_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    return queries.campaign_list(actor=request.actor, status=status)


@router.post("/campaigns", response={201: CampaignOut}, operation_id="donation_campaign_create")
def campaign_create(request: ActorRequest, payload: CampaignIn):  # type: ignore[no-untyped-def]
    school = orgs_queries.school_for(actor=request.actor, permission=P.MANAGE_CAMPAIGN)
    if school is None:
        raise NotFound()
    campaign = services.campaign_create(
        actor=request.actor,
        organiser=school,
        title=payload.title,
        recipient=payload.recipient,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        target_fen=payload.target_fen,
        description=payload.description,
    )
    return Status(201, queries.campaign_get(actor=request.actor, pk=campaign.pk))


@router.get("/campaigns/{pk}", response=CampaignOut, operation_id="donation_campaign_get")
def campaign_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.campaign_get(actor=request.actor, pk=pk)


def _transition(request: ActorRequest, pk: int, service) -> object:  # type: ignore[no-untyped-def]
    campaign = queries.campaign_get(actor=request.actor, pk=pk)
    service(actor=request.actor, campaign=campaign)
    return queries.campaign_get(actor=request.actor, pk=pk)


@router.post("/campaigns/{pk}/open", response=CampaignOut, operation_id="donation_campaign_open")
def campaign_open(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _transition(request, pk, services.campaign_open)


@router.post("/campaigns/{pk}/close", response=CampaignOut, operation_id="donation_campaign_close")
def campaign_close(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _transition(request, pk, services.campaign_close)


@router.post(
    "/campaigns/{pk}/hand-over",
    response=CampaignOut,
    operation_id="donation_campaign_hand_over",
)
def campaign_hand_over(request: ActorRequest, pk: Id, payload: HandOverIn):  # type: ignore[no-untyped-def]
    campaign = queries.campaign_get(actor=request.actor, pk=pk)
    services.campaign_hand_over(
        actor=request.actor,
        campaign=campaign,
        amount_fen=payload.amount_fen,
        handed_over_on=payload.handed_over_on,
        recipient_receipt=payload.recipient_receipt,
        note=payload.note,
    )
    return queries.campaign_get(actor=request.actor, pk=pk)


@router.get(
    "/campaigns/{pk}/branch-totals",
    response=list[BranchTotalOut],
    operation_id="donation_branch_totals",
)
def branch_totals(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    campaign = queries.campaign_get(actor=request.actor, pk=pk)
    return queries.branch_totals(actor=request.actor, campaign=campaign)


@router.get(
    "/campaigns/{pk}/honour-roll",
    response=list[RollEntryOut],
    operation_id="donation_honour_roll",
)
def honour_roll(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    campaign = queries.campaign_get(actor=request.actor, pk=pk)
    return queries.honour_roll(campaign=campaign)


# Donations ------------------------------------------------------------------------------------


@router.get("/campaigns/{pk}/donations", response=list[DonationOut], operation_id="donation_list")
@paginate(Pagination)
def donation_list(request: ActorRequest, pk: Id, status: str = ""):  # type: ignore[no-untyped-def]
    campaign = queries.campaign_get(actor=request.actor, pk=pk)
    return queries.donation_list(actor=request.actor, campaign=campaign, status=status)


@router.get("/donations/mine", response=list[DonationOut], operation_id="donation_mine")
@paginate(Pagination)
def donation_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.donation_mine(actor=request.actor)


@router.get("/donations/{pk}", response=DonationOut, operation_id="donation_get")
def donation_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.donation_get(actor=request.actor, pk=pk)


@router.post(
    "/campaigns/{pk}/donations",
    response={201: DonationOut},
    operation_id="donation_create",
)
def donation_create(request: ActorRequest, pk: Id, payload: DonationIn):  # type: ignore[no-untyped-def]
    """A liaison or the office records a donation (confirmed at once); a member recording
    their own is a report (pending until confirmed)."""
    actor = request.actor
    campaign = queries.campaign_get(actor=actor, pk=pk)
    own = payload.person_id == actor.person_id and not access.can_somewhere(
        actor, P.RECORD_DONATION
    )
    service = services.donation_report if own else services.donation_record
    person = _person(request, payload.person_id, P.REPORT_DONATION if own else P.RECORD_DONATION)
    donation = service(
        actor=actor,
        campaign=campaign,
        person=person,
        amount_fen=payload.amount_fen,
        donated_on=payload.donated_on,
        channel=payload.channel,
        is_anonymous=payload.is_anonymous,
        note=payload.note,
    )
    return Status(201, queries.donation_get(actor=actor, pk=donation.pk))


def _plan_out(plan: BulkPlan, *, dry_run: bool, batch_id: int | None = None) -> dict:
    return {
        "dry_run": dry_run,
        "create_count": plan.create_count,
        "error_count": plan.error_count,
        "total_fen": plan.total_fen,
        "batch_id": batch_id,
        "rows": [
            {
                "row": row.number,
                "status": row.status,
                "staff_number": row.staff_number,
                "name": row.name,
                "amount_fen": row.amount_fen,
                "donated_on": row.donated_on,
                "errors": row.errors,
            }
            for row in plan.rows
        ],
    }


@router.post("/campaigns/{pk}/donations/bulk", response=BulkOut, operation_id="donation_bulk")
def donation_bulk(request: ActorRequest, pk: Id, payload: BulkIn):  # type: ignore[no-untyped-def]
    """Bulk entry for one branch: ``dry_run`` (the default) lists each row's result; with
    ``dry_run: false`` all rows are entered in one batch, or none (``import_has_errors``)."""
    actor = request.actor
    campaign = queries.campaign_get(actor=actor, pk=pk)
    node = orgs_queries.node_get(actor=actor, pk=payload.node_id)
    rows = [
        read_row(
            row.row,
            {
                "staff_number": row.staff_number,
                "name": row.name,
                "amount": row.amount,
                "donated_on": row.donated_on,
                "channel": row.channel,
                "anonymous": row.anonymous,
            },
        )
        for row in payload.rows
    ]
    plan = services.donation_bulk_plan(actor=actor, campaign=campaign, node=node, rows=rows)
    if payload.dry_run:
        return _plan_out(plan, dry_run=True)
    batch = services.donation_bulk_apply(actor=actor, campaign=campaign, node=node, rows=rows)
    return _plan_out(plan, dry_run=False, batch_id=batch.pk)


@router.post(
    "/campaigns/{pk}/donations/confirm",
    response=DonationBatchOut,
    operation_id="donation_confirm",
)
def donation_confirm(request: ActorRequest, pk: Id, payload: DonationConfirmIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    campaign = queries.campaign_get(actor=actor, pk=pk)
    chosen = list(
        queries.donation_list(actor=actor, campaign=campaign).filter(pk__in=payload.donation_ids)
    )
    if len(chosen) != len(set(payload.donation_ids)):
        raise NotFound()
    return services.donation_confirm(actor=actor, donations=chosen)


@router.post("/donations/{pk}/reject", response=DonationOut, operation_id="donation_reject")
def donation_reject(request: ActorRequest, pk: Id, payload: RejectIn):  # type: ignore[no-untyped-def]
    donation = queries.donation_get(actor=request.actor, pk=pk)
    services.donation_reject(actor=request.actor, donation=donation, reason=payload.reason)
    return queries.donation_get(actor=request.actor, pk=pk)


@router.post("/donations/{pk}/cancel", response=DonationOut, operation_id="donation_cancel")
def donation_cancel(request: ActorRequest, pk: Id, payload: RejectIn):  # type: ignore[no-untyped-def]
    """Cancel a confirmed donation entered in error: the money is refunded (pass-through out)
    and the receipt number voided."""
    donation = queries.donation_get(actor=request.actor, pk=pk)
    services.donation_cancel(actor=request.actor, donation=donation, reason=payload.reason)
    return queries.donation_get(actor=request.actor, pk=pk)
