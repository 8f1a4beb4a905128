"""Reads of activities and sign-ups, scoped through ``orgs.access``; a fixed number of queries
per page or API list whatever the number of rows.

Who sees an activity: its organisers' subtree (``view_activity``); officers who register
people (``sign_up``) of a branch inside its audience; and, once published, every person in its
audience or signed up for it.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from tongxin.core.errors import NotFound
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode, subtree_q

from . import clock
from .audience import ancestor_paths, open_to_q
from .choices import HOLDING_STATUSES, LIVE_STATUSES, ActivityStatus
from .choices import SignUpStatus as S
from .draw import ticket
from .models import Activity, ActivityBranchQuota, ActivitySlot, CalendarFeed, LotteryDraw, SignUp
from .permissions import ActivitiesPermission as P


def _counts() -> dict[str, Count]:
    return {
        "places_taken": Count("sign_ups", filter=Q(sign_ups__status__in=HOLDING_STATUSES)),
        "waitlisted": Count("sign_ups", filter=Q(sign_ups__status=S.WAITLISTED)),
        "attended": Count("sign_ups", filter=Q(sign_ups__status=S.ATTENDED)),
        "pending": Count(
            "sign_ups", filter=Q(sign_ups__status__in=(S.PENDING_APPROVAL, S.ENTERED))
        ),
    }


def _registrar_q(actor: Actor) -> Q:
    """Activities whose audience covers a branch where the actor registers people."""
    condition = Q(pk__in=[])
    for root in access.grant_paths(actor, P.SIGN_UP):
        condition |= Q(audience_node__path__in=ancestor_paths(root))
        condition |= subtree_q(root, "audience_node__path")
    return condition


@dataclass(frozen=True)
class ActivityFilters:
    status: str = ""
    kind: str = ""
    q: str = ""
    upcoming: bool = False


def activity_list_office(
    *, actor: Actor, filters: ActivityFilters | None = None
) -> QuerySet[Activity]:
    """Activities an officer organises or registers people for, with place counts."""
    filters = filters or ActivityFilters()
    qs = Activity.objects.select_related("organiser")
    condition = access.scope_q(Activity, actor, P.VIEW_ACTIVITY)
    if condition is not None:
        qs = qs.filter(condition | (_registrar_q(actor) & ~Q(status=ActivityStatus.DRAFT)))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(place__icontains=filters.q))
    if filters.upcoming:
        qs = qs.filter(ends_at__gte=clock.now())
    return qs.annotate(**_counts()).order_by("-starts_at", "-pk")


def _own_sign_ups(person_id: int) -> Prefetch:
    return Prefetch(
        "sign_ups",
        queryset=SignUp.objects.filter(
            person_id=person_id, status__in=LIVE_STATUSES
        ).select_related("family_member", "slot"),
        to_attr="my_sign_ups",
    )


def activity_list_open(*, actor: Actor) -> QuerySet[Activity]:
    """Published activities not yet over whose audience includes the actor (or a child)."""
    person = _person(actor)
    if person is None:
        return Activity.objects.none()
    now = clock.now()
    qs = Activity.objects.filter(
        open_to_q(person, now.date()), status=ActivityStatus.PUBLISHED, ends_at__gte=now
    )
    return (
        qs.select_related("organiser")
        .annotate(**_counts())
        .prefetch_related(_own_sign_ups(person.pk))
        .order_by("starts_at", "pk")
    )


def _person(actor: Actor) -> Person | None:
    if actor.person_id is None:
        return None
    return Person.objects.select_related("node").filter(pk=actor.person_id).first()


def _visible(actor: Actor, activity: Activity) -> bool:
    if actor.is_system or access.can(actor, P.VIEW_ACTIVITY, activity):
        return True
    if activity.status == ActivityStatus.DRAFT:
        return False
    audience = activity.audience_node.path
    if any(
        root.startswith(audience) or audience.startswith(root)
        for root in access.grant_paths(actor, P.SIGN_UP)
    ):
        return True
    if actor.person_id is None:
        return False
    person_path = (
        Person.objects.filter(pk=actor.person_id, school_id=activity.school_id)
        .values_list("node__path", flat=True)
        .first()
    )
    if person_path and person_path.startswith(audience):
        return True
    return SignUp.objects.filter(activity=activity, person_id=actor.person_id).exists()


def activity_get(*, actor: Actor, pk: int | str) -> Activity:
    """One activity the actor may see (see the module docstring); otherwise ``NotFound``."""
    try:
        activity = Activity.objects.select_related("organiser", "audience_node", "school").get(
            pk=pk
        )
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not _visible(actor, activity):
        raise NotFound()
    return activity


def co_organiser_names(activity: Activity) -> list[str]:
    names = [node.name for node in activity.co_organisers.order_by("path")]
    outside = [
        part.strip() for part in activity.outside_co_organisers.replace("\uff0c", ",").split(",")
    ]
    return names + [name for name in outside if name]


def my_sign_ups(
    *, actor: Actor, activity: Activity | None = None, upcoming: bool | None = None
) -> QuerySet[SignUp]:
    """The actor's own sign-ups (and their children's), soonest first."""
    if actor.person_id is None:
        return SignUp.objects.none()
    qs = SignUp.objects.filter(person_id=actor.person_id).select_related(
        "activity", "activity__organiser", "slot", "person", "family_member", "node"
    )
    if activity is not None:
        qs = qs.filter(activity=activity)
    now = clock.now()
    if upcoming is True:
        qs = qs.filter(activity__ends_at__gte=now).order_by("activity__starts_at", "pk")
    elif upcoming is False:
        qs = qs.filter(activity__ends_at__lt=now).order_by("-activity__starts_at", "-pk")
    return qs


def signup_list(
    *, actor: Actor, activity: Activity, status: str = "", node_id: int | None = None
) -> QuerySet[SignUp]:
    """The sign-ups of an activity the actor may see (a branch sees its own people)."""
    qs = access.scope(SignUp.objects.filter(activity=activity), actor, P.VIEW_SIGNUP)
    if status:
        qs = qs.filter(status=status)
    if node_id:
        qs = qs.filter(node_id=node_id)
    return qs.select_related("person", "family_member", "node", "slot").order_by(
        "node__path", "waitlist_position", "pk"
    )


def signup_get(*, actor: Actor, pk: int | str) -> SignUp:
    return access.get_scoped(
        SignUp.objects.select_related(
            "activity",
            "activity__organiser",
            "activity__audience_node",
            "person",
            "family_member",
            "slot",
            "node",
        ),
        actor,
        P.VIEW_SIGNUP,
        pk=pk,
    )


@dataclass(frozen=True)
class BranchRow:
    node_id: int
    name: str
    counts: dict[str, int]
    quota: int | None

    @property
    def places_taken(self) -> int:
        return sum(self.counts.get(status, 0) for status in HOLDING_STATUSES)


def signup_stats_by_branch(*, actor: Actor, activity: Activity) -> list[BranchRow]:
    """Sign-ups per branch and status (what the actor may see), with branch quotas."""
    rows = (
        signup_list(actor=actor, activity=activity)
        .order_by()
        .values_list("node_id", "node__name", "node__path", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    names: dict[int, tuple[str, str]] = {}
    for node_id, name, path, status, count in rows:
        counts[node_id][status] += count
        names[node_id] = (path, name)
    quotas = {
        q.node_id: q
        for q in ActivityBranchQuota.objects.filter(activity=activity).select_related("node")
    }
    for node_id, quota in quotas.items():
        names.setdefault(node_id, (quota.node.path, quota.node.name))
    return [
        BranchRow(
            node_id,
            names[node_id][1],
            dict(counts[node_id]),
            quotas[node_id].places if node_id in quotas else None,
        )
        for node_id in sorted(names, key=lambda pk: names[pk][0])
    ]


def slot_list(*, activity: Activity) -> list[ActivitySlot]:
    """The activity's slots with ``places_taken`` and ``waitlisted`` (one query)."""
    return list(
        ActivitySlot.objects.filter(activity=activity)
        .annotate(
            places_taken=Count("sign_ups", filter=Q(sign_ups__status__in=HOLDING_STATUSES)),
            waitlisted=Count("sign_ups", filter=Q(sign_ups__status=S.WAITLISTED)),
        )
        .order_by("starts_at", "pk")
    )


