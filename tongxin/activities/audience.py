"""Who may join an activity: the audience rules, as one check and as one queryset filter.

``audience_problem`` is the authority (the sign-up service calls it); ``open_to_q`` is the
same rules as a database filter for the member's list of activities. Ages are counted on the
activity's start date by the check and on today's date by the filter, so an activity can show
in the list a few days before a birthday makes the person eligible; signing up decides.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.members.choices import EmploymentStatus, MembershipStatus, Relation
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.models import SEGMENT_WIDTH

from .choices import FamilyScope, StaffScope
from .errors import ActivitiesErrorCode
from .models import Activity

IN_UNION = (MembershipStatus.MEMBER, MembershipStatus.RETAINED)


def age_on(birth_on: dt.date, day: dt.date) -> int:
    """Whole years between ``birth_on`` and ``day``."""
    return day.year - birth_on.year - ((day.month, day.day) < (birth_on.month, birth_on.day))


def _band_problem(
    birth_on: dt.date | None, low: int | None, high: int | None, day: dt.date, who: str
) -> str | None:
    if low is None and high is None:
        return None
    if birth_on is None:
        return _(
            "The birth date of %(who)s is not on record, so the age rule cannot be checked."
        ) % {"who": who}
    age = age_on(birth_on, day)
    if (low is not None and age < low) or (high is not None and age > high):
        if low is not None and high is not None:
            return _("This activity is for ages %(low)s to %(high)s.") % {"low": low, "high": high}
        if low is not None:
            return _("This activity is for ages %(low)s and over.") % {"low": low}
        return _("This activity is for ages up to %(high)s.") % {"high": high}
    return None


def _staff_problem(activity: Activity, person: Person) -> str | None:
    if person.school_id != activity.school_id or not person.node.path.startswith(
        activity.audience_node.path
    ):
        return _("This activity is for %(node)s.") % {"node": activity.audience_node.name}
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        return _("Only staff of the school may join.")
    if person.employment_status == EmploymentStatus.RETIRED and not activity.include_retirees:
        return _("This activity is not open to retirees.")
    if activity.staff_scope == StaffScope.MEMBERS and person.membership_status not in IN_UNION:
        return _("This activity is for union members only.")
    return None


def audience_problem(
    activity: Activity, person: Person, family_member: FamilyMember | None = None
) -> str | None:
    """Why ``person`` (or their ``family_member``) may not join, or None if they may."""
    problem = _staff_problem(activity, person)
    if problem:
        return problem
    day = timezone.localtime(activity.starts_at).date()
    if family_member is None:
        if not activity.staff_allowed:
            return _("Staff do not sign up for this activity themselves; sign up your children.")
        if activity.gender and person.gender != activity.gender:
            return (
                _("This activity is for women only.")
                if activity.gender == "female"
                else _("This activity is for men only.")
            )
        return _band_problem(person.birth_on, activity.min_age, activity.max_age, day, person.name)
    if family_member.person_id != person.pk:
        return _("This family member is not on your record.")
    if activity.family_scope == FamilyScope.NONE:
        return _("Family members cannot join this activity.")
    if activity.family_scope == FamilyScope.CHILDREN and family_member.relation != Relation.CHILD:
        return _("Only children may be signed up for this activity.")
    if family_member.relation == Relation.CHILD:
        return _band_problem(
            family_member.birth_on,
            activity.child_min_age,
            activity.child_max_age,
            day,
            family_member.name,
        )
    return None


def check_audience(
    activity: Activity, person: Person, family_member: FamilyMember | None = None
) -> None:
    problem = audience_problem(activity, person, family_member)
    if problem:
        raise DomainError(problem, code=ActivitiesErrorCode.NOT_IN_AUDIENCE)


def ancestor_paths(path: str) -> list[str]:
    """The paths of a node and all its ancestors (prefixes at segment boundaries)."""
    return [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]


def open_to_q(person: Person, today: dt.date) -> Q:
    """Activities whose audience includes ``person`` or some child of theirs (list filter)."""
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        return Q(pk__in=[])
    condition = Q(
        school_id=person.school_id, audience_node__path__in=ancestor_paths(person.node.path)
    )
    if person.employment_status == EmploymentStatus.RETIRED:
        condition &= Q(include_retirees=True)
    if person.membership_status not in IN_UNION:
        condition &= Q(staff_scope=StaffScope.ALL_STAFF)
    himself = Q(staff_allowed=True) & (Q(gender="") | Q(gender=person.gender))
    if person.birth_on is not None:
        age = age_on(person.birth_on, today)
        himself &= (Q(min_age__isnull=True) | Q(min_age__lte=age)) & (
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )
    else:
        himself &= Q(min_age__isnull=True, max_age__isnull=True)
    return condition & (himself | ~Q(family_scope=FamilyScope.NONE))
