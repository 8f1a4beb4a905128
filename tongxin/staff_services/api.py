"""Staff services over HTTP: the same services and queries as the pages, one error shape."""

from typing import Annotated

from ninja import Field, Router, Status
from ninja.pagination import paginate

from tongxin.core.errors import Forbidden, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.members import queries as members_queries
from tongxin.members.models import FamilyMember
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.models import OrgNode

from . import queries, services
from .permissions import StaffServicesPermission as P
from .schemas import (
    ClaimIn,
    ClaimOut,
    ClaimSettleIn,
    ClaimStepIn,
    CoverItemIn,
    CoverItemOut,
    InsurancePolicyIn,
    InsurancePolicyOut,
    InsuredAddIn,
    InsuredOut,
    InsuredRemoveIn,
    InsuredRosterImportOut,
    MyCoverOut,
    PlaceDecideIn,
    PlaceIn,
    PlaceOut,
    PlaceStepIn,
    PlaceSummaryOut,
    PolicyCreateIn,
    PolicyDetailOut,
    PremiumPostIn,
    RosterImportIn,
)

router = Router(tags=["staff_services"])
Year = Annotated[int, Field(ge=1900, le=2199)]


def _node(pk: int | None) -> OrgNode | None:
    if pk is None:
        return None
    node = OrgNode.objects.filter(pk=pk).first()
    if node is None:
        raise NotFound()
    return node


# Policies ------------------------------------------------------------------------------


@router.get("/policies", response=list[InsurancePolicyOut], operation_id="insurance_policy_list")
@paginate(Pagination)
def policy_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.policy_list(actor=request.actor)


@router.get("/policies/{pk}", response=PolicyDetailOut, operation_id="insurance_policy_get")
def policy_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.policy_get(actor=request.actor, pk=pk)