def family_choices(*, actor: Actor) -> list[FamilyMember]:
    """The actor's own family members (for signing a child up)."""
    if actor.person_id is None:
        return []
    return list(
        FamilyMember.objects.filter(person_id=actor.person_id).order_by(
            "relation", "birth_on", "pk"
        )
    )


def mask_name(name: str) -> str:
    """Keep the first and last characters of a name (the middle ones become "*"): enough to
    recognise oneself, not enough to list people. Two-character names keep the first only."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class Candidate:
    sign_up_id: int
    masked_name: str
    branch: str
    ticket: str
    won: bool
    position: int | None


def lottery_get(*, actor: Actor, activity: Activity) -> LotteryDraw | None:
    """The activity's draw, for anyone who may see the activity (the caller checked that)."""
    return LotteryDraw.objects.filter(activity=activity).first()


def lottery_candidates(*, draw: LotteryDraw) -> list[Candidate]:
    """The recorded candidates in ticket order, with masked names (two queries)."""
    ids = [int(c[0]) for c in draw.candidates]
    rows = {
        s.pk: s
        for s in SignUp.objects.filter(pk__in=ids).select_related("person", "family_member", "node")
    }
    winners = set(draw.winner_ids)
    waitlist = {pk: index for index, pk in enumerate(draw.waitlist_ids, start=1)}
    result = []
    for sign_up_id in ids:
        row = rows.get(sign_up_id)
        result.append(
            Candidate(
                sign_up_id,
                mask_name(row.participant_name) if row else "",
                row.node.name if row else "",
                ticket(draw.seed, sign_up_id),
                sign_up_id in winners,
                waitlist.get(sign_up_id),
            )
        )
    return sorted(result, key=lambda c: (c.ticket, c.sign_up_id))


