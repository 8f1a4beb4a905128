"""Creating, changing, publishing, cancelling and closing activities.

``estimated_cost_fen`` and ``budget_line`` are the plan; what is actually paid is posted
through the funds ledger by ``costs.activity_cost_post`` (one ``ActivityCost`` per payment).
"""

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import clock, events, notices
from ..choices import (
    INFORMED_STATUSES,
    LIVE_STATUSES,
    ActivityKind,
    ActivityStatus,
    Allocation,
    FamilyScope,
    StaffScope,
)
from ..choices import SignUpStatus as S
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, ActivitySlot, SignUp
from ..permissions import ActivitiesPermission as P
from .common import lock_activity, new_code
from .waitlist import promote

EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "place",
    "outside_co_organisers",
    "starts_at",
    "ends_at",
    "sign_up_opens_at",
    "sign_up_deadline",
    "quota",
    "requires_approval",
    "allocation",
    "lottery_at",
    "offer_hours",
    "audience_node",
    "staff_scope",
    "include_retirees",
    "staff_allowed",
    "gender",
    "min_age",
    "max_age",
    "family_scope",
    "child_min_age",
    "child_max_age",
    "outsiders_allowed",
    "estimated_cost_fen",
    "budget_line",
)
_TEXT_LIMITS = {"title": 200, "place": 200, "outside_co_organisers": 300, "budget_line": 100}
_CHOICES = {
    "kind": ActivityKind.values,
    "allocation": Allocation.values,
    "staff_scope": StaffScope.values,
    "family_scope": FamilyScope.values,
    "gender": ["", "male", "female"],
}
_AGE_FIELDS = ("min_age", "max_age", "child_min_age", "child_max_age")
_FLAGS = ("requires_approval", "include_retirees", "staff_allowed", "outsiders_allowed")
# Changing these after people signed up is announced to them.
_ANNOUNCED = {
    "starts_at": gettext_lazy("new time"),
    "ends_at": gettext_lazy("new end time"),
    "place": gettext_lazy("new place"),
}


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise ValidationFailed(_("Unknown field %(name)s.") % {"name": name}, field=name)
        if name in _TEXT_LIMITS or name == "description":
            value = str(value or "").strip()
            if len(value) > _TEXT_LIMITS.get(name, 5000):
                raise ValidationFailed(_("This text is too long."), field=name)
        elif name in _CHOICES and value not in _CHOICES[name]:
            raise ValidationFailed(_("Choose one of the options."), field=name)
        elif name in _AGE_FIELDS and value is not None and not (0 <= int(value) <= 120):
            raise ValidationFailed(_("Enter an age between 0 and 120."), field=name)
        elif name in _FLAGS:
            value = bool(value)
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        raise ValidationFailed(_("Enter a title."), field="title")
    return cleaned


