"""Who may take a quiz: the union members (retired members kept on included) of the audience
node's subtree, optionally women or men only. One check (``audience_problem``, the authority
the start service calls) and the same rule as a filter for the member's list (``open_to_q``)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.activities.audience import ancestor_paths
from tongxin.members.choices import IN_UNION_STATUSES, EmploymentStatus
from tongxin.members.models import Person

from .models import Quiz


def audience_problem(quiz: Quiz, person: Person) -> str | None:
    """Why ``person`` may not take ``quiz``, or None."""
    if person.school_id != quiz.school_id or not person.node.path.startswith(
        quiz.audience_node.path
    ):
        return _("This quiz is for %(node)s.") % {"node": quiz.audience_node.name}
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        return _("Only staff of the school may take part.")
    if person.membership_status not in IN_UNION_STATUSES:
        return _("This quiz is for union members only.")
    if quiz.gender and person.gender != quiz.gender:
        return (
            _("This quiz is for women only.")
            if quiz.gender == "female"
            else _("This quiz is for men only.")
        )
    return None


def open_to_q(person: Person) -> Q:
    """Quizzes whose audience includes ``person`` (list filter, same rules)."""
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED) or (
        person.membership_status not in IN_UNION_STATUSES
    ):
        return Q(pk__in=[])
    return Q(
        school_id=person.school_id, audience_node__path__in=ancestor_paths(person.node.path)
    ) & (Q(gender="") | Q(gender=person.gender))
