"""Drafting, co-signing and submitting proposals, and what happens to a late one.

A formal representative drafts a proposal in an open collection and sends it for co-signing;
formal representatives of the same term co-sign it on their phones; the co-signature that
reaches the collection's count submits it and gives it its number. After the collection
closes, an unsubmitted proposal can only be sent to the union as a suggestion (voice).
"""

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.congress import queries as congress_queries
from tongxin.congress.choices import RepresentativeKind
from tongxin.core import audit
from tongxin.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.voice import services as voice_services
from tongxin.voice.choices import ItemKind

from .. import events, notices
from ..choices import CATEGORY_TO_VOICE, ProposalCategory, ProposalStatus
from ..errors import ProposalErrorCode
from ..models import Proposal, ProposalCollection, ProposalCoSignature
from ..permissions import ProposalPermission
from .common import check_transition, clean_text, formal_seat, require_proposer, require_status

P = ProposalPermission
S = ProposalStatus
TITLE_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 4000


def _check_content(title: str, reasons: str, measures: str, category: str) -> tuple[str, str, str]:
    if category not in ProposalCategory.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    return (
        clean_text(title, field="title", max_length=TITLE_MAX_LENGTH),
        clean_text(reasons, field="reasons", max_length=TEXT_MAX_LENGTH),
        clean_text(measures, field="measures", max_length=TEXT_MAX_LENGTH),
    )


def _require_open(collection: ProposalCollection, now: dt.datetime) -> None:
    if now < collection.opens_at:
        raise DomainError(
            _("The proposal collection opens on %(date)s.")
            % {"date": timezone.localtime(collection.opens_at).strftime("%Y-%m-%d %H:%M")},
            code=ProposalErrorCode.COLLECTION_NOT_OPEN,
        )
    if now >= collection.closes_at:
        raise DomainError(
            _(
                "The proposal collection closed on %(date)s. You can still send this to the "
                "union as a suggestion."
            )
            % {"date": timezone.localtime(collection.closes_at).strftime("%Y-%m-%d %H:%M")},
            code=ProposalErrorCode.COLLECTION_CLOSED,
        )


