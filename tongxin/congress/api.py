"""The staff congress over HTTP: the same services and queries as the pages, the same errors.
Ballots are secret here too: the ballot endpoint answers with the receipt code only."""

from django.db.models import QuerySet
from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.errors import NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Pagination
from tongxin.members.models import Person
from tongxin.orgs import access

from . import queries, services
from .composition import composition_report
from .models import Ballot, CongressSession, Delegation, Poll, Representative
from .permissions import CongressPermission as P
from .schemas import (
    BallotIn,
    BallotReceiptOut,
    BulletinEntryOut,
    CandidateIn,
    CandidateOut,
    CodeIn,
    CompositionOut,
    CongressCheckInOut,
    CongressSessionOut,
    ElectionIn,
    ElectionOut,
    EndIn,
    HandsIn,
    MotionIn,
    PollOut,
    RepresentativeIn,
    RepresentativeOut,
    SeatIn,
    ShareOut,
    TermOut,
)
from .services.common import counts, quorum_needed, today

router = Router(tags=["congress"])


def _person(school_id: int, pk: int) -> Person:
    person = Person.objects.select_related("node").filter(pk=pk, school_id=school_id).first()
    if person is None:
        raise NotFound()
    return person


@router.get("/terms", response=list[TermOut], operation_id="congress_term_list")
@paginate(Pagination)
def term_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.terms_for(actor=request.actor)


@router.get(
    "/terms/{pk}/representatives",
    response=list[RepresentativeOut],
    operation_id="congress_representative_list",
)
@paginate(Pagination)
def representative_list(request: ActorRequest, pk: int) -> QuerySet[Representative]:
    term = queries.term_get(actor=request.actor, pk=pk)
    return Representative.objects.filter(term=term).select_related("person", "delegation")


@router.post(
    "/terms/{pk}/representatives",
    response={201: RepresentativeOut},
    operation_id="congress_representative_seat",
)
def representative_seat(request: ActorRequest, pk: int, payload: SeatIn):  # type: ignore[no-untyped-def]
    term = queries.term_get(actor=request.actor, pk=pk)
    delegation = Delegation.objects.filter(pk=payload.delegation_id, term=term).first()
    if delegation is None:
        raise NotFound()
    delegation.term = term
    rep = services.representative_seat(
        actor=request.actor,
        delegation=delegation,
        person=_person(term.school_id, payload.person_id),
        kind=payload.kind,
    )
    return Status(201, rep)


@router.post(
    "/representatives/{pk}/end",
    response=RepresentativeOut,
    operation_id="congress_representative_end",
)
def representative_end(request: ActorRequest, pk: int, payload: EndIn):  # type: ignore[no-untyped-def]
    rep = queries.representative_get(actor=request.actor, pk=pk)
    ended = services.representative_end(
        actor=request.actor, representative=rep, reason=payload.reason
    )
    ended.person, ended.delegation = rep.person, rep.delegation
    return ended