def attended_sign_ups(*, activity: Activity) -> QuerySet[SignUp]:
    """Who attended (for the benefits app to give gifts on attendance); no access check:
    the calling service has made its own."""
    return SignUp.objects.filter(activity=activity, status=S.ATTENDED).select_related(
        "person", "node"
    )


def calendar_feed_for(*, actor: Actor) -> CalendarFeed | None:
    if actor.person_id is None:
        return None
    return CalendarFeed.objects.filter(person_id=actor.person_id).first()


FEED_STATUSES = (S.CONFIRMED, S.OFFERED, S.WAITLISTED, S.ENTERED, S.PENDING_APPROVAL, S.ATTENDED)


def calendar_sign_ups(*, token: str) -> tuple[Person, list[SignUp]]:
    """The sign-ups behind a calendar address (the secret token is the credential)."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not token:
        raise NotFound()
    since = clock.now() - dt.timedelta(days=180)
    rows = (
        SignUp.objects.filter(
            person=feed.person, status__in=FEED_STATUSES, activity__ends_at__gte=since
        )
        .exclude(activity__status=ActivityStatus.DRAFT)
        .select_related("activity", "slot", "family_member")
        .order_by("activity__starts_at", "pk")
    )
    return feed.person, list(rows)


def organiser_choices(*, actor: Actor) -> list[OrgNode]:
    """Live nodes (school, branches, groups) where the actor may organise activities."""
    qs = access.scope(
        OrgNode.objects.filter(is_archived=False, school__isnull=False), actor, P.MANAGE_ACTIVITY
    )
    return list(qs.order_by("path"))


def co_organiser_choices(*, actor: Actor) -> list[OrgNode]:
    """The school unions and branches of the schools the actor organises in."""
    schools = {node.school_id for node in organiser_choices(actor=actor)}
    return list(
        OrgNode.objects.filter(
            school_id__in=schools,
            is_archived=False,
            kind__in=(OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH),
        ).order_by("path")
    )


def audience_branches(*, activity: Activity) -> list[OrgNode]:
    """The branches inside the activity's audience (for branch quotas)."""
    qs = OrgNode.objects.filter(
        subtree_q(activity.audience_node.path), kind=OrgNodeKind.BRANCH, is_archived=False
    )
    return list(qs.order_by("path"))


def sign_up_by_token(*, actor: Actor, token: str) -> SignUp:
    """The sign-up behind a QR code, for someone who may check people in at its activity."""
    sign_up = (
        SignUp.objects.select_related(
            "activity", "activity__organiser", "person", "family_member", "node", "slot"
        )
        .filter(check_in_token=token)
        .first()
    )
    if sign_up is None or not access.can(actor, P.CHECK_IN, sign_up.activity):
        raise NotFound()
    return sign_up


def place_counts(*, activity: Activity) -> dict[str, int]:
    """Places taken, waitlisted, attended and pending for one activity (one query)."""
    return SignUp.objects.filter(activity=activity).aggregate(
        places_taken=Count("pk", filter=Q(status__in=HOLDING_STATUSES)),
        waitlisted=Count("pk", filter=Q(status=S.WAITLISTED)),
        attended=Count("pk", filter=Q(status=S.ATTENDED)),
        pending=Count("pk", filter=Q(status__in=(S.PENDING_APPROVAL, S.ENTERED))),
    )


def activity_cost_list(*, actor: Actor, activity: Activity) -> list:
    """The activity's costs the actor may read (``view_cost``), oldest first (one query)."""
    from .models import ActivityCost

    qs = access.scope(
        ActivityCost.objects.filter(activity=activity).select_related("paying_node"),
        actor,
        P.VIEW_COST,
    )
    return list(qs.order_by("incurred_on", "pk"))


def activity_cost_get(*, actor: Actor, pk: int | str):  # type: ignore[no-untyped-def]
    """One cost the actor may read, with its activity; otherwise ``NotFound``."""
    from .models import ActivityCost

    return access.get_scoped(
        ActivityCost.objects.select_related("activity__organiser", "paying_node", "journal_entry"),
        actor,
        P.VIEW_COST,
        pk=pk,
    )


def cost_total_fen(costs: list) -> int:
    """What the costs that are not reversed add up to."""
    return sum(cost.amount_fen for cost in costs if cost.reversed_at is None)
