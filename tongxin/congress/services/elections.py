"""Union elections at a session: candidates listed by the strokes of their names, the
competitive margin (cha'e) checked before any ballot is issued, rounds (run-offs among the
tied, further rounds for unfilled seats, a void round held again)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events, tally
from ..choices import (
    MARGIN_PERCENT,
    ElectionKind,
    ElectionStatus,
    MajorityBase,
    PollKind,
    PollMethod,
    PollStatus,
    SessionStatus,
)
from ..errors import CongressErrorCode as E
from ..models import Candidate, CongressSession, Election, Poll
from ..permissions import CongressPermission as P
from ..strokes import stroke_key
from .common import check_choice, check_text
from .polls import start_poll


def margin_needed(kind: str, seats: int) -> int:
    """Committee seats: at least ceil(seats x 105%) candidates; other seats may be deng'e."""
    if kind == ElectionKind.COMMITTEE:
        return -(-seats * MARGIN_PERCENT // 100)
    return seats


def election_create(
    *, actor: Actor, session: CongressSession, title: str, kind: str, seats: int
) -> Election:
    access.require(actor, P.MANAGE_CONGRESS, session)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("This session is closed."), code=E.WRONG_STATE)
    title = check_text(title, field="title", limit=200)
    kind = check_choice(kind, ElectionKind.values, "kind")
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= 99:
        raise ValidationFailed(
            _("Enter the number of seats (1 to 99)."), code=E.INVALID, field="seats"
        )
    election = Election(session=session, title=title, kind=kind, seats=seats)
    with transaction.atomic(durable=True):
        election.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.ELECTION_CREATED,
            target=election,
            changes=audit.snapshot(election, ("session", "title", "kind", "seats")),
            node_path=session.term.school.path,
        )
    return election


def candidate_add(*, actor: Actor, election: Election, person: Person) -> Candidate:
    """Add a candidate (a member with a vote, of this school) before balloting starts."""
    access.require(actor, P.MANAGE_CONGRESS, election)
    if election.status != ElectionStatus.DRAFT:
        raise DomainError(_("Candidates are fixed once balloting has started."), code=E.WRONG_STATE)
    if person.school_id != election.session.term.school_id or not person.is_voting_member:
        raise DomainError(
            _("%(name)s is not a member with a vote and cannot stand.") % {"name": person.name},
            code=E.RETAINED_NO_VOTE,
            field="person",
        )
    candidate = Candidate(
        election=election, person=person, name=person.name, stroke_key=stroke_key(person.name)
    )
    try:
        with transaction.atomic(durable=True):
            candidate.save(force_insert=True)
            audit.record(
                actor=actor,
                event=events.CANDIDATE_ADDED,
                target=election,
                changes={"person": person.pk},
                node_path=election.session.term.school.path,
            )
    except IntegrityError:
        raise DomainError(
            _("%(name)s is already a candidate.") % {"name": person.name},
            code=E.DUPLICATE,
            field="person",
        ) from None
    return candidate


def _next_round(election: Election, last: Poll | None) -> tuple[list[int], int]:
    """The candidates (stroke order) and seats of the election's next round."""
    ordered = list(election.candidates.order_by("stroke_key", "pk").values_list("pk", flat=True))
    if last is None:
        needed = margin_needed(election.kind, election.seats)
        if len(ordered) < needed:
            raise DomainError(
                _("%(seats)s seats need at least %(needed)s candidates; there are %(count)s.")
                % {"seats": election.seats, "needed": needed, "count": len(ordered)},
                code=E.MARGIN,
            )
        return ordered, election.seats
    if last.status == PollStatus.VOID:
        return list(last.candidate_ids), last.seats
    result = last.result
    if result.get("runoff"):
        tied = {int(key) for key in result["runoff"] if not key.startswith(tally.WRITE_IN_PREFIX)}
        return [pk for pk in ordered if pk in tied], int(result["runoff_seats"])
    elected = {entry["candidate"] for entry in election.winners}
    remaining = [pk for pk in last.candidate_ids if pk not in elected]
    return remaining, int(result.get("unfilled", 0))


def election_open_round(*, actor: Actor, election: Election) -> Poll:
    """Issue the ballots of the next round: the first (margin checked), a run-off among the
    tied, a further round for unfilled seats, or a void round again. Needs two thirds of
    those entitled to vote present."""
    access.require(actor, P.MANAGE_CONGRESS, election)
    session = election.session
    with transaction.atomic(durable=True):
        locked = Election.objects.select_for_update().get(pk=election.pk)
        locked.session = session
        if locked.status == ElectionStatus.DONE:
            raise DomainError(_("This election is complete."), code=E.WRONG_STATE)
        rounds = list(locked.rounds.order_by("round_number"))
        if any(r.status in (PollStatus.DRAFT, PollStatus.OPEN) for r in rounds):
            raise DomainError(_("A round of this election is still open."), code=E.WRONG_STATE)
        last = rounds[-1] if rounds else None
        candidate_ids, seats = _next_round(locked, last)
        if not candidate_ids or seats < 1:
            raise DomainError(_("No candidates are left for another round."), code=E.WRONG_STATE)
        number = (last.round_number if last else 0) + 1
        poll = Poll(
            session=session,
            kind=PollKind.ELECTION,
            title=_("%(title)s, round %(number)s") % {"title": locked.title, "number": number},
            method=PollMethod.BALLOT,
            majority_base=MajorityBase.ENTITLED,
            election=locked,
            round_number=number,
            seats=seats,
            candidate_ids=candidate_ids,
        )
        start_poll(actor, poll)
        poll.save(force_insert=True)
        locked.status = ElectionStatus.BALLOTING
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.POLL_OPENED,
            target=poll,
            changes={
                "election": locked.pk,
                "round": number,
                "seats": seats,
                "candidates": candidate_ids,
                "entitled": poll.entitled_count,
                "present": poll.present_count,
            },
            node_path=session.term.school.path,
        )
    return poll


def after_round(actor: Actor, poll: Poll, counted: tally.RoundTally) -> None:
    """Record a counted round's winners on the election and say what comes next (called by
    ``poll_close`` inside its transaction)."""
    assert poll.election_id is not None  # noqa: S101 - an election round has its election
    election = Election.objects.select_for_update().get(pk=poll.election_id)
    names = dict(election.candidates.values_list("pk", "name"))
    winners: list[dict[str, Any]] = list(election.winners)
    for key in counted.elected:
        is_write_in = key.startswith(tally.WRITE_IN_PREFIX)
        winners.append(
            {
                "candidate": None if is_write_in else int(key),
                "name": key[1:] if is_write_in else names.get(int(key), ""),
                "votes": counted.votes(key),
                "round": poll.round_number,
            }
        )
    election.winners = winners
    elected = {entry["candidate"] for entry in winners}
    remaining = [pk for pk in poll.candidate_ids if pk not in elected]
    if counted.runoff:
        step = "runoff"
    elif counted.unfilled > 0 and remaining:
        step = "further"
    else:
        step = "done"
        election.status = ElectionStatus.DONE
    poll.result["next"] = step
    election.save(update_fields=["winners", "status", "updated_at"])
    if step == "done":
        audit.record(
            actor=actor,
            event=events.ELECTION_DONE,
            target=election,
            changes={"winners": winners},
            node_path=poll.session.term.school.path,
        )
