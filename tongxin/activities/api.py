"""Activities over HTTP: the same services and queries as the pages, the same errors."""

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.errors import NotFound, ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Pagination
from tongxin.members import queries as members_queries
from tongxin.orgs import access

from . import queries, services
from .draw import lottery_replay
from .models import Activity, ActivitySlot
from .permissions import ActivitiesPermission as P
from .schemas import (
    ActivityCreateIn,
    ActivityIn,
    ActivityListOut,
    ActivityOut,
    BranchQuotaIn,
    BranchQuotaOut,
    CancelIn,
    CheckInIn,
    CheckInOut,
    CostIn,
    CostOut,
    CostReverseIn,
    DecideIn,
    LotteryOut,
    MySignUpOut,
    OutsiderIn,
    SelfCheckInIn,
    SignUpIn,
    SignUpOut,
    SlotIn,
    SlotOut,
)
from .services.costs import paying_nodes

router = Router(tags=["activities"])


def _node(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    node = next((n for n in queries.organiser_choices(actor=request.actor) if n.pk == pk), None)
    if node is None:
        raise NotFound()
    return node


def _slot(activity: Activity, pk: int | None) -> ActivitySlot | None:
    if pk is None:
        return None
    slot = next((s for s in queries.slot_list(activity=activity) if s.pk == pk), None)
    if slot is None:
        raise ValidationFailed(
            _("This time slot belongs to another activity."), code="invalid_slot", field="slot_id"
        )
    return slot


def _data(request: ActorRequest, payload: ActivityIn) -> dict:
    data = payload.dict(
        exclude_unset=True, exclude={"organiser_id", "co_organiser_ids", "audience_node_id"}
    )
    if payload.audience_node_id is not None:
        data["audience_node"] = _node(request, payload.audience_node_id)
    return data


@router.get("/open", response=list[ActivityListOut], operation_id="activity_list_open")
@paginate(Pagination)
def activity_list_open(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.activity_list_open(actor=request.actor)


@router.get("/", response=list[ActivityListOut], operation_id="activity_list_office")
@paginate(Pagination)
def activity_list_office(request: ActorRequest, status: str = "", kind: str = "", q: str = ""):  # type: ignore[no-untyped-def]
    filters = queries.ActivityFilters(status=status, kind=kind, q=q)
    return queries.activity_list_office(actor=request.actor, filters=filters)


@router.get("/{pk}", response=ActivityOut, operation_id="activity_get")
def activity_get(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.activity_get(actor=request.actor, pk=pk)


@router.post("/", response={201: ActivityOut}, operation_id="activity_create")
def activity_create(request: ActorRequest, payload: ActivityCreateIn):  # type: ignore[no-untyped-def]
    organiser = _node(request, payload.organiser_id)
    activity = services.activity_create(
        actor=request.actor,
        organiser=organiser,
        co_organiser_ids=payload.co_organiser_ids or (),
        **_data(request, payload),
    )
    return Status(201, activity)


@router.patch("/{pk}", response=ActivityOut, operation_id="activity_update")
def activity_update(request: ActorRequest, pk: int, payload: ActivityIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return services.activity_update(
        actor=request.actor,
        activity=activity,
        changes=_data(request, payload),
        co_organiser_ids=payload.co_organiser_ids,
    )


@router.post("/{pk}/publish", response=ActivityOut, operation_id="activity_publish")
def activity_publish(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return services.activity_publish(actor=request.actor, activity=activity)


@router.post("/{pk}/cancel", response=ActivityOut, operation_id="activity_cancel")
def activity_cancel(request: ActorRequest, pk: int, payload: CancelIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return services.activity_cancel(actor=request.actor, activity=activity, reason=payload.reason)


@router.post("/{pk}/close", response=ActivityOut, operation_id="activity_close")
def activity_close(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return services.activity_close(actor=request.actor, activity=activity)


@router.get("/{pk}/slots", response=list[SlotOut], operation_id="activity_slot_list")
def activity_slot_list(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.slot_list(activity=queries.activity_get(actor=request.actor, pk=pk))


@router.post("/{pk}/slots", response={201: SlotOut}, operation_id="activity_slot_add")
def activity_slot_add(request: ActorRequest, pk: int, payload: SlotIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return Status(
        201, services.activity_slot_add(actor=request.actor, activity=activity, **payload.dict())
    )


@router.delete("/{pk}/slots/{slot_id}", response={204: None}, operation_id="activity_slot_remove")
def activity_slot_remove(request: ActorRequest, pk: int, slot_id: int):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    slot = _slot(activity, slot_id)
    slot.activity = activity  # type: ignore[union-attr]
    services.activity_slot_remove(actor=request.actor, slot=slot)  # type: ignore[arg-type]
    return Status(204, None)


@router.put(
    "/{pk}/branch-quotas", response=list[BranchQuotaOut], operation_id="activity_branch_quotas_set"
)
def activity_branch_quotas_set(request: ActorRequest, pk: int, payload: list[BranchQuotaIn]):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    quotas = {row.node_id: row.places for row in payload}
    return services.activity_branch_quotas_set(
        actor=request.actor, activity=activity, quotas=quotas
    )


@router.get("/{pk}/sign-ups", response=list[SignUpOut], operation_id="signup_list")
@paginate(Pagination)
def signup_list(request: ActorRequest, pk: int, status: str = "", node_id: int | None = None):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    return queries.signup_list(
        actor=request.actor, activity=activity, status=status, node_id=node_id
    )


@router.post("/{pk}/sign-ups", response={201: SignUpOut}, operation_id="activity_sign_up")
def activity_sign_up(request: ActorRequest, pk: int, payload: SignUpIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    activity = queries.activity_get(actor=actor, pk=pk)
    person = members_queries.person_get(
        actor=actor, pk=payload.person_id or actor.person_id or 0, permission=P.SIGN_UP
    )
    child = (
        members_queries.family_member_get(actor=actor, pk=payload.family_member_id)
        if payload.family_member_id
        else None
    )
    sign_up = services.activity_sign_up(
        actor=actor,
        activity=activity,
        person=person,
        family_member=child,
        slot=_slot(activity, payload.slot_id),
        guardian_consent=payload.guardian_consent,
    )
    return Status(201, sign_up)


@router.post(
    "/{pk}/outsiders", response={201: SignUpOut}, operation_id="activity_register_outsider"
)
def activity_register_outsider(request: ActorRequest, pk: int, payload: OutsiderIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    sign_up = services.activity_register_outsider(
        actor=request.actor,
        activity=activity,
        name=payload.name,
        phone=payload.phone,
        organisation=payload.organisation,
        slot=_slot(activity, payload.slot_id),
    )
    return Status(201, sign_up)


@router.get("/sign-ups/mine", response=list[MySignUpOut], operation_id="my_sign_ups")
@paginate(Pagination)
def my_sign_ups(request: ActorRequest, upcoming: bool | None = None):  # type: ignore[no-untyped-def]
    return queries.my_sign_ups(actor=request.actor, upcoming=upcoming).order_by(
        "-activity__starts_at", "-pk"
    )


@router.post("/sign-ups/{pk}/cancel", response=SignUpOut, operation_id="signup_cancel")
def signup_cancel(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    return services.signup_cancel(actor=request.actor, sign_up=sign_up)


@router.post("/sign-ups/{pk}/accept", response=SignUpOut, operation_id="signup_accept_offer")
def signup_accept_offer(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    return services.signup_accept_offer(actor=request.actor, sign_up=sign_up)


@router.post("/sign-ups/{pk}/decide", response=SignUpOut, operation_id="signup_decide")
def signup_decide(request: ActorRequest, pk: int, payload: DecideIn):  # type: ignore[no-untyped-def]
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    return services.signup_decide(
        actor=request.actor, sign_up=sign_up, approve=payload.approve, comment=payload.comment
    )


@router.post("/{pk}/check-in", response=CheckInOut, operation_id="signup_check_in")
def signup_check_in(request: ActorRequest, pk: int, payload: CheckInIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    result = services.signup_check_in(actor=request.actor, activity=activity, code=payload.code)
    return {"already": result.already, "sign_up": result.sign_up}


@router.post(
    "/{pk}/self-check-in", response=list[CheckInOut], operation_id="activity_self_check_in"
)
def activity_self_check_in(request: ActorRequest, pk: int, payload: SelfCheckInIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    results = services.activity_self_check_in(
        actor=request.actor, activity=activity, event_code=payload.event_code
    )
    return [{"already": r.already, "sign_up": r.sign_up} for r in results]


@router.post("/{pk}/lottery", response={201: LotteryOut}, operation_id="activity_draw_lottery")
def activity_draw_lottery(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    draw = services.activity_draw_lottery(actor=request.actor, activity=activity)
    return Status(201, _lottery(draw))


@router.get("/{pk}/lottery", response=LotteryOut, operation_id="lottery_get")
def lottery_get(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    draw = queries.lottery_get(actor=request.actor, activity=activity)
    if draw is None:
        raise NotFound()
    return _lottery(draw)


def _lottery(draw):  # type: ignore[no-untyped-def]
    return {
        "activity_id": draw.activity_id,
        "seed": draw.seed,
        "algorithm": draw.algorithm,
        "candidates": draw.candidates,
        "capacity": draw.capacity,
        "winner_ids": draw.winner_ids,
        "waitlist_ids": draw.waitlist_ids,
        "drawn_at": draw.drawn_at,
        "replay_matches": lottery_replay(draw).matches,
    }


@router.get("/{pk}/costs", response=list[CostOut], operation_id="activity_cost_list")
@paginate(Pagination)
def activity_cost_list(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.VIEW_COST, activity)
    return queries.activity_cost_list(actor=request.actor, activity=activity)


@router.post("/{pk}/costs", response={201: CostOut}, operation_id="activity_cost_post")
def activity_cost_post(request: ActorRequest, pk: int, payload: CostIn):  # type: ignore[no-untyped-def]
    activity = queries.activity_get(actor=request.actor, pk=pk)
    node = None
    if payload.paying_node_id is not None:
        nodes = {n.pk: n for n in paying_nodes(activity)}
        node = nodes.get(payload.paying_node_id)
        if node is None:
            raise ValidationFailed(
                _("A cost is paid by the organiser or a branch organising the activity."),
                code="wrong_paying_node",
                field="paying_node_id",
            )
    cost = services.activity_cost_post(
        actor=request.actor,
        activity=activity,
        description=payload.description,
        amount_fen=payload.amount_fen,
        incurred_on=payload.incurred_on,
        category_key=payload.category_key,
        paying_node=node,
        payee=payload.payee,
        budget_override_reason=payload.budget_override_reason,
    )
    return Status(201, cost)


@router.post("/costs/{pk}/reverse", response=CostOut, operation_id="activity_cost_reverse")
def activity_cost_reverse(request: ActorRequest, pk: int, payload: CostReverseIn):  # type: ignore[no-untyped-def]
    cost = queries.activity_cost_get(actor=request.actor, pk=pk)
    return services.activity_cost_reverse(actor=request.actor, cost=cost, reason=payload.reason)