@router.post("/policies", response={201: PolicyDetailOut}, operation_id="insurance_policy_create")
def policy_create(request: ActorRequest, payload: PolicyCreateIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    node = _node(payload.node_id) or orgs_queries.school_for(
        actor=actor, permission=P.MANAGE_POLICY
    )
    if node is None:
        raise Forbidden()
    data = payload.dict(exclude={"node_id", "cover_items"})
    policy = services.insurance_policy_create(
        actor=actor,
        node=node,
        cover_items=[(i.name, i.amount_fen, i.is_rider) for i in payload.cover_items],
        **data,
    )
    return Status(201, queries.policy_get(actor=actor, pk=policy.pk))


@router.post(
    "/policies/{pk}/update", response=PolicyDetailOut, operation_id="insurance_policy_update"
)
def policy_update(request: ActorRequest, pk: Id, payload: InsurancePolicyIn):  # type: ignore[no-untyped-def]
    policy = queries.policy_get(actor=request.actor, pk=pk)
    services.insurance_policy_update(actor=request.actor, policy=policy, **payload.dict())
    return queries.policy_get(actor=request.actor, pk=pk)


@router.post("/policies/{pk}/delete", response={204: None}, operation_id="insurance_policy_delete")
def policy_delete(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    policy = queries.policy_get(actor=request.actor, pk=pk)
    services.insurance_policy_delete(actor=request.actor, policy=policy)
    return Status(204, None)


@router.post(
    "/policies/{pk}/cover-items", response={201: CoverItemOut}, operation_id="cover_item_add"
)
def cover_item_add(request: ActorRequest, pk: Id, payload: CoverItemIn):  # type: ignore[no-untyped-def]
    policy = queries.policy_get(actor=request.actor, pk=pk)
    item = services.cover_item_add(actor=request.actor, policy=policy, **payload.dict())
    return Status(201, item)


@router.post("/cover-items/{pk}/remove", response={204: None}, operation_id="cover_item_remove")
def cover_item_remove(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    item = queries.cover_item_get(actor=request.actor, pk=pk)
    services.cover_item_remove(actor=request.actor, item=item)
    return Status(204, None)


@router.post(
    "/policies/{pk}/premium", response=InsurancePolicyOut, operation_id="insurance_premium_post"
)
def premium_post(request: ActorRequest, pk: Id, payload: PremiumPostIn):  # type: ignore[no-untyped-def]
    policy = queries.policy_get(actor=request.actor, pk=pk)
    services.insurance_premium_post(actor=request.actor, policy=policy, entry_on=payload.entry_on)
    return queries.policy_get(actor=request.actor, pk=pk)


# Roster --------------------------------------------------------------------------------


@router.get("/policies/{pk}/roster", response=list[InsuredOut], operation_id="insured_list")
@paginate(Pagination)
def insured_list(request: ActorRequest, pk: Id, node_id: Id | None = None, active: bool = False):  # type: ignore[no-untyped-def]
    return queries.insured_list(actor=request.actor, node_id=node_id, active_only=active).filter(
        policy_id=pk
    )


@router.post("/policies/{pk}/roster", response={201: InsuredOut}, operation_id="insured_person_add")
def insured_add(request: ActorRequest, pk: Id, payload: InsuredAddIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    person = members_queries.person_get(actor=actor, pk=payload.person_id)
    insured = services.insured_person_add(
        actor=actor, policy=policy, person=person, added_on=payload.added_on
    )
    return Status(201, queries.insured_get(actor=actor, pk=insured.pk))


@router.post(
    "/policies/{pk}/roster/import",
    response=InsuredRosterImportOut,
    operation_id="insured_roster_import",
)
def roster_import(request: ActorRequest, pk: Id, payload: RosterImportIn):  # type: ignore[no-untyped-def]
    policy = queries.policy_get(actor=request.actor, pk=pk)
    added = services.insured_roster_import(
        actor=request.actor, policy=policy, node=_node(payload.node_id)
    )
    return {"added": added}


@router.get("/insured/mine", response=list[MyCoverOut], operation_id="insured_mine")
def insured_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.insured_mine(actor=request.actor)


@router.get("/insured/{pk}", response=InsuredOut, operation_id="insured_get")
def insured_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.insured_get(actor=request.actor, pk=pk)


@router.post("/insured/{pk}/remove", response=InsuredOut, operation_id="insured_person_remove")
def insured_remove(request: ActorRequest, pk: Id, payload: InsuredRemoveIn):  # type: ignore[no-untyped-def]
    insured = queries.insured_get(actor=request.actor, pk=pk)
    services.insured_person_remove(actor=request.actor, insured=insured, **payload.dict())
    return queries.insured_get(actor=request.actor, pk=pk)


# Claims --------------------------------------------------------------------------------


@router.get("/claims", response=list[ClaimOut], operation_id="insurance_claim_list")
@paginate(Pagination)
def claim_list(  # type: ignore[no-untyped-def]
    request: ActorRequest, policy_id: Id | None = None, status: str = "", node_id: Id | None = None
):
    return queries.claim_list(
        actor=request.actor, policy_id=policy_id, status=status[:16], node_id=node_id
    )


@router.get("/claims/{pk}", response=ClaimOut, operation_id="insurance_claim_get")
def claim_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.claim_get(actor=request.actor, pk=pk)


@router.post("/claims", response={201: ClaimOut}, operation_id="insurance_claim_report")
def claim_report(request: ActorRequest, payload: ClaimIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    person = members_queries.person_get(actor=actor, pk=payload.person_id, permission=P.FILE_CLAIM)
    policies = {p.pk: p for p in queries.policy_choices(actor=actor)}
    policy = policies.get(payload.policy_id)
    if policy is None:
        raise NotFound()
    claim = services.insurance_claim_report(
        actor=actor,
        person=person,
        policy=policy,
        incident_on=payload.incident_on,
        description=payload.description,
        reported_on=payload.reported_on,
    )
    return Status(201, queries.claim_get(actor=actor, pk=claim.pk))


@router.post("/claims/{pk}/submit", response=ClaimOut, operation_id="insurance_claim_submit")
def claim_submit(request: ActorRequest, pk: Id, payload: ClaimStepIn):  # type: ignore[no-untyped-def]
    claim = queries.claim_get(actor=request.actor, pk=pk)
    services.insurance_claim_submit(actor=request.actor, claim=claim, **payload.dict())
    return queries.claim_get(actor=request.actor, pk=pk)


@router.post("/claims/{pk}/settle", response=ClaimOut, operation_id="insurance_claim_settle")
def claim_settle(request: ActorRequest, pk: Id, payload: ClaimSettleIn):  # type: ignore[no-untyped-def]
    claim = queries.claim_get(actor=request.actor, pk=pk)
    services.insurance_claim_settle(actor=request.actor, claim=claim, **payload.dict())
    return queries.claim_get(actor=request.actor, pk=pk)


# School places -------------------------------------------------------------------------


@router.get("/school-places", response=list[PlaceOut], operation_id="school_place_list")
@paginate(Pagination)
def place_list(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    year: Year | None = None,
    status: str = "",
    stage: str = "",
    node_id: Id | None = None,
):
    return queries.school_place_list(
        actor=request.actor,
        year=year,
        status=status[:16],
        stage=stage[:16],
        node_id=node_id,
    )


@router.get("/school-places/mine", response=list[PlaceOut], operation_id="school_place_mine")
@paginate(Pagination)
def place_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.school_place_mine(actor=request.actor).select_related("person")


@router.get("/school-places/summary", response=PlaceSummaryOut, operation_id="school_place_summary")
def place_summary(request: ActorRequest, year: Year):  # type: ignore[no-untyped-def]
    if not access.holds_somewhere(request.actor, P.VIEW_SCHOOL_PLACE):
        raise Forbidden()
    return queries.school_place_summary(actor=request.actor, year=year)


@router.get("/school-places/{pk}", response=PlaceOut, operation_id="school_place_get")
def place_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.school_place_get(actor=request.actor, pk=pk)


@router.post("/school-places", response={201: PlaceOut}, operation_id="school_place_apply")
def place_apply(request: ActorRequest, payload: PlaceIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    person = members_queries.person_get(
        actor=actor,
        pk=payload.person_id or actor.person_id or 0,
        permission=P.APPLY_SCHOOL_PLACE,
    )
    # A child outside the actor's sight is missing; another staff member's child in sight
    # is refused by the service (``not_your_child``).
    child = access.get_scoped(
        FamilyMember.objects.all(), actor, P.APPLY_SCHOOL_PLACE, pk=payload.child_id
    )
    application = services.school_place_apply(
        actor=actor,
        person=person,
        child=child,
        stage=payload.stage,
        wished_school=payload.wished_school,
        note=payload.note,
    )
    return Status(201, queries.school_place_get(actor=actor, pk=application.pk))


@router.post("/school-places/{pk}/forward", response=PlaceOut, operation_id="school_place_forward")
def place_forward(request: ActorRequest, pk: Id, payload: PlaceStepIn):  # type: ignore[no-untyped-def]
    application = queries.school_place_get(actor=request.actor, pk=pk)
    services.school_place_forward(actor=request.actor, application=application, on=payload.on)
    return queries.school_place_get(actor=request.actor, pk=pk)


@router.post("/school-places/{pk}/decide", response=PlaceOut, operation_id="school_place_decide")
def place_decide(request: ActorRequest, pk: Id, payload: PlaceDecideIn):  # type: ignore[no-untyped-def]
    application = queries.school_place_get(actor=request.actor, pk=pk)
    services.school_place_decide(actor=request.actor, application=application, **payload.dict())
    return queries.school_place_get(actor=request.actor, pk=pk)
