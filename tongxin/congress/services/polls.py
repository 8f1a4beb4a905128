"""Motions and the ballots of every poll (motions and election rounds).

Secrecy: casting a ballot writes two unrelated rows in one transaction, a ``VoterMark`` (who
voted; no time, no ballot reference) and a ``Ballot`` (what was voted; random id, no time, no
voter). The audit row says that the representative voted, never what. When the poll closes,
its ballots are written again in receipt-code order with the bulletin's hash chain, which
also drops any trace of the order (and, on PostgreSQL, of the transaction) they came in.
"""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events, tally
from ..choices import (
    MajorityBase,
    PollKind,
    PollMethod,
    PollStatus,
    RepresentativeKind,
    SessionStatus,
    VoteChannel,
)
from ..errors import CongressErrorCode as E
from ..models import (
    AgendaItem,
    Attendance,
    Ballot,
    CongressSession,
    Poll,
    Representative,
    VoterMark,
)
from ..permissions import CongressPermission as P
from ..queries import representative_current
from .common import check_choice, check_text, counts, new_receipt, now, require_quorum

SPOILED = "spoiled"


def motion_create(
    *,
    actor: Actor,
    session: CongressSession,
    title: str,
    method: str = PollMethod.BALLOT,
    agenda_item: AgendaItem | None = None,
    majority_base: str | None = None,
) -> Poll:
    """Prepare a motion to be decided by secret ballot (phone and/or paper) or show of hands.
    It passes with yes from more than half of the term's majority base (all seated by
    default), never of those present unless the term says so."""
    access.require(actor, P.MANAGE_CONGRESS, session)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("This session is closed."), code=E.WRONG_STATE)
    title = check_text(title, field="title", limit=200)
    method = check_choice(method, PollMethod.values, "method")
    base = check_choice(
        majority_base or session.term.majority_base, MajorityBase.values, "majority_base"
    )
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationFailed(
            _("Choose an item of this session."), code=E.INVALID, field="agenda_item"
        )
    poll = Poll(
        session=session,
        agenda_item=agenda_item,
        kind=PollKind.MOTION,
        title=title,
        method=method,
        majority_base=base,
    )
    with transaction.atomic(durable=True):
        poll.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.POLL_CREATED,
            target=poll,
            changes=audit.snapshot(poll, ("session", "kind", "title", "method", "majority_base")),
            node_path=session.term.school.path,
        )
    return poll


def lock_poll(poll: Poll) -> Poll:
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    locked.session = poll.session
    return locked


def start_poll(actor: Actor, poll: Poll) -> None:
    """Freeze the bases and open ``poll`` (locked by the caller); quorum of the term's base for
    a motion, of those entitled to vote for an election."""
    session = poll.session
    if session.status != SessionStatus.OPEN:
        raise DomainError(_("The session is not in session."), code=E.WRONG_STATE)
    now_counts = counts(session)
    if poll.kind == PollKind.ELECTION:
        require_quorum(now_counts.present, now_counts.entitled, what=_("An election"))
    else:
        require_quorum(
            now_counts.present, now_counts.base(session.term.quorum_base), what=_("A vote")
        )
    poll.seated_count = now_counts.seated
    poll.entitled_count = now_counts.entitled
    poll.present_count = now_counts.present
    poll.status = PollStatus.OPEN
    poll.opened_at = now()


def poll_open(*, actor: Actor, poll: Poll) -> Poll:
    """Open a motion's vote."""
    access.require(actor, P.MANAGE_CONGRESS, poll)
    with transaction.atomic(durable=True):
        locked = lock_poll(poll)
        if locked.status != PollStatus.DRAFT or locked.kind != PollKind.MOTION:
            raise DomainError(_("This vote cannot be opened now."), code=E.WRONG_STATE)
        start_poll(actor, locked)
        locked.save()
        audit.record(
            actor=actor,
            event=events.POLL_OPENED,
            target=locked,
            changes=audit.snapshot(locked, ("seated_count", "entitled_count", "present_count")),
            node_path=poll.session.term.school.path,
        )
    return locked


