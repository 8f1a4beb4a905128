"""Holiday benefits over HTTP: the same services and queries as the pages, one error shape."""

from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.activities import queries as activities_queries
from tongxin.core.errors import Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.orgs import queries as orgs_queries

from . import queries, services
from .models import BenefitBatch
from .permissions import BenefitsPermission
from .schemas import (
    AddressIn,
    BatchDetailOut,
    BatchIn,
    BatchOut,
    BatchSignOffIn,
    ConfirmIn,
    MyReceiptOut,
    NoteIn,
    ReceiptOut,
    SheetIn,
    SheetOut,
    SignOffIn,
)

P = BenefitsPermission
router = Router(tags=["benefits"])


def _detail(request: ActorRequest, pk: int) -> BenefitBatch:
    batch = queries.batch_get(actor=request.actor, pk=pk)
    batch.progress = queries.batch_progress(actor=request.actor, batch=batch)  # type: ignore[attr-defined]
    batch.cap_exclusions = list(queries.exclusion_list(actor=request.actor, batch=batch))  # type: ignore[attr-defined]
    return batch


def _plan(request: ActorRequest, payload: BatchIn) -> services.BatchPlan:
    actor = request.actor
    activity = (
        activities_queries.activity_get(actor=actor, pk=payload.activity_id)
        if payload.activity_id
        else None
    )
    audience = (
        orgs_queries.node_get(actor=actor, pk=payload.audience_node_id)
        if payload.audience_node_id
        else None
    )
    return services.BatchPlan(
        title=payload.title,
        goods=payload.goods,
        unit_cost_fen=payload.unit_cost_fen,
        cutoff_on=payload.cutoff_on,
        distribute_on=payload.distribute_on,
        festival=payload.festival,
        activity=activity,
        supplier=payload.supplier,
        include_retirees=payload.include_retirees,
        audience_node=audience,
        note=payload.note,
    )


@router.get("/batches", response=list[BatchOut], operation_id="benefit_batch_list")
@paginate(Pagination)
def benefit_batch_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    return queries.batch_list(actor=request.actor, status=status[:20])


@router.get("/batches/{pk}", response=BatchDetailOut, operation_id="benefit_batch_get")
def benefit_batch_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _detail(request, pk)


