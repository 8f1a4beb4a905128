"""Collection windows: the union office or the congress secretariat opens one per session of
a congress term, with its dates and rules."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.congress.models import CongressSession, CongressTerm
from tongxin.core import audit
from tongxin.core.errors import Conflict, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..errors import ProposalErrorCode
from ..models import ProposalCollection
from ..permissions import ProposalPermission
from .common import clean_text

P = ProposalPermission


def _check_rules(
    opens_at: dt.datetime, closes_at: dt.datetime, min_co_signers: int, reply_days: int
) -> None:
    if closes_at <= opens_at:
        raise ValidationFailed(
            _("The collection must close after it opens."),
            code=ProposalErrorCode.COLLECTION_DATES,
            field="closes_at",
        )
    if not 0 <= min_co_signers <= 20:
        raise ValidationFailed(_("Between 0 and 20 co-signers, please."), field="min_co_signers")
    if not 1 <= reply_days <= 365:
        raise ValidationFailed(_("Between 1 and 365 days, please."), field="reply_days")


def proposal_collection_create(
    *,
    actor: Actor,
    term: CongressTerm,
    session_number: int,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    min_co_signers: int | None = None,
    reply_days: int | None = None,
    session: CongressSession | None = None,
) -> ProposalCollection:
    """Open a collection window for a session of ``term``'s congress.

    Rules: the dates are ordered; one collection per session; ``session``, when the session
    is already scheduled, is one of the term's and gives the session number; the co-signer count and the
    reply deadline default to ``TONGXIN_PROPOSALS_MIN_CO_SIGNERS`` and
    ``TONGXIN_PROPOSALS_REPLY_DAYS``. Audited.
    """
    access.require_at(actor, P.MANAGE_COLLECTION, term.school)
    title = clean_text(title, field="title", max_length=100)
    if session is not None:
        if session.term_id != term.pk:
            raise ValidationFailed(_("Choose a session of this term."), field="session")
        session_number = session.number
    if session_number < 1:
        raise ValidationFailed(_("The session number starts at 1."), field="session_number")
    co_signers = (
        settings.TONGXIN_PROPOSALS_MIN_CO_SIGNERS if min_co_signers is None else min_co_signers
    )
    days = settings.TONGXIN_PROPOSALS_REPLY_DAYS if reply_days is None else reply_days
    _check_rules(opens_at, closes_at, co_signers, days)
    with transaction.atomic(durable=True):
        collection = ProposalCollection(
            school_id=term.school_id,
            term=term,
            session_number=session_number,
            session=session,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            min_co_signers=co_signers,
            reply_days=days,
            created_by_id=actor.user_id,
        )
        try:
            with transaction.atomic():
                collection.save(force_insert=True)
        except IntegrityError:
            raise Conflict(
                _("This session already has a proposal collection."),
                code=ProposalErrorCode.COLLECTION_EXISTS,
                field="session_number",
            ) from None
        audit.record(
            actor=actor,
            event=events.COLLECTION_CREATED,
            target=collection,
            changes={
                "term": term.pk,
                "session_number": session_number,
                "opens_at": opens_at.isoformat(),
                "closes_at": closes_at.isoformat(),
                "min_co_signers": co_signers,
                "reply_days": days,
            },
            node_path=term.school.path,
        )
    return collection


def proposal_collection_update(
    *,
    actor: Actor,
    collection: ProposalCollection,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    min_co_signers: int,
    reply_days: int,
) -> ProposalCollection:
    """Change a collection's dates or rules (e.g. extend the deadline). Audited with the diff."""
    access.require(actor, P.MANAGE_COLLECTION, collection)
    _check_rules(opens_at, closes_at, min_co_signers, reply_days)
    with transaction.atomic(durable=True):
        collection = (
            ProposalCollection.objects.select_for_update(of=("self",))
            .select_related("school")
            .get(pk=collection.pk)
        )
        fields = ("opens_at", "closes_at", "min_co_signers", "reply_days")
        before = {name: getattr(collection, name) for name in fields}
        after = {
            "opens_at": opens_at,
            "closes_at": closes_at,
            "min_co_signers": min_co_signers,
            "reply_days": reply_days,
        }
        for name, value in after.items():
            setattr(collection, name, value)
        collection.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=actor,
            event=events.COLLECTION_UPDATED,
            target=collection,
            changes=audit.diff(
                {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
            ),
            node_path=collection.school.path,
        )
    return collection
