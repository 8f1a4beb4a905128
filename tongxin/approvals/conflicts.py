"""Separation of duties: nobody decides, confirms or pays what they filed, what concerns them,
or what concerns a member of their family (decision 0011).

The engine knows people only by id. ``members`` registers who a person's family are (both
ways, where a relative is also on the staff) and ``accounts`` which roles people hold (for the
``parent_level`` route). A conflicted decider is refused with ``conflict_of_interest`` before
anything is written; the step stays open for another holder of the role, or under the
``parent_level`` route for a holder on a node above the conflicted party's.
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.orgs import access
from tongxin.orgs.actor import Actor, Grant
from tongxin.orgs.models import SEGMENT_WIDTH

from .choices import ConflictRoute, PartyKind
from .errors import ApprovalsErrorCode

if TYPE_CHECKING:
    from .models import ApprovalFlow, ApprovalRequest, ApprovalStep

RelativesResolver = Callable[[int], frozenset[int]]
GrantsResolver = Callable[[Collection[int]], list[Grant]]

_relatives_resolvers: list[RelativesResolver] = []
_grants_resolvers: list[GrantsResolver] = []

FILER = "filer"
SUBJECT = "subject"
FAMILY = "family"


def register_relatives_resolver(resolver: RelativesResolver) -> None:
    """``members`` tells who a person's family are (person ids, never the person)."""
    if resolver not in _relatives_resolvers:
        _relatives_resolvers.append(resolver)


def register_grants_resolver(resolver: GrantsResolver) -> None:
    """``accounts`` tells which roles the people with these ids hold today."""
    if resolver not in _grants_resolvers:
        _grants_resolvers.append(resolver)


def relatives_of(person_id: int) -> frozenset[int]:
    """Ids of the people recorded as family of ``person_id`` (either way), without them."""
    found: set[int] = set()
    for resolver in _relatives_resolvers:
        found |= resolver(person_id)
    found.discard(person_id)
    return frozenset(found)


def grants_of(person_ids: Collection[int]) -> list[Grant]:
    if not person_ids:
        return []
    return [grant for resolver in _grants_resolvers for grant in resolver(person_ids)]


def conflicted_person_ids(actor: Actor) -> frozenset[int]:
    """The actor's person and their family: a request about any of them is not theirs to decide."""
    if actor.is_system or actor.person_id is None:
        return frozenset()
    return frozenset({actor.person_id}) | relatives_of(actor.person_id)


@dataclass(frozen=True)
class Conflict:
    """Why an actor may not decide: they filed it, it concerns them, or their family."""

    reason: str

    def message(self) -> str:
        if self.reason == FILER:
            return _("You filed this; it must be decided by someone else.")
        if self.reason == SUBJECT:
            return _("This concerns you; it must be decided by someone else.")
        return _("This concerns a member of your family; it must be decided by someone else.")


def conflict_of(
    actor: Actor,
    *,
    filed_by_user_id: int | None = None,
    filer_person_ids: Iterable[int] = (),
    subject_person_ids: Iterable[int] = (),
) -> Conflict | None:
    """Whether ``actor`` is a party (filer, subject) to something, or family of one.

    One query (the actor's family) unless the actor is the filer or the subject already. The
    system actor is never conflicted.
    """
    if actor.is_system:
        return None
    filers = {pid for pid in filer_person_ids if pid is not None}
    subjects = {pid for pid in subject_person_ids if pid is not None}
    if filed_by_user_id is not None and filed_by_user_id == actor.user_id:
        return Conflict(FILER)
    if actor.person_id is None:
        return None
    if actor.person_id in filers:
        return Conflict(FILER)
    if actor.person_id in subjects:
        return Conflict(SUBJECT)
    if (filers | subjects) and relatives_of(actor.person_id) & (filers | subjects):
        return Conflict(FAMILY)
    return None


def require_independent(
    actor: Actor,
    *,
    filed_by_user_id: int | None = None,
    filer_person_ids: Iterable[int] = (),
    subject_person_ids: Iterable[int] = (),
    field: str | None = None,
) -> None:
    """Refuse with ``conflict_of_interest`` when ``actor`` is a party or family of one.

    For the confirmations outside the approval engine (a donation report, a proxy sign-off,
    a payment): call it before anything is written.
    """
    conflict = conflict_of(
        actor,
        filed_by_user_id=filed_by_user_id,
        filer_person_ids=filer_person_ids,
        subject_person_ids=subject_person_ids,
    )
    if conflict is not None:
        raise DomainError(
            conflict.message(), code=ApprovalsErrorCode.CONFLICT_OF_INTEREST, field=field
        )


def conflict_with_person(actor: Actor, person_id: int, mine: frozenset[int]) -> Conflict | None:
    """The conflict with one person, given ``mine = conflicted_person_ids(actor)`` computed
    once (for checking many rows in a constant number of queries)."""
    if person_id not in mine:
        return None
    return Conflict(SUBJECT if person_id == actor.person_id else FAMILY)


def request_conflict(actor: Actor, request: "ApprovalRequest") -> Conflict | None:
    """The actor's conflict with a request (reads its parties: one query, two with family)."""
    if actor.is_system:
        return None
    if request.requested_by_id is not None and request.requested_by_id == actor.user_id:
        return Conflict(FILER)
    parties = list(request.parties.values_list("person_id", "kind"))
    return conflict_of(
        actor,
        filer_person_ids=[pid for pid, kind in parties if kind == PartyKind.FILER],
        subject_person_ids=[pid for pid, kind in parties if kind == PartyKind.SUBJECT],
    )


def conflicted_requests_q(actor: Actor) -> Q:
    """Requests ``actor`` is conflicted on, as a filter (one query for the actor's family)."""
    from .models import ApprovalParty

    if actor.is_system:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    if actor.user_id is not None:
        condition |= Q(requested_by_id=actor.user_id)
    people = conflicted_person_ids(actor)
    if people:
        parties = ApprovalParty.objects.filter(
            request_id=OuterRef("pk"), person_id__in=sorted(people)
        )
        condition |= Q(Exists(parties))
    return condition


def escalation_floor(
    request: "ApprovalRequest", step: "ApprovalStep", flow: "ApprovalFlow", party_ids: list[int]
) -> str:
    """Under ``parent_level``: the deepest node at which a party (or their family) holds the
    step's permission over the request; the step is decided strictly above it. Else ``""``
    (also when that node is a root: nobody is above it, so another holder decides)."""
    if step.route(flow) != ConflictRoute.PARENT_LEVEL or not party_ids:
        return ""
    people: set[int] = set(party_ids)
    for person_id in party_ids:
        people |= relatives_of(person_id)
    node_path = request.node.path
    covering = [
        grant.node_path
        for grant in grants_of(sorted(people))
        if access.role_has(grant.role, step.permission) and node_path.startswith(grant.node_path)
    ]
    floor = max(covering, key=len) if covering else ""
    # A party at the top of the tree has no level above: another holder decides instead.
    return floor if len(floor) > SEGMENT_WIDTH else ""


def above_floor(actor: Actor, permission: str, floor: str) -> bool:
    """Whether ``actor`` holds ``permission`` on a strict ancestor of the node at ``floor``."""
    if not floor or actor.is_system:
        return True
    return any(
        floor.startswith(root) and root != floor for root in access.grant_paths(actor, permission)
    )


def escalated_message() -> str:
    return _(
        "A party to this request holds this step's role here; it is decided at the level above."
    )
