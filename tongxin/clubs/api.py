"""Clubs over HTTP: the same services and queries as the pages, the same errors."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.errors import NotFound, ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Pagination, Year
from tongxin.orgs import access
from tongxin.orgs.models import OrgNode

from . import queries, services
from .errors import ClubsErrorCode as E
from .permissions import ClubsPermission as P
from .schemas import (
    BudgetIn,
    ClubBudgetOut,
    ClubCreateIn,
    ClubExpenseIn,
    ClubListOut,
    ClubOpenOut,
    ClubOut,
    ClubReasonIn,
    ClubUpdateIn,
    ExpenseOut,
    LeaderOut,
    MembershipOut,
    PersonIn,
    SeriesIn,
    SeriesOut,
    SessionOut,
    SpendingOut,
)
from .services.common import person_for_club, today

router = Router(tags=["clubs"])


@router.get("/", response=list[ClubListOut], operation_id="club_list")
@paginate(Pagination)
def club_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    """Clubs the actor runs, reads or leads."""
    return queries.club_list_office(actor=request.actor, status=status)


@router.get("/open", response=list[ClubOpenOut], operation_id="club_list_open")
@paginate(Pagination)
def club_list_open(request: ActorRequest):  # type: ignore[no-untyped-def]
    """Active clubs the actor may join."""
    return queries.clubs_open_to(actor=request.actor)


@router.get("/{pk}", response=ClubOut, operation_id="club_get")
def club_get(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    try:
        return queries.club_get(actor=request.actor, pk=pk)
    except NotFound:
        return queries.club_get_member(actor=request.actor, pk=pk)


@router.post("/", response={201: ClubOut}, operation_id="club_create")
def club_create(request: ActorRequest, payload: ClubCreateIn):  # type: ignore[no-untyped-def]
    node = OrgNode.objects.filter(pk=payload.node_id).first()
    if node is None:
        raise NotFound()
    club = services.club_create(actor=request.actor, node=node, **payload.dict(exclude={"node_id"}))
    return Status(201, club)


@router.patch("/{pk}", response=ClubOut, operation_id="club_update")
def club_update(request: ActorRequest, pk: int, payload: ClubUpdateIn):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.club_update(actor=request.actor, club=club, changes=changes)


@router.post("/{pk}/archive", response=ClubOut, operation_id="club_archive")
def club_archive(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    return services.club_archive(actor=request.actor, club=club)


@router.post("/{pk}/join", response={201: MembershipOut}, operation_id="club_join")
def club_join(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    """Join the club oneself (open: no approval)."""
    club = queries.club_get_member(actor=request.actor, pk=pk)
    person = services.person_for(request.actor)
    return Status(201, services.club_join(actor=request.actor, club=club, person=person))


@router.post("/{pk}/leave", response=MembershipOut, operation_id="club_leave")
def club_leave(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    """Leave the club oneself."""
    club = queries.club_get_member(actor=request.actor, pk=pk)
    person = services.person_for(request.actor)
    return services.club_leave(actor=request.actor, club=club, person=person)


@router.get("/{pk}/members", response=list[MembershipOut], operation_id="club_member_list")
@paginate(Pagination)
def club_member_list(request: ActorRequest, pk: int, on: dt.date | None = None):  # type: ignore[no-untyped-def]
    """Members today, or on day ``on``."""
    club = queries.club_get(actor=request.actor, pk=pk)
    return queries.members_on(club, on or today())


@router.post("/{pk}/members", response={201: MembershipOut}, operation_id="club_member_add")
def club_member_add(request: ActorRequest, pk: int, payload: PersonIn):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    person = person_for_club(actor=request.actor, club=club, pk=payload.person_id)
    return Status(201, services.club_join(actor=request.actor, club=club, person=person))


@router.post(
    "/{pk}/members/{person_id}/remove", response=MembershipOut, operation_id="club_member_remove"
)
def club_member_remove(request: ActorRequest, pk: int, person_id: int):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    person = person_for_club(actor=request.actor, club=club, pk=person_id, current_members=True)
    return services.club_leave(actor=request.actor, club=club, person=person)


@router.get("/{pk}/leaders", response=list[LeaderOut], operation_id="club_leader_list")
@paginate(Pagination)
def club_leader_list(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    return queries.leader_list(club)


@router.post("/{pk}/leaders", response={201: LeaderOut}, operation_id="club_leader_add")
def club_leader_add(request: ActorRequest, pk: int, payload: PersonIn):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.MANAGE_CLUB, club)
    person = person_for_club(actor=request.actor, club=club, pk=payload.person_id)
    return Status(201, services.club_leader_add(actor=request.actor, club=club, person=person))


@router.post("/leaders/{pk}/end", response=LeaderOut, operation_id="club_leader_end")
def club_leader_end(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    leader = queries.leader_get(actor=request.actor, pk=pk)
    return services.club_leader_end(actor=request.actor, leader=leader)


@router.get("/{pk}/sessions", response=list[SessionOut], operation_id="club_session_list")
@paginate(Pagination)
def club_session_list(request: ActorRequest, pk: int, upcoming: bool | None = None):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    return queries.session_list(club, upcoming=upcoming)


@router.post("/{pk}/series", response={201: SeriesOut}, operation_id="club_series_create")
def club_series_create(request: ActorRequest, pk: int, payload: SeriesIn):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    series = services.club_series_create(actor=request.actor, club=club, **payload.dict())
    return Status(201, series)


@router.get("/{pk}/spending", response=SpendingOut, operation_id="club_spending_get")
def club_spending_get(request: ActorRequest, pk: int, year: Year | None = None):  # type: ignore[no-untyped-def]
    """Spending against the club's budget in ``year`` (this year by default)."""
    club = queries.club_get(actor=request.actor, pk=pk)
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationFailed(_("Enter a valid year."), code=E.INVALID_DATE, field="year")
    figures = queries.spending(club, year or today().year)
    return {
        "year": figures.year,
        "budget_fen": figures.budget_fen,
        "spent_fen": figures.spent_fen,
        "remaining_fen": figures.remaining_fen,
        "attendance_rate_percent": queries.attendance(club).rate_percent,
    }


@router.put("/{pk}/budgets/{year}", response=ClubBudgetOut, operation_id="club_budget_set")
def club_budget_set(request: ActorRequest, pk: int, year: Year, payload: BudgetIn):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    return services.club_budget_set(
        actor=request.actor, club=club, year=year, amount_fen=payload.amount_fen
    )


@router.get("/{pk}/expenses", response=list[ExpenseOut], operation_id="club_expense_list")
@paginate(Pagination)
def club_expense_list(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    return queries.expense_list(club)


@router.post("/{pk}/expenses", response={201: ExpenseOut}, operation_id="club_expense_post")
def club_expense_post(request: ActorRequest, pk: int, payload: ClubExpenseIn):  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    expense = services.club_expense_post(actor=request.actor, club=club, **payload.dict())
    return Status(201, expense)


@router.post("/expenses/{pk}/reverse", response=ExpenseOut, operation_id="club_expense_reverse")
def club_expense_reverse(request: ActorRequest, pk: int, payload: ClubReasonIn):  # type: ignore[no-untyped-def]
    expense = queries.expense_get(actor=request.actor, pk=pk)
    return services.club_expense_reverse(
        actor=request.actor, expense=expense, reason=payload.reason
    )
