"""Reads of people, families, memberships, officers and dues, always scoped by ``orgs.access``.

Every list runs a fixed number of queries whatever the data size: related rows are joined or
prefetched here, never fetched per row by a view.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.core.web import Choices
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q
from tongxin.orgs.permissions import ASSIGN_PERMISSION_FOR_ROLE, OrgsPermission

from .choices import (
    AGE_BAND_LIMITS,
    IN_UNION_STATUSES,
    MembershipStatus,
    OfficerPosition,
    PeriodStatus,
)
from .models import (
    DuesRecord,
    FamilyMember,
    MembershipApplication,
    MembershipEvent,
    MembershipPeriod,
    Officer,
    Person,
)
from .permissions import MembersPermission
from .positions import role_for_position

P = MembersPermission
_DIGITS = re.compile(r"^\d+$")
_ASCII_WORD = re.compile(r"^[A-Za-z]+$")


@dataclass(frozen=True)
class PersonFilters:
    node_id: int | None = None
    membership_status: str = ""
    employment_status: str = ""
    gender: str = ""
    age_band: str = ""
    q: str = ""


def search_q(text: str) -> Q:
    """Match a name in characters, full pinyin or initials, a staff number or a phone number.

    Zhang San is found by the characters, "zhangsan", "zhang" and "zs"; digits match staff and
    phone numbers from the start.
    """
    text = "".join(text.split())
    if not text:
        return Q()
    if _DIGITS.match(text):
        return Q(staff_number__startswith=text) | Q(phone__startswith=text)
    if _ASCII_WORD.match(text):
        key = text.lower()
        return (
            Q(name_initials__startswith=key)
            | Q(name_pinyin__startswith=key)
            | Q(staff_number__istartswith=text)
            # Names written in Latin letters (foreign staff) have no pinyin keys.
            | Q(name__icontains=text)
        )
    return Q(name__contains=text) | Q(staff_number__istartswith=text)


def _birth_range(age_band: str, today: dt.date) -> Q:
    low, high = AGE_BAND_LIMITS[age_band]
    # Age ≥ low ⇔ born on or before today minus low years; age < high ⇔ born after today − high.
    condition = Q(birth_on__lte=_years_before(today, low))
    if high is not None:
        condition &= Q(birth_on__gt=_years_before(today, high))
    return condition


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def person_list(
    *, actor: Actor, filters: PersonFilters | None = None, permission: str = P.VIEW_PERSON
) -> QuerySet[Person]:
    """People the actor may see, filtered, with their branch joined (one query per page)."""
    filters = filters or PersonFilters()
    qs = access.scope(Person.objects.select_related("node"), actor, permission)
    if filters.node_id:
        node = OrgNode.objects.filter(pk=filters.node_id).only("path").first()
        qs = qs.filter(subtree_q(node.path, "node__path")) if node else qs.none()
    if filters.membership_status:
        qs = qs.filter(membership_status=filters.membership_status)
    if filters.employment_status:
        qs = qs.filter(employment_status=filters.employment_status)
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    if filters.age_band in AGE_BAND_LIMITS:
        qs = qs.filter(_birth_range(filters.age_band, timezone.localdate()))
    if filters.q:
        qs = qs.filter(search_q(filters.q))
    return qs.order_by("staff_number")


def person_search(
    *, actor: Actor, text: str, limit: int = 20, permission: str = P.VIEW_PERSON
) -> list[Person]:
    """Quick lookup for pickers: the first ``limit`` people in scope matching ``text`` (name,
    pinyin, initials or staff number)."""
    if not text.strip():
        return []
    qs = access.scope(Person.objects.select_related("node"), actor, permission)
    return list(qs.filter(search_q(text)).order_by("name_pinyin", "staff_number")[:limit])


def person_pick(
    *,
    actor: Actor,
    pk: int | str | None = None,
    text: str = "",
    permission: str = P.VIEW_PERSON,
    field: str = "person_query",
) -> Person:
    """The person chosen in a picker: by id, else the one match for ``text`` in scope.

    ``permission`` scopes the lookup (a liaison filing a care visit finds only the people of
    their branch). A staff number typed in full wins over partial matches. Raises
    ``ValidationFailed`` on ``field`` when nobody or several people match, ``NotFound`` for a
    bad or out-of-scope id.
    """
    if pk not in (None, ""):
        return person_get(actor=actor, pk=pk, permission=permission)
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Enter a staff number or a name."), field=field)
    matches = person_search(actor=actor, text=text, limit=10, permission=permission)
    exact = [person for person in matches if person.staff_number == text]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        raise ValidationFailed(
            _("Nobody you may see matches “%(text)s”.") % {"text": text}, field=field
        )
    raise ValidationFailed(
        _("Several people match “%(text)s”; pick one from the list or type the staff number.")
        % {"text": text},
        field=field,
    )


def person_counts(*, actor: Actor) -> dict[str, int]:
    """How many people, members, retained members and applicants the actor may see (one query)."""
    return access.scope(Person.objects.all(), actor, P.VIEW_PERSON).aggregate(
        people=Count("pk"),
        members=Count("pk", filter=Q(membership_status=MembershipStatus.MEMBER)),
        retained=Count("pk", filter=Q(membership_status=MembershipStatus.RETAINED)),
        applicants=Count("pk", filter=Q(membership_status=MembershipStatus.APPLICANT)),
    )


def person_get(*, actor: Actor, pk: int | str, permission: str = P.VIEW_PERSON) -> Person:
    """One person the actor may see; a missing and an out-of-scope person both raise NotFound."""
    return access.get_scoped(
        Person.objects.select_related("node", "node__parent", "school"), actor, permission, pk=pk
    )


def family_list(*, actor: Actor, person: Person) -> list[FamilyMember]:
    qs = access.scope(FamilyMember.objects.filter(person=person), actor, P.VIEW_FAMILY)
    return list(qs.order_by("relation", "birth_on", "pk"))


def family_member_of(*, person: Person, pk: int | str | None) -> FamilyMember | None:
    """One of ``person``'s family members by id, or None: a missing id and another person's
    family member look the same, so a form or API naming a family member cannot probe ids.
    The caller has fetched ``person`` through ``person_get`` (scoped)."""
    if pk is None:
        return None
    try:
        return FamilyMember.objects.filter(person=person, pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def family_member_get(*, actor: Actor, pk: int | str) -> FamilyMember:
    return access.get_scoped(
        FamilyMember.objects.select_related("person__node"), actor, P.VIEW_FAMILY, pk=pk
    )


def membership_history(*, actor: Actor, person: Person) -> list[MembershipEvent]:
    qs = access.scope(
        MembershipEvent.objects.filter(person=person), actor, P.VIEW_MEMBERSHIP
    ).select_related("from_node", "to_node")
    return list(qs.order_by("occurred_on", "pk"))


def membership_periods(*, actor: Actor, person: Person) -> list[MembershipPeriod]:
    qs = access.scope(MembershipPeriod.objects.filter(person=person), actor, P.VIEW_MEMBERSHIP)
    return list(qs.select_related("node").order_by("started_on", "pk"))


def membership_node_on(*, person_id: int, on: dt.date) -> OrgNode | None:
    """The node in which a person was a member (or retained member) on ``on``, if any."""
    period = (
        MembershipPeriod.objects.filter(person_id=person_id, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .select_related("node")
        .first()
    )
    return period.node if period else None


def membership_nodes_on(*, person_ids: Iterable[int], on: dt.date) -> dict[int, int]:
    """For many people at once: person id → node id of their membership on ``on``."""
    rows = (
        MembershipPeriod.objects.filter(person_id__in=list(person_ids), started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .values_list("person_id", "node_id")
    )
    return dict(rows)


def member_counts_by_node(*, actor: Actor) -> dict[int, int]:
    """Members (incl. retained) per node, summed up the tree (node id → subtree count)."""
    direct = dict(
        access.scope(Person.objects.all(), actor, P.VIEW_PERSON)
        .filter(membership_status__in=IN_UNION_STATUSES)
        .values_list("node_id")
        .annotate(n=Count("pk"))
        .values_list("node_id", "n")
    )
    if not direct:
        return {}
    paths = dict(OrgNode.objects.values_list("pk", "path"))
    totals: Counter[int] = Counter()
    by_path = {path: pk for pk, path in paths.items()}
    for node_id, count in direct.items():
        path = paths[node_id]
        # Credit the node and every ancestor: ancestors' paths are prefixes of this one.
        for end in range(8, len(path) + 1, 8):
            ancestor = by_path.get(path[:end])
            if ancestor is not None:
                totals[ancestor] += count
    return dict(totals)


# Officers list in the order of their positions' importance: chair first, liaison …
_POSITION_RANK = Case(
    *(When(position=value, then=Value(rank)) for rank, value in enumerate(OfficerPosition.values)),
    default=Value(len(OfficerPosition.values)),
)


def officer_list(
    *,
    actor: Actor,
    node: OrgNode | None = None,
    person: Person | None = None,
    current_only: bool = True,
) -> QuerySet[Officer]:
    """Officer terms the actor may see (current ones unless ``current_only`` is False)."""
    qs = access.scope(Officer.objects.select_related("person", "node"), actor, P.VIEW_OFFICER)
    if node is not None:
        qs = qs.filter(node=node)
    if person is not None:
        qs = qs.filter(person=person)
    if current_only:
        today = timezone.localdate()
        qs = qs.filter(started_on__lte=today).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
    return qs.order_by("node__path", _POSITION_RANK, "started_on", "pk")


def officer_get(*, actor: Actor, pk: int | str) -> Officer:
    return access.get_scoped(
        Officer.objects.select_related("person", "node", "role_assignment"),
        actor,
        P.VIEW_OFFICER,
        pk=pk,
    )


def appointable_positions(*, actor: Actor, node: OrgNode) -> Choices:
    """``(value, label)`` of the positions ``actor`` may appoint on ``node`` (no query).

    A position that carries a role also needs the permission to hand out that role, so a
    branch chair may appoint liaisons and committee members but not another chair.
    """
    if not access.can_at(actor, P.MANAGE_OFFICER, node.path):
        return []
    allowed: Choices = []
    for position in OfficerPosition:
        role = role_for_position(position, node)
        needed = ASSIGN_PERMISSION_FOR_ROLE.get(role, OrgsPermission.ASSIGN_ROLE) if role else None
        if needed is None or access.can_at(actor, needed, node.path):
            allowed.append((position.value, position.label))
    return allowed


def application_latest(*, actor: Actor, person: Person) -> MembershipApplication | None:
    """The person's most recent membership application the actor may see, if any."""
    return (
        access.scope(MembershipApplication.objects.filter(person=person), actor, P.VIEW_MEMBERSHIP)
        .select_related("node")
        .order_by("-applied_on", "-pk")
        .first()
    )


