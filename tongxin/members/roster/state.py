"""What the import compares a roster with: the school's people, branches and open memberships.

Loaded in a fixed number of queries whatever the school's size. When applying, the people rows
are locked (``select_for_update``) so the plan made inside the transaction stays true until
commit.
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from ..errors import MembersErrorCode
from ..models import MembershipPeriod, Person
from ..services.people import check_person_node


def node_key(text: str) -> str:
    """Branch names compare without spaces or case, full-width letters folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass
class NodeIndex:
    """The school's nodes by name and code, for reading the branch and group columns."""

    school: OrgNode
    branches: dict[str, list[OrgNode]] = field(default_factory=dict)
    groups: dict[str, list[OrgNode]] = field(default_factory=dict)
    by_pk: dict[int, OrgNode] = field(default_factory=dict)

    @classmethod
    def build(cls, school: OrgNode, nodes: list[OrgNode]) -> "NodeIndex":
        index = cls(school=school)
        for node in nodes:
            index.by_pk[node.pk] = node
            target = index.groups if node.kind == OrgNodeKind.GROUP else index.branches
            for key in {node_key(node.name), node_key(node.code)} - {""}:
                target.setdefault(key, []).append(node)
        return index

    def _pick(self, candidates: list[OrgNode], text: str, field_name: str) -> OrgNode:
        live = [node for node in candidates if not node.is_archived]
        if len(live) > 1:
            raise ValidationFailed(
                _("“%(name)s” matches more than one branch or group; use its code.")
                % {"name": text},
                code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
                field=field_name,
            )
        node = live[0] if live else candidates[0]
        check_person_node(node, field=field_name)
        return node

    def resolve(self, branch: str, group: str) -> OrgNode:
        """The node named by the branch (and group) cells, or ``ValidationFailed``."""
        candidates = self.branches.get(node_key(branch)) or self.groups.get(node_key(branch))
        if not candidates:
            raise ValidationFailed(
                _("“%(name)s” is not a branch of %(school)s.")
                % {"name": branch, "school": self.school.name},
                code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
                field="branch",
            )
        node = self._pick(candidates, branch, "branch")
        if not group:
            return node
        in_branch = [
            g for g in self.groups.get(node_key(group), []) if g.path.startswith(node.path)
        ]
        if not in_branch:
            raise ValidationFailed(
                _("%(branch)s has no group “%(group)s”.") % {"branch": node.name, "group": group},
                code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
                field="group",
            )
        return self._pick(in_branch, group, "group")


@dataclass
class SchoolState:
    school: OrgNode
    nodes: NodeIndex
    people: dict[str, Person]  # by staff number; ``id_number`` is deferred (never decrypted)
    staff_number_by_pk: dict[int, str]
    id_owners: dict[str, int]  # ID number lookup hash → person pk
    open_started: dict[int, dt.date]  # person pk → start of the open membership period
    previous_end: dict[int, dt.date]  # person pk → end of the latest closed period


def load_state(school: OrgNode, *, lock: bool) -> SchoolState:
    """Load the school in five queries; with ``lock`` the people rows stay locked until commit."""
    nodes = list(OrgNode.objects.filter(school=school).order_by("path"))
    people_qs = Person.objects.filter(school=school).select_related("node").defer("id_number")
    if lock:
        people_qs = people_qs.select_for_update(of=("self",)).order_by("pk")
    people = list(people_qs)
    periods = MembershipPeriod.objects.filter(person__school=school)
    open_started = dict(
        periods.filter(ended_on__isnull=True).values_list("person_id", "started_on")
    )
    previous_end = dict(
        periods.filter(ended_on__isnull=False)
        .values("person_id")
        .annotate(last=Max("ended_on"))
        .values_list("person_id", "last")
    )
    return SchoolState(
        school=school,
        nodes=NodeIndex.build(school, nodes),
        people={person.staff_number: person for person in people},
        staff_number_by_pk={person.pk: person.staff_number for person in people},
        id_owners={p.id_number_hash: p.pk for p in people if p.id_number_hash},
        open_started=open_started,
        previous_end=previous_end,
    )