def _check(activity: Activity) -> None:
    """The rules an activity's fields must satisfy together."""

    def fail(message: str, field: str, code: str = E.INVALID_DATES) -> NoReturn:
        raise ValidationFailed(message, code=code, field=field)

    if not activity.starts_at or not activity.ends_at:
        fail(_("Enter the start and end times."), "starts_at")
    if activity.ends_at < activity.starts_at:
        fail(_("The end must not be before the start."), "ends_at")
    closes = activity.closes_at
    if activity.sign_up_deadline and activity.sign_up_deadline > activity.ends_at:
        fail(_("The sign-up deadline must not be after the end."), "sign_up_deadline")
    if activity.sign_up_opens_at and activity.sign_up_opens_at >= closes:
        fail(_("Sign-up must open before the deadline."), "sign_up_opens_at")
    if activity.allocation == Allocation.LOTTERY:
        if activity.lottery_at is None or activity.lottery_at < closes:
            fail(_("A lottery is drawn at or after the sign-up deadline."), "lottery_at")
        if activity.lottery_at > activity.starts_at:
            fail(_("The lottery must be drawn before the activity starts."), "lottery_at")
    if activity.quota is not None and activity.quota < 1:
        fail(_("Places must be at least 1."), "quota", E.INVALID_QUOTA)
    if (activity.estimated_cost_fen or 0) < 0:
        fail(_("A cost cannot be negative."), "estimated_cost_fen", E.INVALID_QUOTA)
    for low, high in (("min_age", "max_age"), ("child_min_age", "child_max_age")):
        low_value, high_value = getattr(activity, low), getattr(activity, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            fail(_("The lowest age must not be above the highest."), low, E.INVALID_AUDIENCE)
    if not activity.audience_node.path.startswith(activity.organiser.path):
        fail(
            _("The audience must lie within the organiser's part of the union."),
            "audience_node",
            E.INVALID_AUDIENCE,
        )
    if not activity.staff_allowed and activity.family_scope == FamilyScope.NONE:
        fail(
            _("Let staff or their family members sign up, or nobody can."),
            "staff_allowed",
            E.INVALID_AUDIENCE,
        )


def _co_organisers(activity: Activity, ids: Iterable[int]) -> list[OrgNode]:
    ids = sorted(set(ids))
    nodes = list(
        OrgNode.objects.filter(pk__in=ids, school_id=activity.school_id, is_archived=False)
    )
    if len(nodes) != len(ids):
        raise ValidationFailed(
            _("Co-organisers must be nodes of this school union."), field="co_organisers"
        )
    return nodes


def activity_create(
    *, actor: Actor, organiser: OrgNode, co_organiser_ids: Iterable[int] = (), **data: Any
) -> Activity:
    """Create a draft activity organised by ``organiser`` (audience defaults to its subtree)."""
    access.require_at(actor, P.MANAGE_ACTIVITY, organiser)
    if organiser.school_id is None or organiser.kind == OrgNodeKind.PARENT_UNION:
        raise ValidationFailed(
            _("Activities are organised by a school union, a branch or a group."), field="organiser"
        )
    cleaned = _clean(data)
    cleaned.setdefault("audience_node", organiser)
    activity = Activity(school_id=organiser.school_id, organiser=organiser, **cleaned)
    _check(activity)
    nodes = _co_organisers(activity, co_organiser_ids)
    with transaction.atomic(durable=True):
        activity.save(force_insert=True)
        activity.co_organisers.set(nodes)
        audit.record(
            actor=actor,
            event=events.ACTIVITY_CREATED,
            target=activity,
            changes={
                **audit.snapshot(activity, EDITABLE_FIELDS),
                "co_organisers": [n.pk for n in nodes],
            },
            node_path=organiser.path,
        )
    return activity


def activity_update(
    *,
    actor: Actor,
    activity: Activity,
    changes: Mapping[str, Any],
    co_organiser_ids: Iterable[int] | None = None,
) -> Activity:
    """Change an activity that is not cancelled or closed.

    Rules: how places are given out cannot change once people have signed up. Effects: audit;
    people signed up are told of a new time or place; more places go to the waitlist.
    """
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    cleaned = _clean(changes)
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        if activity.status in (ActivityStatus.CANCELLED, ActivityStatus.CLOSED):
            raise InvalidTransition(_("A cancelled or closed activity cannot be changed."))
        before = audit.snapshot(activity, EDITABLE_FIELDS)
        for name, value in cleaned.items():
            setattr(activity, name, value)
        _check(activity)
        delta = audit.diff(before, audit.snapshot(activity, EDITABLE_FIELDS))
        if {"starts_at", "ends_at"} & set(delta) and (
            ActivitySlot.objects.filter(activity=activity)
            .filter(Q(starts_at__lt=activity.starts_at) | Q(ends_at__gt=activity.ends_at))
            .exists()
        ):
            raise ValidationFailed(
                _("A slot lies within the activity's start and end."),
                code=E.INVALID_DATES,
                field="starts_at",
            )
        signed_up = SignUp.objects.filter(activity=activity, status__in=LIVE_STATUSES).exists()
        if signed_up and {"allocation", "requires_approval"} & set(delta):
            raise DomainError(
                _("How places are given out cannot change after people have signed up."),
                code=E.HAS_SIGN_UPS,
                field="allocation",
            )
        if co_organiser_ids is not None:
            nodes = _co_organisers(activity, co_organiser_ids)
            old = sorted(activity.co_organisers.values_list("pk", flat=True))
            if old != [n.pk for n in nodes]:
                activity.co_organisers.set(nodes)
                delta["co_organisers"] = [old, [n.pk for n in nodes]]
        if not delta:
            return activity
        fields = [name for name in delta if name in EDITABLE_FIELDS]
        if fields:
            activity.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=actor,
            event=events.ACTIVITY_UPDATED,
            target=activity,
            changes=delta,
            node_path=activity.organiser.path,
        )
        if activity.status == ActivityStatus.PUBLISHED:
            announced = [str(label) for name, label in _ANNOUNCED.items() if name in delta]
            if announced:
                informed = list(
                    SignUp.objects.filter(
                        activity=activity, status__in=INFORMED_STATUSES
                    ).select_related("person")
                )
                notices.activity_changed(activity, informed, announced)
            if "quota" in delta:
                promote(actor=actor, activity=activity, now=clock.now())
    return activity