@router.post("/batches", response={201: BatchDetailOut}, operation_id="benefit_batch_create")
def benefit_batch_create(request: ActorRequest, payload: BatchIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    school = orgs_queries.school_for(actor=actor, permission=P.MANAGE_BATCH)
    if school is None:
        raise Forbidden()
    batch = services.benefit_batch_create(
        actor=actor, school=school, **vars(_plan(request, payload))
    )
    return Status(201, _detail(request, batch.pk))


@router.post("/batches/{pk}/update", response=BatchDetailOut, operation_id="benefit_batch_update")
def benefit_batch_update(request: ActorRequest, pk: Id, payload: BatchIn):  # type: ignore[no-untyped-def]
    """Change a draft: the whole plan again, checked as when it was created."""
    actor = request.actor
    batch = queries.batch_get(actor=actor, pk=pk)
    services.benefit_batch_update(actor=actor, batch=batch, plan=_plan(request, payload))
    return _detail(request, pk)


@router.post("/batches/{pk}/confirm", response=BatchDetailOut, operation_id="benefit_batch_confirm")
def benefit_batch_confirm(request: ActorRequest, pk: Id, payload: ConfirmIn):  # type: ignore[no-untyped-def]
    batch = queries.batch_get(actor=request.actor, pk=pk)
    services.benefit_batch_confirm(
        actor=request.actor,
        batch=batch,
        overrides={row.person_id: row.reason for row in payload.overrides},
        exclude_over_cap=payload.exclude_over_cap,
    )
    return _detail(request, pk)


@router.post("/batches/{pk}/cancel", response=BatchDetailOut, operation_id="benefit_batch_cancel")
def benefit_batch_cancel(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    batch = queries.batch_get(actor=request.actor, pk=pk)
    services.benefit_batch_cancel(actor=request.actor, batch=batch)
    return _detail(request, pk)


@router.post("/batches/{pk}/close", response=BatchDetailOut, operation_id="benefit_batch_close")
def benefit_batch_close(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    batch = queries.batch_get(actor=request.actor, pk=pk)
    services.benefit_batch_close(actor=request.actor, batch=batch)
    return _detail(request, pk)


@router.post("/batches/{pk}/sign-off", response=ReceiptOut, operation_id="benefit_batch_sign_off")
def benefit_batch_sign_off(request: ActorRequest, pk: Id, payload: BatchSignOffIn):  # type: ignore[no-untyped-def]
    """Sign for a member of this batch: by the code of their receipt (scanned, the member is
    there) or by staff number with the name of who collected."""
    batch = queries.batch_get(actor=request.actor, pk=pk)
    receipt = services.benefit_receipt_find(
        actor=request.actor, batch=batch, token=payload.code, staff_number=payload.staff_number
    )
    services.benefit_receipt_sign(
        actor=request.actor,
        receipt=receipt,
        proxy_name=payload.proxy_name,
        scanned=bool(payload.code),
    )
    return queries.receipt_get(actor=request.actor, pk=receipt.pk)


@router.post("/batches/{pk}/sheet", response=SheetOut, operation_id="benefit_batch_sign_sheet")
def benefit_batch_sign_sheet(request: ActorRequest, pk: Id, payload: SheetIn):  # type: ignore[no-untyped-def]
    """Record a paper sign-off sheet: every line or none (not on the list, already signed)."""
    batch = queries.batch_get(actor=request.actor, pk=pk)
    signed = services.benefit_receipts_sign_sheet(
        actor=request.actor,
        batch=batch,
        entries=[
            services.SheetEntry(
                person_id=line.person_id, signed_at=line.signed_at, proxy_name=line.proxy_name
            )
            for line in payload.entries
        ],
    )
    return {"signed": signed}


@router.get("/receipts", response=list[ReceiptOut], operation_id="benefit_receipt_list")
@paginate(Pagination)
def benefit_receipt_list(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    batch_id: Id | None = None,
    branch_id: Id | None = None,
    status: str = "",
):
    qs = queries.receipt_list(actor=request.actor, branch_id=branch_id, status=status[:20])
    return qs.filter(batch_id=batch_id) if batch_id else qs


@router.get("/receipts/mine", response=list[MyReceiptOut], operation_id="benefit_receipt_mine")
@paginate(Pagination)
def benefit_receipt_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.receipt_mine(actor=request.actor).select_related("branch", "signed_by")


@router.get("/receipts/{pk}", response=ReceiptOut, operation_id="benefit_receipt_get")
def benefit_receipt_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.receipt_get(actor=request.actor, pk=pk)


@router.post(
    "/receipts/{pk}/sign-off", response=ReceiptOut, operation_id="benefit_receipt_sign_off"
)
def benefit_receipt_sign_off(request: ActorRequest, pk: Id, payload: SignOffIn):  # type: ignore[no-untyped-def]
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    services.benefit_receipt_sign(
        actor=request.actor, receipt=receipt, proxy_name=payload.proxy_name, scanned=payload.scanned
    )
    return queries.receipt_get(actor=request.actor, pk=pk)


@router.post(
    "/receipts/{pk}/mail-out", response=ReceiptOut, operation_id="benefit_receipt_mail_out"
)
def benefit_receipt_mail_out(request: ActorRequest, pk: Id, payload: AddressIn):  # type: ignore[no-untyped-def]
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    services.benefit_receipt_mail_out(actor=request.actor, receipt=receipt, address=payload.address)
    return queries.receipt_get(actor=request.actor, pk=pk)


@router.post(
    "/receipts/{pk}/undelivered", response=ReceiptOut, operation_id="benefit_receipt_undelivered"
)
def benefit_receipt_undelivered(request: ActorRequest, pk: Id, payload: NoteIn):  # type: ignore[no-untyped-def]
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    services.benefit_receipt_mark_undelivered(
        actor=request.actor, receipt=receipt, note=payload.note
    )
    return queries.receipt_get(actor=request.actor, pk=pk)


@router.post("/receipts/{pk}/reissue", response=ReceiptOut, operation_id="benefit_receipt_reissue")
def benefit_receipt_reissue(request: ActorRequest, pk: Id, payload: NoteIn):  # type: ignore[no-untyped-def]
    receipt = queries.receipt_get(actor=request.actor, pk=pk)
    services.benefit_receipt_reissue(actor=request.actor, receipt=receipt, note=payload.note)
    return queries.receipt_get(actor=request.actor, pk=pk)