@router.get("/terms/{pk}/composition", response=CompositionOut, operation_id="congress_composition")
def composition(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    term = queries.term_get(actor=request.actor, pk=pk)
    report = composition_report(term=term, on=today())
    return {
        "total": report.total,
        "unrecorded_category": report.unrecorded_category,
        "shares": [
            ShareOut(
                key=s.key,
                label=s.label,
                count=s.count,
                total=s.total,
                pct=s.pct,
                floor_pct=s.floor_pct,
                ceiling_pct=s.ceiling_pct,
                violated=s.violated,
            )
            for s in report.shares
        ],
    }


def _session_out(session: CongressSession) -> CongressSessionOut:
    now_counts = counts(session)
    return CongressSessionOut(
        id=session.pk,
        term_id=session.term_id,
        number=session.number,
        title=session.title,
        starts_at=session.starts_at,
        place=session.place,
        status=session.status,
        seated=now_counts.seated,
        entitled=now_counts.entitled,
        present=now_counts.present,
        quorum_needed=quorum_needed(now_counts.base(session.term.quorum_base)),
    )


@router.get("/sessions/{pk}", response=CongressSessionOut, operation_id="congress_session_get")
def session_get(request: ActorRequest, pk: int) -> CongressSessionOut:
    """A session with its live presence count (for the hall screen and the phones)."""
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    return _session_out(session)


@router.post(
    "/sessions/{pk}/check-in", response=CongressCheckInOut, operation_id="congress_session_check_in"
)
def session_check_in(request: ActorRequest, pk: int, payload: CodeIn) -> CongressCheckInOut:
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    result = services.session_check_in(actor=request.actor, session=session, code=payload.code)
    return CongressCheckInOut(
        representative_id=result.attendance.representative_id, already=result.already
    )


@router.post(
    "/sessions/{pk}/open", response=CongressSessionOut, operation_id="congress_session_open"
)
def session_open(request: ActorRequest, pk: int) -> CongressSessionOut:
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    return _session_out(services.session_open(actor=request.actor, session=session))


@router.get("/sessions/{pk}/polls", response=list[PollOut], operation_id="congress_poll_list")
@paginate(Pagination)
def poll_list(request: ActorRequest, pk: int) -> QuerySet[Poll]:
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    return session.polls.order_by("-id")


@router.post(
    "/sessions/{pk}/motions", response={201: PollOut}, operation_id="congress_motion_create"
)
def motion_create(request: ActorRequest, pk: int, payload: MotionIn):  # type: ignore[no-untyped-def]
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    poll = services.motion_create(
        actor=request.actor,
        session=session,
        title=payload.title,
        method=payload.method,
        majority_base=payload.majority_base,
    )
    return Status(201, poll)


@router.post(
    "/sessions/{pk}/elections",
    response={201: ElectionOut},
    operation_id="congress_election_create",
)
def election_create(request: ActorRequest, pk: int, payload: ElectionIn):  # type: ignore[no-untyped-def]
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    election = services.election_create(
        actor=request.actor,
        session=session,
        title=payload.title,
        kind=payload.kind,
        seats=payload.seats,
    )
    return Status(201, election)


@router.post(
    "/elections/{pk}/candidates",
    response={201: CandidateOut},
    operation_id="congress_candidate_add",
)
def candidate_add(request: ActorRequest, pk: int, payload: CandidateIn):  # type: ignore[no-untyped-def]
    election = queries.election_get(actor=request.actor, pk=pk)
    person = _person(election.session.term.school_id, payload.person_id)
    return Status(
        201, services.candidate_add(actor=request.actor, election=election, person=person)
    )


@router.post(
    "/elections/{pk}/rounds", response={201: PollOut}, operation_id="congress_election_round"
)
def election_round(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    """Issue the ballots of the election's next round (margin and quorum checked)."""
    election = queries.election_get(actor=request.actor, pk=pk)
    return Status(201, services.election_open_round(actor=request.actor, election=election))


@router.get("/elections/{pk}", response=ElectionOut, operation_id="congress_election_get")
def election_get(request: ActorRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.election_get(actor=request.actor, pk=pk)


@router.get("/polls/{pk}", response=PollOut, operation_id="congress_poll_get")
def poll_get(request: ActorRequest, pk: int) -> Poll:
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    return poll


@router.post("/polls/{pk}/open", response=PollOut, operation_id="congress_poll_open")
def poll_open(request: ActorRequest, pk: int) -> Poll:
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    return services.poll_open(actor=request.actor, poll=poll)


@router.post("/polls/{pk}/close", response=PollOut, operation_id="congress_poll_close")
def poll_close(request: ActorRequest, pk: int) -> Poll:
    """Close and count; the bulletin is published (or the round declared void)."""
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    return services.poll_close(actor=request.actor, poll=poll)


@router.post(
    "/polls/{pk}/ballot", response={201: BallotReceiptOut}, operation_id="congress_ballot_cast"
)
def ballot_cast(request: ActorRequest, pk: int, payload: BallotIn):  # type: ignore[no-untyped-def]
    """Vote once (formal representatives, checked in); answers the receipt code only."""
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    receipt = services.ballot_cast(actor=request.actor, poll=poll, content=payload.content())
    return Status(201, BallotReceiptOut(receipt=receipt))


@router.post(
    "/polls/{pk}/paper-issue", response={201: RepresentativeIn}, operation_id="congress_paper_issue"
)
def paper_issue(request: ActorRequest, pk: int, payload: RepresentativeIn):  # type: ignore[no-untyped-def]
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.COUNT_BALLOTS, poll)
    rep = queries.representative_get(actor=request.actor, pk=payload.representative_id)
    services.paper_issue(actor=request.actor, poll=poll, representative=rep)
    return Status(201, payload)


@router.post(
    "/polls/{pk}/paper",
    response={201: BallotReceiptOut},
    operation_id="congress_paper_ballot_enter",
)
def paper_ballot_enter(request: ActorRequest, pk: int, payload: BallotIn):  # type: ignore[no-untyped-def]
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    receipt = services.paper_ballot_enter(actor=request.actor, poll=poll, content=payload.content())
    return Status(201, BallotReceiptOut(receipt=receipt))


@router.post("/polls/{pk}/hands", response=PollOut, operation_id="congress_hands_record")
def hands_record(request: ActorRequest, pk: int, payload: HandsIn) -> Poll:
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    return services.hands_record(
        actor=request.actor, poll=poll, yes=payload.yes, no=payload.no, abstain=payload.abstain
    )


@router.get(
    "/polls/{pk}/bulletin", response=list[BulletinEntryOut], operation_id="congress_bulletin"
)
@paginate(Pagination)
def bulletin(request: ActorRequest, pk: int) -> QuerySet[Ballot]:
    """Every ballot of a counted poll with its receipt code and hash chain, in chain order."""
    poll, _seat = queries.poll_get(actor=request.actor, pk=pk)
    if poll.status != "counted":
        return Ballot.objects.none()
    return poll.ballots.order_by("seq")