def _moment(at: dt.datetime | None) -> dt.datetime:
    """When the step happened: now by default, never in the future (an entry made later)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise ValidationFailed(_("The date cannot be in the future."), field="at")
    return at


def _in_school(actor: Actor, collection: ProposalCollection) -> None:
    """A collection of another school looks missing (ids cannot be probed)."""
    if actor.is_system:
        return
    if (
        actor.person_id is None
        or not Person.objects.filter(
            pk=actor.person_id, node__school_id=collection.school_id
        ).exists()
    ):
        raise NotFound()


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("collection__school", "collection__term", "node", "proposer")
        .get(pk=proposal.pk)
    )


def proposal_draft(
    *,
    actor: Actor,
    collection: ProposalCollection,
    title: str,
    reasons: str,
    measures: str,
    category: str,
    at: dt.datetime | None = None,
) -> Proposal:
    """Draft a proposal (one matter: title, reasons, concrete measures, category).

    Rules: the actor is a formal representative of the collection's term; the collection is
    open. The draft belongs to the proposer's branch. Audited.
    """
    _in_school(actor, collection)
    if not access.can_somewhere(actor, P.PROPOSE):
        raise Forbidden()
    seat = formal_seat(actor, collection.term)
    title, reasons, measures = _check_content(title, reasons, measures, category)
    with transaction.atomic(durable=True):
        collection = ProposalCollection.objects.select_related("term", "school").get(
            pk=collection.pk
        )
        _require_open(collection, _moment(at))
        proposer = Person.objects.select_related("node").get(pk=seat.person_id)
        proposal = Proposal(
            collection=collection,
            title=title,
            reasons=reasons,
            measures=measures,
            category=category,
            proposer=proposer,
            representative=seat,
            node_id=proposer.node_id,
        )
        proposal.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.PROPOSAL_DRAFTED,
            target=proposal,
            changes={"title": title, "category": category},
            node_path=proposer.node.path,
        )
    return proposal


def proposal_update(
    *, actor: Actor, proposal: Proposal, title: str, reasons: str, measures: str, category: str
) -> Proposal:
    """The proposer edits a draft (not once it is out for co-signing). Audited with the diff."""
    require_proposer(actor, proposal)
    title, reasons, measures = _check_content(title, reasons, measures, category)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.CO_SIGNING)
        fields = ("title", "reasons", "measures", "category")
        before = {name: getattr(proposal, name) for name in fields}
        proposal.title, proposal.reasons, proposal.measures, proposal.category = (
            title,
            reasons,
            measures,
            category,
        )
        proposal.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=actor,
            event=events.PROPOSAL_UPDATED,
            target=proposal,
            changes=audit.diff(before, {name: getattr(proposal, name) for name in fields}),
            node_path=proposal.node.path,
        )
    return proposal


def _submit_locked(actor: Actor, proposal: Proposal, now: dt.datetime) -> None:
    """Give the proposal the next number of its collection (under the collection's lock)."""
    ProposalCollection.objects.select_for_update().filter(pk=proposal.collection_id).first()
    last = Proposal.objects.filter(collection_id=proposal.collection_id).aggregate(
        last=Max("number")
    )["last"]
    old = proposal.status
    proposal.status, proposal.submitted_at, proposal.number = S.SUBMITTED, now, (last or 0) + 1
    proposal.save(update_fields=["status", "submitted_at", "number", "updated_at"])
    audit.record(
        actor=actor,
        event=events.PROPOSAL_SUBMITTED,
        target=proposal,
        changes={"status": [old, S.SUBMITTED], "number": proposal.number},
        node_path=proposal.node.path,
    )
    notices.submitted(proposal)


def proposal_send_for_co_signing(
    *,
    actor: Actor,
    proposal: Proposal,
    invitees: Sequence[Person] = (),
    at: dt.datetime | None = None,
) -> Proposal:
    """The proposer sends the draft out for co-signing, asking ``invitees`` (formal
    representatives of the term) to co-sign; with no co-signers needed it is submitted at once.

    Rules: the proposer only; the collection is open; every invitee is a formal representative
    and not the proposer. Audited; the invitees are notified.
    """
    require_proposer(actor, proposal)
    term = proposal.collection.term
    for person in invitees:
        seat = congress_queries.representative_current(person_id=person.pk, term=term)
        if (
            person.pk == proposal.proposer_id
            or seat is None
            or seat.kind != RepresentativeKind.FORMAL
        ):
            raise ValidationFailed(
                _("%(name)s is not a formal representative who can co-sign this.")
                % {"name": person.name},
                code=ProposalErrorCode.NOT_A_REPRESENTATIVE,
                field="invitees",
            )
    now = _moment(at)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.CO_SIGNING)
        _require_open(proposal.collection, now)
        if proposal.collection.min_co_signers == 0:
            _submit_locked(actor, proposal, now)
            return proposal
        proposal.status = S.CO_SIGNING
        proposal.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.PROPOSAL_SENT_FOR_CO_SIGNING,
            target=proposal,
            changes={"status": [S.DRAFT, S.CO_SIGNING], "invitees": [p.pk for p in invitees]},
            node_path=proposal.node.path,
        )
        if invitees:
            notices.co_sign_requested(proposal, invitees)
    return proposal


