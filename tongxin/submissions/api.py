"""Submission calls over HTTP: the same services and queries as the pages, one error shape."""

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from tongxin.activities.models import Activity
from tongxin.activities.permissions import ActivitiesPermission
from tongxin.core.errors import Forbidden, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.members import queries as members_queries
from tongxin.members.models import FamilyMember
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries

from . import queries, services
from .permissions import SubmissionsPermission
from .schemas import (
    AwardOut,
    CallDetailOut,
    CallIn,
    CallOut,
    GalleryWorkOut,
    JudgeIn,
    JudgeOut,
    PrizeLevelIn,
    PrizeLevelOut,
    PublishIn,
    RankOut,
    ScoreOut,
    ScoresIn,
    ScreenIn,
    WorkOut,
)

P = SubmissionsPermission
router = Router(tags=["submissions"])


# Calls ---------------------------------------------------------------------------------------


@router.get("/calls", response=list[CallOut], operation_id="submission_call_list")
@paginate(Pagination)
def submission_call_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    """Calls in the office console (``view_call``)."""
    return queries.call_list(actor=request.actor, status=status)


@router.get("/calls/open", response=list[CallOut], operation_id="submission_call_open_list")
@paginate(Pagination)
def submission_call_open_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    """Calls a member sees: open, in judging or with published results."""
    return queries.calls_open_for(actor=request.actor)


@router.get("/calls/{pk}", response=CallDetailOut, operation_id="submission_call_get")
def submission_call_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.call_get_for_member(actor=request.actor, pk=pk)


@router.post("/calls", response={201: CallDetailOut}, operation_id="submission_call_create")
def submission_call_create(request: ActorRequest, payload: CallIn):  # type: ignore[no-untyped-def]
    school = orgs_queries.school_for(actor=request.actor, permission=P.MANAGE_CALL)
    if school is None:
        raise Forbidden()
    data = payload.dict()
    criteria = [(c["name"], c["weight"]) for c in data.pop("criteria")]
    activity_id = data.pop("activity_id")
    activity = (
        access.get_scoped(
            Activity.objects.all(),
            request.actor,
            ActivitiesPermission.MANAGE_ACTIVITY,
            pk=activity_id,
        )
        if activity_id is not None
        else None
    )
    call = services.call_create(
        actor=request.actor, node=school, criteria=criteria, activity=activity, **data
    )
    return Status(201, queries.call_get(actor=request.actor, pk=call.pk))