def application_get(*, actor: Actor, pk: int | str) -> MembershipApplication:
    return access.get_scoped(
        MembershipApplication.objects.select_related("person", "node"),
        actor,
        P.VIEW_MEMBERSHIP,
        pk=pk,
    )


def people_with_family(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.prefetch_related(Prefetch("family_members", queryset=FamilyMember.objects.all()))


def dues_list(
    *,
    actor: Actor,
    person: Person | None = None,
    node: OrgNode | None = None,
    month: dt.date | None = None,
) -> QuerySet[DuesRecord]:
    """Dues rows the actor may see, newest month first; optionally one person's, those of a
    node's subtree (the node the row was computed for) or one month's."""
    qs = access.scope(DuesRecord.objects.select_related("person", "node"), actor, P.VIEW_DUES)
    if person is not None:
        qs = qs.filter(person=person)
    if node is not None:
        qs = qs.filter(subtree_q(node.path, "node__path"))
    if month is not None:
        qs = qs.filter(month=month)
    return qs.order_by("-month", "person__staff_number")


@dataclass(frozen=True)
class DuesTotals:
    rows: Sequence[Mapping[str, Any]]
    records: int
    wage_base_fen: int
    amount_fen: int


def dues_month_totals(*, actor: Actor, month: dt.date) -> DuesTotals:
    """One month's dues per node (records, wage base, dues) and the grand total, in one
    aggregate query over what the actor may see."""
    rows = list(
        access.scope(DuesRecord.objects.filter(month=month), actor, P.VIEW_DUES)
        .values("node_id", "node__name", "node__path", "node__depth")
        .annotate(
            records=Count("pk"), wage_base_fen=Sum("counted_base_fen"), amount_fen=Sum("amount_fen")
        )
        .order_by("node__path")
    )
    return DuesTotals(
        rows=rows,
        records=sum(row["records"] for row in rows),
        wage_base_fen=sum(row["wage_base_fen"] or 0 for row in rows),
        amount_fen=sum(row["amount_fen"] or 0 for row in rows),
    )


def membership_counts_on(
    *, root_path: str, on: dt.date, include_retained: bool = False
) -> dict[int, int]:
    """Members per node on ``on`` within the subtree of ``root_path`` (node id → count).

    Counts each node's own members (not summed up the tree), from the membership periods, so
    a person transferred or retired later still counts where they were on that day. Retained
    (retired) members count only with ``include_retained``. One query.
    """
    statuses = (
        [PeriodStatus.MEMBER, PeriodStatus.RETAINED] if include_retained else [PeriodStatus.MEMBER]
    )
    rows = (
        MembershipPeriod.objects.filter(subtree_q(root_path, "node__path"), started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), status__in=statuses)
        .values_list("node_id")
        .annotate(n=Count("pk"))
        .values_list("node_id", "n")
    )
    return dict(rows)
