"""People, families, memberships, officers and dues over HTTP.

Each endpoint fetches what it acts on through the scoped queries (so an id outside the caller's
scope answers 404, like a missing one) and calls the same service as the web page.
"""

from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from tongxin.approvals import queries as approvals_queries
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Date, Id, Pagination
from tongxin.orgs import queries as orgs_queries

from . import queries, services
from .choices import AgeBand, EmploymentStatus, Gender, MembershipStatus
from .models import MembershipApplication
from .permissions import MembersPermission
from .schemas import (
    ApplicationDecideIn,
    DuesComputeIn,
    DuesComputeOut,
    DuesRecordOut,
    FamilyMemberIn,
    FamilyMemberOut,
    FamilyMemberUpdateIn,
    IdNumberOut,
    MembershipApplicationOut,
    MembershipApplyIn,
    MembershipDateIn,
    MembershipEventOut,
    MembershipJoinIn,
    MembershipNodeOut,
    MembershipPeriodOut,
    MembershipTransferIn,
    OfficerAppointIn,
    OfficerEndIn,
    OfficerOut,
    PersonCreateIn,
    PersonOut,
    PersonUpdateIn,
)

router = Router(tags=["members"])
P = MembersPermission


# People ---------------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut], operation_id="person_list")
@paginate(Pagination)
def person_list(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    node_id: Id | None = None,
    membership_status: MembershipStatus | None = None,
    employment_status: EmploymentStatus | None = None,
    gender: Gender | None = None,
    age_band: AgeBand | None = None,
    q: str = Query("", max_length=50),
):
    """People the caller may see (a member: only themselves), by staff number.

    ``node_id`` keeps that node's subtree; ``q`` matches a name (characters, pinyin or
    initials), a staff number or a phone number."""
    filters = queries.PersonFilters(
        node_id=node_id,
        membership_status=membership_status or "",
        employment_status=employment_status or "",
        gender=gender or "",
        age_band=age_band or "",
        q=q,
    )
    return queries.person_list(actor=request.actor, filters=filters)


@router.get("/people/{pk}", response=PersonOut, operation_id="person_get")
def person_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.person_get(actor=request.actor, pk=pk)


@router.post("/people", response={201: PersonOut}, operation_id="person_create")
def person_create(request: ActorRequest, payload: PersonCreateIn):  # type: ignore[no-untyped-def]
    """Add a staff person (not yet a member) to a school union, branch or group."""
    node = orgs_queries.node_get(actor=request.actor, pk=payload.node_id)
    data = payload.dict(exclude_unset=True, exclude={"node_id"})
    return Status(201, services.person_create(actor=request.actor, node=node, **data))


@router.patch("/people/{pk}", response=PersonOut, operation_id="person_update")
def person_update(request: ActorRequest, pk: Id, payload: PersonUpdateIn):  # type: ignore[no-untyped-def]
    """Change the fields sent. A person may change their own phone and e-mail."""
    person = queries.person_get(actor=request.actor, pk=pk)
    changes = payload.dict(exclude_unset=True)
    return services.person_update(actor=request.actor, person=person, changes=changes)