def clean_content(poll: Poll, content: object, *, paper: bool) -> dict[str, Any]:
    """The canonical content of a ballot for ``poll``. A phone ballot must be valid; a paper
    ballot may be spoiled or mark too many names (it is then counted as invalid) but must be
    well-formed."""
    if not isinstance(content, Mapping):
        raise ValidationFailed(
            _("The ballot is not readable."), code=E.INVALID_BALLOT, field="content"
        )
    if poll.kind == PollKind.MOTION:
        choice = content.get("choice")
        allowed = [*tally.CHOICES, SPOILED] if paper else list(tally.CHOICES)
        if choice not in allowed:
            raise ValidationFailed(
                _("Choose yes, no or abstain."), code=E.INVALID_BALLOT, field="choice"
            )
        return {"choice": choice}
    marks = content.get("marks") or {}
    write_ins = content.get("write_ins") or []
    if not isinstance(marks, Mapping) or not isinstance(write_ins, list | tuple):
        raise ValidationFailed(
            _("The ballot is not readable."), code=E.INVALID_BALLOT, field="content"
        )
    known = {str(pk) for pk in poll.candidate_ids}
    clean_marks: dict[str, str] = {}
    for key, value in marks.items():
        if str(key) not in known:
            raise ValidationFailed(
                _("The ballot names someone who is not a candidate."),
                code=E.INVALID_BALLOT,
                field="marks",
            )
        if value in ("", None):
            continue
        if value not in tally.CHOICES:
            raise ValidationFailed(
                _("Choose yes, no or abstain."), code=E.INVALID_BALLOT, field="marks"
            )
        clean_marks[str(key)] = str(value)
    names = [" ".join(str(name).split()) for name in write_ins]
    names = [name for name in names if name]
    if any(len(name) > 50 for name in names) or len(set(names)) != len(names):
        raise ValidationFailed(
            _("Write each other person's name once, in at most 50 characters."),
            code=E.INVALID_BALLOT,
            field="write_ins",
        )
    cleaned = {"marks": clean_marks, "write_ins": names}
    if not paper and not tally.election_ballot_valid(
        cleaned, candidate_ids=poll.candidate_ids, seats=poll.seats
    ):
        raise ValidationFailed(
            _("You may vote yes for at most %(seats)s people, write-ins included.")
            % {"seats": poll.seats},
            code=E.TOO_MANY_VOTES,
            field="marks",
        )
    return cleaned


def _voting_seat(actor: Actor, poll: Poll) -> Representative:
    if actor.person_id is None:
        raise DomainError(_("Only representatives vote."), code=E.NOT_A_REPRESENTATIVE)
    rep = representative_current(person_id=actor.person_id, term=poll.session.term)
    if rep is None:
        raise DomainError(
            _("You are not a representative of this congress."), code=E.NOT_A_REPRESENTATIVE
        )
    access.require(actor, P.CAST_BALLOT, rep)
    return rep


def check_has_vote(rep: Representative, poll: Poll) -> None:
    if rep.kind != RepresentativeKind.FORMAL:
        raise DomainError(
            _("Invited representatives and observers attend without a vote."), code=E.NO_VOTE
        )
    if rep.term_id != poll.session.term_id or rep.ended_on is not None:
        raise DomainError(_("This person holds no seat in this term."), code=E.NOT_SEATED)
    if not Attendance.objects.filter(session_id=poll.session_id, representative=rep).exists():
        raise DomainError(_("Check in at the session before voting."), code=E.NOT_PRESENT)


def _require_open_ballot(poll: Poll) -> None:
    if poll.status != PollStatus.OPEN:
        raise DomainError(_("Voting is not open."), code=E.WRONG_STATE)
    if poll.method != PollMethod.BALLOT:
        raise DomainError(_("This vote is by show of hands."), code=E.WRONG_STATE)


