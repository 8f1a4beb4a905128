"""Helpers every activities service shares: locking the activity and sign-up rows, the
branch a person counts for, check-in codes and audit rows of sign-ups."""

import secrets
from typing import cast

from django.db.models import ForeignKey

from tongxin.core import audit
from tongxin.members.models import Person
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import SEGMENT_WIDTH

from ..models import Activity, SignUp

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def lock_activity(activity: Activity | int) -> Activity:
    """Re-read and lock the activity row.

    Only the row itself is read under the lock (every sign-up queues on it, so it is kept
    cheap); the organiser and audience nodes the caller already loaded are carried over when
    the locked row still points at them, and are fetched otherwise.
    """
    pk = activity if isinstance(activity, int) else activity.pk
    locked = Activity.objects.select_for_update().get(pk=pk)
    if isinstance(activity, Activity):
        for name in ("organiser", "audience_node"):
            field = cast(ForeignKey, Activity._meta.get_field(name))
            same = getattr(activity, field.attname) == getattr(locked, field.attname)
            if same and field.is_cached(activity):
                field.set_cached_value(locked, field.get_cached_value(activity))
    return locked


def lock_sign_up(sign_up: SignUp) -> SignUp:
    return (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("activity", "slot", "person", "family_member", "node")
        .get(pk=sign_up.pk)
    )


def branch_of(person: Person) -> tuple[int, str]:
    """The id and path of the branch a person counts for (a group counts for its branch)."""
    node = person.node
    if node.kind == OrgNodeKind.GROUP and node.parent_id is not None:
        return node.parent_id, node.path[:-SEGMENT_WIDTH]
    return node.pk, node.path


def record_sign_up(actor: Actor, event: str, sign_up: SignUp, changes: dict, path: str) -> None:
    audit.record(actor=actor, event=event, target=sign_up, changes=changes, node_path=path)
