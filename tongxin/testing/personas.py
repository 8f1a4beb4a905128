"""The test cast: a tiny union built through the services.

School union → branches A and B (A has one group). Personas, each with an account:
``office_admin`` (union office on the school), ``finance_officer``, ``auditor`` (audit
committee), ``branch_a_chair``, ``branch_a_liaison``, ``branch_a_member``, ``branch_b_member``,
``outsider`` (an account with no person and no role), plus the ``system`` actor.
"""

import datetime as dt
from dataclasses import dataclass, field

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.members import services as members
from tongxin.members.models import Person
from tongxin.orgs import services as orgs
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import OrgNode, SchoolDepartment

PASSWORD = "Tongxin-test-2021"
SYSTEM = Actor.system()
PERSONA_NAMES = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
)

_MOBILE_PREFIX = {"S": "137", "A": "138", "B": "139"}

# Valid GB 11643 numbers (checksums computed), one per person that needs one.
ID_NUMBERS = {
    "A1001": "440101198001010017",
    "A1002": "440101198502020029",
}


@dataclass
class Cast:
    school: OrgNode
    branch_a: OrgNode
    branch_b: OrgNode
    group_a1: OrgNode
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        """A fresh actor (roles re-read) for a persona, or the system / anonymous actor."""
        if name == "system":
            return SYSTEM
        if name == "anonymous":
            return Actor.anonymous()
        return actor_for(User.objects.get(pk=self.users[name].pk))


def _person(cast: Cast, node: OrgNode, number: str, name: str, gender: str, joined: bool) -> Person:
    person = members.person_create(
        actor=SYSTEM,
        node=node,
        staff_number=number,
        name=name,
        gender=gender,
        birth_on=dt.date(1980, 1, 1) if number != "A1002" else dt.date(1985, 2, 2),
        # Mobiles are unique (they log in): 137 for the school's staff, 138 branch A, 139 B.
        phone=f"{_MOBILE_PREFIX.get(number[0], '138')}{number[1:]:0>8}",
        id_number=ID_NUMBERS.get(number, ""),
        department=node.name,
        wage_base_fen=567890,
    )
    if joined:
        person = members.membership_join(actor=SYSTEM, person=person, on=dt.date(2015, 9, 1))
    return person


def _user(person: Person | None, username: str) -> User:
    user = User(
        username=username,
        person=person,
        display_name=person.name if person else username,
        login_phone=(person.phone or None) if person else None,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def build_cast() -> Cast:
    school = orgs.node_create(
        actor=SYSTEM, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name="Test school union", code="T"
    )
    branch_a = orgs.node_create(
        actor=SYSTEM, parent=school, kind=OrgNodeKind.BRANCH, name="Branch A"
    )
    branch_b = orgs.node_create(
        actor=SYSTEM, parent=school, kind=OrgNodeKind.BRANCH, name="Branch B"
    )
    group_a1 = orgs.node_create(
        actor=SYSTEM, parent=branch_a, kind=OrgNodeKind.GROUP, name="Group A1"
    )
    cast = Cast(school=school, branch_a=branch_a, branch_b=branch_b, group_a1=group_a1)
    specs = [
        ("office_admin", school, "S0001", "Office Admin", "female", True, Role.UNION_OFFICE),
        ("finance_officer", school, "S0002", "Finance Officer", "male", True, Role.FINANCE_OFFICER),
        ("auditor", school, "S0003", "Audit Member", "female", True, Role.AUDIT_COMMITTEE),
        ("branch_a_chair", branch_a, "A0001", "Chair A", "male", True, Role.BRANCH_CHAIR),
        ("branch_a_liaison", branch_a, "A0002", "Liaison A", "female", True, Role.LIAISON),
        ("branch_a_member", group_a1, "A1001", "Member A", "male", True, None),
        ("branch_b_member", branch_b, "B1001", "Member B", "female", True, None),
    ]
    for name, node, number, full_name, gender, joined, role in specs:
        person = _person(cast, node, number, full_name, gender, joined)
        cast.people[name] = person
        cast.users[name] = _user(person, number)
        if role is not None:
            role_node = branch_a if role in (Role.BRANCH_CHAIR, Role.LIAISON) else school
            orgs.role_assign(
                actor=SYSTEM,
                user_id=cast.users[name].pk,
                role=role,
                node=role_node,
                starts_on=dt.date(2020, 1, 1),
            )
    cast.people["branch_a_non_member"] = _person(
        cast, branch_a, "A1002", "Newcomer A", "female", False
    )
    cast.users["outsider"] = _user(None, "outsider")
    return cast


def add_department_handler(
    cast: Cast,
    name: str = "department_handler",
    *,
    department_name: str = "Academic Affairs Office",
    code: str = "AAO",
    staff_number: str = "B2001",
) -> SchoolDepartment:
    """Add a school department with a handler persona (a staff member of branch B).

    The persona ``name`` gets an account whose only role is the handling-department role on
    the school, granted by ``department_handler_add``. Returns the department.
    """
    from tongxin.orgs.services_departments import department_create, department_handler_add

    department = department_create(
        actor=SYSTEM, school=cast.school, name=department_name, code=code
    )
    person = _person(cast, cast.branch_b, staff_number, f"Handler {code}", "female", True)
    cast.people[name] = person
    cast.users[name] = _user(person, staff_number)
    department_handler_add(actor=SYSTEM, department=department, user_id=cast.users[name].pk)
    return department


# Helpers for page tests: every persona, the anonymous visitor, and logging a client in.
PAGE_PERSONAS = (*PERSONA_NAMES, "anonymous")


def log_in(client: object, cast: Cast, name: str) -> None:
    """Log the test ``client`` in as persona ``name`` (``anonymous`` stays logged out)."""
    if name != "anonymous":
        client.force_login(cast.users[name])  # type: ignore[attr-defined]