def activity_publish(*, actor: Actor, activity: Activity) -> Activity:
    """Open a draft for sign-up; it gets its event check-in code."""
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        if activity.status != ActivityStatus.DRAFT:
            raise InvalidTransition(_("Only a draft can be published."))
        _check(activity)
        activity.status, activity.published_at = ActivityStatus.PUBLISHED, clock.now()
        activity.check_in_code = new_code()
        activity.save(update_fields=["status", "published_at", "check_in_code", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ACTIVITY_PUBLISHED,
            target=activity,
            changes={"status": [ActivityStatus.DRAFT, ActivityStatus.PUBLISHED]},
            node_path=activity.organiser.path,
        )
    return activity


def activity_cancel(*, actor: Actor, activity: Activity, reason: str = "") -> Activity:
    """Call an activity off; everybody signed up is told (with the reason)."""
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    reason = " ".join(reason.split())[:200]
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        if activity.status not in (ActivityStatus.DRAFT, ActivityStatus.PUBLISHED):
            raise InvalidTransition(_("Only a draft or published activity can be cancelled."))
        before = activity.status
        activity.status, activity.cancelled_at, activity.cancel_reason = (
            ActivityStatus.CANCELLED,
            clock.now(),
            reason,
        )
        activity.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ACTIVITY_CANCELLED,
            target=activity,
            changes={"status": [before, ActivityStatus.CANCELLED], "reason": reason},
            node_path=activity.organiser.path,
        )
        informed = list(
            SignUp.objects.filter(activity=activity, status__in=INFORMED_STATUSES).select_related(
                "person"
            )
        )
        notices.activity_cancelled(activity, informed)
    return activity


def activity_close(*, actor: Actor, activity: Activity) -> Activity:
    """Close an activity that has ended: confirmed people who never checked in are no-shows."""
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        if activity.status != ActivityStatus.PUBLISHED:
            raise InvalidTransition(_("Only a published activity can be closed."))
        now = clock.now()
        if now < activity.ends_at:
            raise DomainError(_("An activity can be closed once it has ended."), code=E.NOT_ENDED)
        no_shows = SignUp.objects.filter(activity=activity, status=S.CONFIRMED).update(
            status=S.NO_SHOW, updated_at=now
        )
        activity.status, activity.closed_at = ActivityStatus.CLOSED, now
        activity.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ACTIVITY_CLOSED,
            target=activity,
            changes={
                "status": [ActivityStatus.PUBLISHED, ActivityStatus.CLOSED],
                "no_shows": no_shows,
            },
            node_path=activity.organiser.path,
        )
    return activity