def _mark(poll: Poll, rep: Representative, channel: str) -> None:
    if VoterMark.objects.filter(poll=poll, representative=rep).exists():
        raise DomainError(_("You have already voted in this poll."), code=E.ALREADY_VOTED)
    try:
        with transaction.atomic():
            VoterMark.objects.create(poll=poll, representative=rep, channel=channel)
    except IntegrityError:
        raise DomainError(_("You have already voted in this poll."), code=E.ALREADY_VOTED) from None


def _store_ballot(poll: Poll, content: dict[str, Any]) -> str:
    taken = set(poll.ballots.values_list("receipt", flat=True))
    receipt = new_receipt()
    while receipt in taken:
        receipt = new_receipt()
    Ballot.objects.create(
        poll=poll, receipt=receipt, content=content, digest=tally.ballot_digest(content)
    )
    return receipt


def ballot_cast(*, actor: Actor, poll: Poll, content: Mapping[str, Any]) -> str:
    """A formal representative, checked in, votes once on their phone; returns the receipt
    code (shown to them once, stored only on the ballot, never with their name)."""
    rep = _voting_seat(actor, poll)
    check_has_vote(rep, poll)
    cleaned = clean_content(poll, content, paper=False)
    with transaction.atomic(durable=True):
        locked = lock_poll(poll)
        _require_open_ballot(locked)
        _mark(locked, rep, VoteChannel.PHONE)
        receipt = _store_ballot(locked, cleaned)
        audit.record(
            actor=actor,
            event=events.POLL_VOTED,
            target=locked,
            changes={"representative": rep.pk, "channel": VoteChannel.PHONE},
            node_path=poll.session.term.school.path,
        )
    return receipt


def paper_issue(*, actor: Actor, poll: Poll, representative: Representative) -> VoterMark:
    """A teller hands a paper ballot to a representative: from then on they cannot vote on
    the phone (and a phone voter cannot get a paper ballot)."""
    access.require(actor, P.COUNT_BALLOTS, poll)
    check_has_vote(representative, poll)
    with transaction.atomic(durable=True):
        locked = lock_poll(poll)
        _require_open_ballot(locked)
        _mark(locked, representative, VoteChannel.PAPER)
        audit.record(
            actor=actor,
            event=events.POLL_PAPER_ISSUED,
            target=locked,
            changes={"representative": representative.pk, "channel": VoteChannel.PAPER},
            node_path=poll.session.term.school.path,
        )
    return VoterMark.objects.get(poll=poll, representative=representative)


def paper_ballot_enter(*, actor: Actor, poll: Poll, content: Mapping[str, Any]) -> str:
    """A teller enters one returned paper ballot as marked (a spoiled or over-marked one is
    entered too, and counted as invalid); returns the receipt code to write on the paper."""
    access.require(actor, P.COUNT_BALLOTS, poll)
    cleaned = clean_content(poll, content, paper=True)
    with transaction.atomic(durable=True):
        locked = lock_poll(poll)
        _require_open_ballot(locked)
        receipt = _store_ballot(locked, cleaned)
        audit.record(
            actor=actor,
            event=events.POLL_PAPER_ENTERED,
            target=locked,
            changes={},
            node_path=poll.session.term.school.path,
        )
    return receipt


def hands_record(*, actor: Actor, poll: Poll, yes: int, no: int, abstain: int) -> Poll:
    """Tellers record the totals of a show of hands (at most the representatives present)."""
    access.require(actor, P.COUNT_BALLOTS, poll)
    values = {"yes": yes, "no": no, "abstain": abstain}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationFailed(
                _("Enter a whole number of zero or more."), code=E.INVALID, field=name
            )
    with transaction.atomic(durable=True):
        locked = lock_poll(poll)
        if locked.status != PollStatus.OPEN or locked.method != PollMethod.HANDS:
            raise DomainError(_("This is not an open show of hands."), code=E.WRONG_STATE)
        if yes + no + abstain > locked.present_count:
            raise DomainError(
                _("More hands (%(total)s) than representatives present (%(present)s).")
                % {"total": yes + no + abstain, "present": locked.present_count},
                code=E.TOO_MANY_VOTES,
                field="yes",
            )
        locked.hands_yes, locked.hands_no, locked.hands_abstain = yes, no, abstain
        locked.save(update_fields=["hands_yes", "hands_no", "hands_abstain", "updated_at"])
        audit.record(
            actor=actor,
            event=events.POLL_HANDS_RECORDED,
            target=locked,
            changes=values,
            node_path=poll.session.term.school.path,
        )
    return locked