@router.post(
    "/people/{pk}/reveal-id-number", response=IdNumberOut, operation_id="person_reveal_id_number"
)
def person_reveal_id_number(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """The clear ID number, for the roles allowed to see it; every reveal is logged."""
    person = queries.person_get(actor=request.actor, pk=pk)
    number = services.person_reveal_id_number(actor=request.actor, person=person)
    return {"person_id": person.pk, "id_number": number}


# Family members -------------------------------------------------------------------------------


@router.get("/people/{pk}/family", response=list[FamilyMemberOut], operation_id="family_list")
@paginate(Pagination)
def family_list(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    person = queries.person_get(actor=request.actor, pk=pk, permission=P.VIEW_FAMILY)
    return queries.family_list(actor=request.actor, person=person)


@router.post(
    "/people/{pk}/family", response={201: FamilyMemberOut}, operation_id="family_member_add"
)
def family_member_add(request: ActorRequest, pk: Id, payload: FamilyMemberIn):  # type: ignore[no-untyped-def]
    person = queries.person_get(actor=request.actor, pk=pk, permission=P.VIEW_FAMILY)
    data = payload.dict(exclude_unset=True)
    return Status(201, services.family_member_add(actor=request.actor, person=person, **data))


@router.patch("/family-members/{pk}", response=FamilyMemberOut, operation_id="family_member_update")
def family_member_update(  # type: ignore[no-untyped-def]
    request: ActorRequest, pk: Id, payload: FamilyMemberUpdateIn
):
    member = queries.family_member_get(actor=request.actor, pk=pk)
    changes = payload.dict(exclude_unset=True)
    return services.family_member_update(actor=request.actor, member=member, changes=changes)


@router.delete("/family-members/{pk}", response={204: None}, operation_id="family_member_remove")
def family_member_remove(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Delete a relative entered by mistake (the audit trail keeps what was removed)."""
    member = queries.family_member_get(actor=request.actor, pk=pk)
    services.family_member_remove(actor=request.actor, member=member)
    return Status(204, None)


# Membership history ---------------------------------------------------------------------------


@router.get(
    "/people/{pk}/membership-events",
    response=list[MembershipEventOut],
    operation_id="membership_history",
)
@paginate(Pagination)
def membership_history(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Applied, joined, transferred, retired, left, died: oldest first."""
    person = queries.person_get(actor=request.actor, pk=pk, permission=P.VIEW_MEMBERSHIP)
    return queries.membership_history(actor=request.actor, person=person)


@router.get(
    "/people/{pk}/membership-periods",
    response=list[MembershipPeriodOut],
    operation_id="membership_periods",
)
@paginate(Pagination)
def membership_periods(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """The spans of membership, each in one node; ``ended_on`` is exclusive."""
    person = queries.person_get(actor=request.actor, pk=pk, permission=P.VIEW_MEMBERSHIP)
    return queries.membership_periods(actor=request.actor, person=person)


@router.get(
    "/people/{pk}/membership-node", response=MembershipNodeOut, operation_id="membership_node_on"
)
def membership_node_on(request: ActorRequest, pk: Id, on: Date):  # type: ignore[no-untyped-def]
    """The branch (or group) the person was a member of on a date: yearly statistics count
    people where they were, not where they are."""
    person = queries.person_get(actor=request.actor, pk=pk, permission=P.VIEW_MEMBERSHIP)
    node = queries.membership_node_on(person_id=person.pk, on=on)
    return {"person_id": person.pk, "on": on, "node": node}


@router.post("/people/{pk}/join", response=PersonOut, operation_id="membership_join")
def membership_join(request: ActorRequest, pk: Id, payload: MembershipJoinIn):  # type: ignore[no-untyped-def]
    """Record that a person joined (the office's direct entry, e.g. from paper forms)."""
    person = queries.person_get(actor=request.actor, pk=pk)
    node = (
        orgs_queries.node_get(actor=request.actor, pk=payload.node_id) if payload.node_id else None
    )
    return services.membership_join(
        actor=request.actor, person=person, node=node, on=payload.on, note=payload.note
    )


@router.post("/people/{pk}/transfer", response=PersonOut, operation_id="membership_transfer")
def membership_transfer(request: ActorRequest, pk: Id, payload: MembershipTransferIn):  # type: ignore[no-untyped-def]
    """Move a person to another branch or group of the same school from a date."""
    person = queries.person_get(actor=request.actor, pk=pk)
    to_node = orgs_queries.node_get(actor=request.actor, pk=payload.to_node_id)
    return services.membership_transfer(
        actor=request.actor, person=person, to_node=to_node, on=payload.on, note=payload.note
    )


@router.post("/people/{pk}/retire", response=PersonOut, operation_id="membership_retire")
def membership_retire(request: ActorRequest, pk: Id, payload: MembershipDateIn):  # type: ignore[no-untyped-def]
    """Record a retirement; a member's membership is retained (no dues, no vote)."""
    person = queries.person_get(actor=request.actor, pk=pk)
    return services.membership_retire(
        actor=request.actor, person=person, on=payload.on, note=payload.note
    )


@router.post("/people/{pk}/leave", response=PersonOut, operation_id="membership_leave")
def membership_leave(request: ActorRequest, pk: Id, payload: MembershipDateIn):  # type: ignore[no-untyped-def]
    """Record that a member left the union from a date."""
    person = queries.person_get(actor=request.actor, pk=pk)
    return services.membership_leave(
        actor=request.actor, person=person, on=payload.on, note=payload.note
    )


@router.post("/people/{pk}/death", response=PersonOut, operation_id="membership_record_death")
def membership_record_death(request: ActorRequest, pk: Id, payload: MembershipDateIn):  # type: ignore[no-untyped-def]
    """Record a death; membership and employment end that day."""
    person = queries.person_get(actor=request.actor, pk=pk)
    return services.membership_record_death(
        actor=request.actor, person=person, on=payload.on, note=payload.note
    )


# Applications ---------------------------------------------------------------------------------


@router.post(
    "/people/{pk}/apply", response={201: MembershipApplicationOut}, operation_id="membership_apply"
)
def membership_apply(request: ActorRequest, pk: Id, payload: MembershipApplyIn):  # type: ignore[no-untyped-def]
    """Apply to join the union (for oneself); it goes to the branch, then the school office."""
    person = queries.person_get(actor=request.actor, pk=pk)
    application = services.membership_apply(
        actor=request.actor, person=person, statement=payload.statement
    )
    return Status(201, application)


@router.get("/applications/{pk}", response=MembershipApplicationOut, operation_id="application_get")
def application_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """An application with the state of its approval request."""
    application = queries.application_get(actor=request.actor, pk=pk)
    approval = approvals_queries.approval_for_subject(
        actor=request.actor,
        subject_type=MembershipApplication._meta.label_lower,
        subject_id=application.pk,
    )
    return {**MembershipApplicationOut.from_orm(application).dict(), "approval": approval}


@router.post(
    "/applications/{pk}/decide",
    response=MembershipApplicationOut,
    operation_id="membership_application_decide",
)
def membership_application_decide(request: ActorRequest, pk: Id, payload: ApplicationDecideIn):  # type: ignore[no-untyped-def]
    """Decide the current step; on the last approval the person joins from today."""
    application = queries.application_get(actor=request.actor, pk=pk)
    approval = services.membership_application_decide(
        actor=request.actor, application=application, **payload.dict()
    )
    return {**MembershipApplicationOut.from_orm(application).dict(), "approval": approval}


# Officers -------------------------------------------------------------------------------------


@router.get("/officers", response=list[OfficerOut], operation_id="officer_list")
@paginate(Pagination)
def officer_list(  # type: ignore[no-untyped-def]
    request: ActorRequest, node_id: Id | None = None, current_only: bool = True
):
    """Officers of the nodes the caller may see, or of one node; current terms by default."""
    node = orgs_queries.node_get(actor=request.actor, pk=node_id) if node_id else None
    return queries.officer_list(actor=request.actor, node=node, current_only=current_only)


@router.post("/officers", response={201: OfficerOut}, operation_id="officer_appoint")
def officer_appoint(request: ActorRequest, payload: OfficerAppointIn):  # type: ignore[no-untyped-def]
    """Appoint a person to a position on a node; their account gets the position's role."""
    node = orgs_queries.node_get(actor=request.actor, pk=payload.node_id)
    person = queries.person_get(actor=request.actor, pk=payload.person_id)
    data = payload.dict(exclude={"node_id", "person_id"})
    return Status(
        201, services.officer_appoint(actor=request.actor, node=node, person=person, **data)
    )


@router.post("/officers/{pk}/end", response=OfficerOut, operation_id="officer_end")
def officer_end(request: ActorRequest, pk: Id, payload: OfficerEndIn):  # type: ignore[no-untyped-def]
    """End a term (and the role it carried) on a day, today by default."""
    officer = queries.officer_get(actor=request.actor, pk=pk)
    return services.officer_end(actor=request.actor, officer=officer, ended_on=payload.ended_on)


# Dues -----------------------------------------------------------------------------------------


@router.get("/dues", response=list[DuesRecordOut], operation_id="dues_list")
@paginate(Pagination)
def dues_list(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    person_id: Id | None = None,
    node_id: Id | None = None,
    month: Date | None = None,
):
    """Monthly dues rows the caller may see (a member: their own), newest month first."""
    person = queries.person_get(actor=request.actor, pk=person_id) if person_id else None
    node = orgs_queries.node_get(actor=request.actor, pk=node_id) if node_id else None
    return queries.dues_list(actor=request.actor, person=person, node=node, month=month)


@router.post("/dues/compute", response=DuesComputeOut, operation_id="dues_compute_month")
def dues_compute_month(request: ActorRequest, payload: DuesComputeIn):  # type: ignore[no-untyped-def]
    """Compute a month's dues for every member in a node's subtree; running it twice adds
    nothing. Answers how many rows were created."""
    node = orgs_queries.node_get(actor=request.actor, pk=payload.node_id)
    created = services.dues_compute_month(actor=request.actor, node=node, month=payload.month)
    return {"node_id": node.pk, "month": payload.month, "created": created}