def proposal_co_sign(
    *, actor: Actor, proposal: Proposal, at: dt.datetime | None = None
) -> ProposalCoSignature:
    """Co-sign a proposal as a formal representative of its term.

    Rules: not one's own proposal; once per person; only while it waits for co-signers (or,
    submitted, for its review) and the collection is open. The co-signature that reaches the collection's count submits the
    proposal (numbered in order). Takes the proposal's row lock, so two last co-signatures
    cannot both submit it. Audited.
    """
    _in_school(actor, proposal.collection)
    if not access.can_somewhere(actor, P.CO_SIGN):
        raise Forbidden()
    seat = formal_seat(actor, proposal.collection.term)
    if seat.person_id == proposal.proposer_id:
        raise DomainError(
            _("You cannot co-sign your own proposal."), code=ProposalErrorCode.OWN_PROPOSAL
        )
    now = _moment(at)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        if proposal.co_signatures.filter(person_id=seat.person_id).exists():
            raise Conflict(
                _("You have already co-signed this proposal."),
                code=ProposalErrorCode.ALREADY_CO_SIGNED,
            )
        # More representatives may add their support after it is submitted, until the review.
        require_status(proposal.status, [S.CO_SIGNING, S.SUBMITTED])
        _require_open(proposal.collection, now)
        signature = ProposalCoSignature(
            proposal=proposal, person_id=seat.person_id, representative=seat, signed_at=now
        )
        try:
            with transaction.atomic():
                signature.save(force_insert=True)
        except IntegrityError:
            raise Conflict(
                _("You have already co-signed this proposal."),
                code=ProposalErrorCode.ALREADY_CO_SIGNED,
            ) from None
        count = proposal.co_signatures.count()
        audit.record(
            actor=actor,
            event=events.PROPOSAL_CO_SIGNED,
            target=proposal,
            changes={"co_signer": seat.person_id, "count": count},
            node_path=proposal.node.path,
        )
        if proposal.status == S.CO_SIGNING and count >= proposal.collection.min_co_signers:
            _submit_locked(actor, proposal, now)
    return signature


def proposal_withdraw(*, actor: Actor, proposal: Proposal) -> Proposal:
    """The proposer withdraws a proposal that is not submitted yet. Audited."""
    require_proposer(actor, proposal)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.WITHDRAWN)
        old = proposal.status
        proposal.status, proposal.closed_on = S.WITHDRAWN, timezone.localdate()
        proposal.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.PROPOSAL_WITHDRAWN,
            target=proposal,
            changes={"status": [old, S.WITHDRAWN]},
            node_path=proposal.node.path,
        )
    return proposal


def proposal_send_as_suggestion(
    *, actor: Actor, proposal: Proposal, at: dt.datetime | None = None
) -> Proposal:
    """After the collection closed, the proposer sends an unsubmitted proposal to the union as
    a suggestion: a voice item in the proposer's name, which the union office takes
    up and passes on like any other.

    Rules: the proposer only; the collection has closed; the proposal was not submitted.
    Audited (here and by voice).
    """
    require_proposer(actor, proposal)
    now = _moment(at)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.LATE)
        if now < proposal.collection.closes_at:
            raise DomainError(
                _("The collection is still open: send the proposal for co-signing instead."),
                code=ProposalErrorCode.COLLECTION_STILL_OPEN,
            )
        item = voice_services.voice_item_file_within(
            actor=actor,
            person=proposal.proposer,
            kind=ItemKind.SUGGESTION,
            category=CATEGORY_TO_VOICE[proposal.category],
            title=proposal.title,
            text=_suggestion_text(proposal),
            filed_on=timezone.localdate(now),
        )
        old = proposal.status
        proposal.status, proposal.voice_item, proposal.closed_on = S.LATE, item, item.filed_on
        proposal.save(update_fields=["status", "voice_item", "closed_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.PROPOSAL_SENT_AS_SUGGESTION,
            target=proposal,
            changes={"status": [old, S.LATE], "voice_item": item.pk},
            node_path=proposal.node.path,
        )
    return proposal


def _suggestion_text(proposal: Proposal) -> str:
    text = _("Reasons: %(reasons)s\n\nMeasures: %(measures)s") % {
        "reasons": proposal.reasons,
        "measures": proposal.measures,
    }
    return text[:2000]