def base_count(poll: Poll) -> int:
    if poll.majority_base == MajorityBase.PRESENT:
        return poll.present_count
    if poll.majority_base == MajorityBase.ENTITLED:
        return poll.entitled_count
    return poll.seated_count


def _publish(poll: Poll) -> list[dict[str, Any]]:
    """Write the poll's ballots again in receipt order with the bulletin chain."""
    ballots = sorted(poll.ballots.all(), key=lambda b: b.receipt)
    hashes = tally.bulletin_chain(poll.pk, [(b.receipt, b.digest) for b in ballots])
    poll.ballots.all().delete()
    Ballot.objects.bulk_create(
        Ballot(
            poll=poll,
            receipt=b.receipt,
            content=b.content,
            digest=b.digest,
            seq=index + 1,
            chain=chain,
        )
        for index, (b, chain) in enumerate(zip(ballots, hashes, strict=True))
    )
    poll.bulletin_head = hashes[-1] if hashes else tally.chain_start(poll.pk)
    return [b.content for b in ballots]


def poll_close(*, actor: Actor, poll: Poll) -> Poll:
    """Close voting and count. A ballot vote returning more ballots than were issued (phone
    votes plus paper ballots handed out) is void: nothing is counted and the vote is held
    again. Otherwise the bulletin is published and the result recorded."""
    from .elections import after_round

    access.require(actor, P.COUNT_BALLOTS, poll)
    with transaction.atomic(durable=True):
        locked = lock_poll(poll)
        if locked.status != PollStatus.OPEN:
            raise DomainError(_("Voting is not open."), code=E.WRONG_STATE)
        locked.closed_at = now()
        path = poll.session.term.school.path
        if locked.method == PollMethod.HANDS:
            returned = locked.hands_yes + locked.hands_no + locked.hands_abstain
            motion = tally.MotionTally(locked.hands_yes, locked.hands_no, locked.hands_abstain)
            issued = returned
            contents: list[dict[str, Any]] = []
        else:
            issued = locked.voter_marks.count()
            returned = locked.ballots.count()
            if returned > issued:
                locked.status = PollStatus.VOID
                locked.result = {"void": True, "issued": issued, "returned": returned}
                locked.save()
                audit.record(
                    actor=actor,
                    event=events.POLL_VOID,
                    target=locked,
                    changes={"issued": issued, "returned": returned},
                    node_path=path,
                )
                return locked
            contents = _publish(locked)
            motion = tally.tally_motion(contents)
        if locked.kind == PollKind.MOTION:
            base = base_count(locked)
            locked.result = {
                "yes": motion.yes,
                "no": motion.no,
                "abstain": motion.abstain,
                "invalid": motion.invalid,
                "returned": returned,
                "issued": issued,
                "not_voted": max(locked.seated_count - returned, 0),
                "base": locked.majority_base,
                "base_count": base,
                "passed": tally.majority(motion.yes, base),
            }
        else:
            round_tally = tally.tally_round(
                contents,
                candidate_ids=locked.candidate_ids,
                seats=locked.seats,
                base=base_count(locked),
            )
            locked.result = {
                **round_tally.as_dict(),
                "issued": issued,
                "base_count": base_count(locked),
                "not_voted": max(locked.entitled_count - returned, 0),
            }
            after_round(actor, locked, round_tally)
        locked.status = PollStatus.COUNTED
        locked.save()
        audit.record(
            actor=actor,
            event=events.POLL_COUNTED,
            target=locked,
            changes={"result": locked.result, "bulletin_head": locked.bulletin_head},
            node_path=path,
        )
    return locked