@router.post("/calls/{pk}/open", response=CallDetailOut, operation_id="submission_call_open")
def submission_call_open(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    call = queries.call_get(actor=request.actor, pk=pk)
    services.call_open(actor=request.actor, call=call)
    return queries.call_get(actor=request.actor, pk=pk)


@router.post(
    "/calls/{pk}/start-judging",
    response=CallDetailOut,
    operation_id="submission_call_start_judging",
)
def submission_call_start_judging(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    call = queries.call_get(actor=request.actor, pk=pk)
    services.call_start_judging(actor=request.actor, call=call)
    return queries.call_get(actor=request.actor, pk=pk)


@router.post(
    "/calls/{pk}/judges", response={201: JudgeOut}, operation_id="submission_judge_appoint"
)
def submission_judge_appoint(request: ActorRequest, pk: Id, payload: JudgeIn):  # type: ignore[no-untyped-def]
    call = queries.call_get(actor=request.actor, pk=pk)
    person = members_queries.person_get(actor=request.actor, pk=payload.person_id)
    judge = services.judge_appoint(actor=request.actor, call=call, person=person)
    return Status(201, judge)


@router.post(
    "/calls/{pk}/prize-levels",
    response={201: PrizeLevelOut},
    operation_id="submission_prize_level_add",
)
def submission_prize_level_add(request: ActorRequest, pk: Id, payload: PrizeLevelIn):  # type: ignore[no-untyped-def]
    call = queries.call_get(actor=request.actor, pk=pk)
    level = services.prize_level_add(
        actor=request.actor,
        call=call,
        name=payload.name,
        count=payload.count,
        amount_fen=payload.amount_fen,
    )
    return Status(201, level)


@router.post(
    "/calls/{pk}/awards-by-ranking",
    response=list[AwardOut],
    operation_id="submission_awards_from_ranking",
)
def submission_awards_from_ranking(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Give the prize levels in ranking order, within the 2/3 share (all or nothing)."""
    call = queries.call_get(actor=request.actor, pk=pk)
    return services.awards_from_ranking(actor=request.actor, call=call)


@router.post("/calls/{pk}/publish", response=CallDetailOut, operation_id="submission_call_publish")
def submission_call_publish(request: ActorRequest, pk: Id, payload: PublishIn):  # type: ignore[no-untyped-def]
    call = queries.call_get(actor=request.actor, pk=pk)
    services.call_publish(actor=request.actor, call=call, pay_prizes=payload.pay_prizes)
    return queries.call_get(actor=request.actor, pk=pk)


@router.get("/calls/{pk}/ranking", response=list[RankOut], operation_id="submission_call_ranking")
@paginate(Pagination)
def submission_call_ranking(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    call = queries.call_get(actor=request.actor, pk=pk)
    return [
        {
            "work_id": row.work.pk,
            "title": row.work.title,
            "author_name": row.work.author_name,
            "rank": row.rank,
            "score": float(row.score) if row.score is not None else None,
            "judges": row.judges,
            "prize": row.award.level.name if row.award else None,
        }
        for row in queries.call_ranking(actor=request.actor, call=call)
    ]


@router.get(
    "/calls/{pk}/gallery", response=list[GalleryWorkOut], operation_id="submission_call_gallery"
)
@paginate(Pagination)
def submission_call_gallery(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    call = queries.call_get_for_member(actor=request.actor, pk=pk)
    return queries.gallery(actor=request.actor, call=call)


# Works ---------------------------------------------------------------------------------------


@router.get("/calls/{pk}/works", response=list[WorkOut], operation_id="submission_work_list")
@paginate(Pagination)
def submission_work_list(request: ActorRequest, pk: Id, status: str = ""):  # type: ignore[no-untyped-def]
    """The works of a call the actor may see (office: all; branch officers: their branch's)."""
    call = queries.call_get(actor=request.actor, pk=pk)
    return queries.work_list(actor=request.actor, call=call, status=status)


@router.get("/works/mine", response=list[WorkOut], operation_id="submission_work_mine")
@paginate(Pagination)
def submission_work_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.works_mine(actor=request.actor)


@router.get("/works/{pk}", response=WorkOut, operation_id="submission_work_get")
def submission_work_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.work_get(actor=request.actor, pk=pk)


@router.post("/calls/{pk}/works", response={201: WorkOut}, operation_id="submission_work_submit")
def submission_work_submit(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    pk: Id,
    title: str = Form(...),
    file: UploadedFile = File(...),  # noqa: B008 - ninja's way of declaring an upload
    description: str = Form(""),
    child_id: int | None = Form(None),
):
    """Submit a work (multipart: ``title``, ``file``, optional ``description`` and
    ``child_id``) for oneself or one's child."""
    actor = request.actor
    call = queries.call_get_for_member(actor=actor, pk=pk)
    person = members_queries.person_get(
        actor=actor, pk=actor.person_id or 0, permission=P.SUBMIT_WORK
    )
    child = None
    if child_id is not None:
        # Any family record by id: the service refuses one that is not the submitter's child
        # with the same error whether or not it exists.
        child = FamilyMember.objects.filter(pk=child_id).first() or FamilyMember(
            pk=None, relation="child"
        )
    work = services.work_submit(
        actor=actor,
        call=call,
        submitter=person,
        child=child,
        title=title,
        description=description,
        upload=file,
    )
    return Status(201, queries.work_get(actor=actor, pk=work.pk))


@router.post("/works/{pk}/withdraw", response=WorkOut, operation_id="submission_work_withdraw")
def submission_work_withdraw(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    work = queries.work_get(actor=request.actor, pk=pk)
    services.work_withdraw(actor=request.actor, work=work)
    return queries.work_get(actor=request.actor, pk=pk)


@router.post("/works/{pk}/accept", response=WorkOut, operation_id="submission_work_accept")
def submission_work_accept(request: ActorRequest, pk: Id, payload: ScreenIn):  # type: ignore[no-untyped-def]
    work = queries.work_get(actor=request.actor, pk=pk)
    services.work_accept(actor=request.actor, work=work, note=payload.note)
    return queries.work_get(actor=request.actor, pk=pk)


@router.post("/works/{pk}/reject", response=WorkOut, operation_id="submission_work_reject")
def submission_work_reject(request: ActorRequest, pk: Id, payload: ScreenIn):  # type: ignore[no-untyped-def]
    work = queries.work_get(actor=request.actor, pk=pk)
    services.work_reject(actor=request.actor, work=work, note=payload.note)
    return queries.work_get(actor=request.actor, pk=pk)


@router.post("/works/{pk}/scores", response=list[ScoreOut], operation_id="submission_work_score")
def submission_work_score(request: ActorRequest, pk: Id, payload: ScoresIn):  # type: ignore[no-untyped-def]
    """The acting judge's scores of a work (0–100 per criterion)."""
    from .models import Work

    work = Work.objects.select_related("call__node", "child", "node").filter(pk=pk).first()
    if work is None:
        raise NotFound()
    values: dict[int, int] = {}
    for score in payload.scores:
        values[score.criterion_id] = score.value
    saved = services.score_set(actor=request.actor, work=work, values=values)
    return [{"criterion_id": s.criterion_id, "value": s.value} for s in saved]
