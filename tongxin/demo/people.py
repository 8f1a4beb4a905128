"""Demo step 1: the school union, 15 branches, about 1,000 staff with families, membership
histories (joins, transfers, retirements, a few leavers and applications), officers and a demo
login for each role."""

import datetime as dt

from tongxin.accounts import services as accounts
from tongxin.accounts.models import User
from tongxin.core.validators import id_number_check_digit
from tongxin.members import services as members
from tongxin.members.choices import OfficerPosition, Relation, SchoolStage
from tongxin.members.models import Person
from tongxin.orgs import services as orgs
from tongxin.orgs.choices import OrgNodeKind, Role
from tongxin.orgs.models import OrgNode

from .data.people import (
    APPLICATION_STATEMENT,
    BRANCHES,
    CHILD_GIVEN,
    GIVEN_FEMALE,
    GIVEN_MALE,
    LEAVE_NOTE,
    SCHOOL_NAME,
    SURNAMES,
)
from .seed import DEMO_PASSWORD, DEMO_SCHOOL_CODE, DemoContext, Writer

REGION_CODES = ("441900", "440106", "440304", "441302", "445202", "440604")


def _name(ctx: DemoContext, gender: str, used: set[str]) -> str:
    pool = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    for _attempt in range(50):
        given = ctx.rng.choice(pool) + (ctx.rng.choice(pool) if ctx.rng.random() < 0.7 else "")
        name = ctx.rng.choice(SURNAMES) + given
        if name not in used:
            used.add(name)
            return name
    return name


def _id_number(ctx: DemoContext, birth: dt.date, gender: str, serial: int) -> str:
    sequence = serial % 500 * 2 + (1 if gender == "male" else 0)
    first17 = f"{ctx.rng.choice(REGION_CODES)}{birth:%Y%m%d}{sequence % 1000:03d}"[:17]
    return first17 + id_number_check_digit(first17)


def _stage(age: int) -> str:
    if age < 3:
        return SchoolStage.NONE
    if age < 6:
        return SchoolStage.KINDERGARTEN
    if age < 12:
        return SchoolStage.PRIMARY
    if age < 15:
        return SchoolStage.JUNIOR_HIGH
    if age < 18:
        return SchoolStage.SENIOR_HIGH
    return SchoolStage.UNIVERSITY if age < 22 else SchoolStage.NONE


def _born(person: Person) -> dt.date:
    """Every demo person is created with a birth date."""
    if person.birth_on is None:
        raise ValueError(f"{person} has no birth date.")
    return person.birth_on


def _add_family(ctx: DemoContext, person: Person, age: int) -> None:
    rng = ctx.rng
    if age >= 26 and rng.random() < 0.75:
        spouse_gender = "female" if person.gender == "male" else "male"
        members.family_member_add(
            actor=ctx.system,
            person=person,
            relation=Relation.SPOUSE,
            name=_name(ctx, spouse_gender, set()),
            gender=spouse_gender,
            birth_on=_born(person) + dt.timedelta(days=rng.randint(-1500, 1500)),
        )
    if age >= 27:
        for _child in range(rng.choice((0, 1, 1, 1, 2, 2))):
            child_age = rng.randint(0, min(age - 24, 24))
            birth = ctx.cal.report_day - dt.timedelta(days=child_age * 365 + rng.randint(0, 364))
            members.family_member_add(
                actor=ctx.system,
                person=person,
                relation=Relation.CHILD,
                name=person.name[0] + rng.choice(CHILD_GIVEN) + rng.choice(CHILD_GIVEN),
                gender=rng.choice(("male", "female")),
                birth_on=birth,
                school_stage=_stage(child_age),
            )


def _create_person(
    ctx: DemoContext, node: OrgNode, department: str, number: int, used: set[str]
) -> Person:
    rng = ctx.rng
    gender = "female" if rng.random() < 0.52 else "male"
    age = min(max(int(rng.gauss(41, 9)), 24), 64)
    cal = ctx.cal
    birth = dt.date(cal.y1 - age, rng.randint(1, 12), rng.randint(1, 28))
    hire = dt.date(max(birth.year + 24, cal.y0 - 15 + rng.randint(0, 4)), rng.choice((7, 9)), 1)
    hire = min(hire, cal.day(3, 1))
    return members.person_create(
        actor=ctx.system,
        node=node,
        staff_number=f"{2000 + number:05d}",
        name=_name(ctx, gender, used),
        gender=gender,
        birth_on=birth,
        phone=f"13{rng.randint(5, 9)}{rng.randint(10000000, 99999999)}",
        id_number=_id_number(ctx, birth, gender, number),
        department=department,
        hire_on=hire,
        wage_base_fen=rng.randint(420, 980) * 1000 + rng.randint(0, 999),
    )


def _membership(ctx: DemoContext, person: Person, branches: list[OrgNode]) -> None:
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.05:
        return  # staff who have not joined
    cal = ctx.cal
    joined = max(person.hire_on or cal.report_day, dt.date(cal.y0 - 12, 9, 1)) + dt.timedelta(
        days=rng.randint(30, 120)
    )
    person = members.membership_join(actor=ctx.system, person=person, on=min(joined, cal.day(5, 1)))
    age = cal.y1 - _born(person).year
    if roll < 0.08 and joined < dt.date(cal.y0 - 1, 1, 1):
        other = rng.choice([b for b in branches if b.pk != person.node_id])
        person = members.membership_transfer(
            actor=ctx.system, person=person, to_node=other, on=dt.date(cal.y0 - 1, 9, 1)
        )
    if age >= 60 and rng.random() < 0.7:
        members.membership_retire(
            actor=ctx.system,
            person=person,
            on=dt.date(cal.y1 - (age - 60), 1, 1) if age > 60 else cal.day(12, 31),
        )
    elif roll > 0.98:
        members.membership_leave(
            actor=ctx.system, person=person, on=cal.day(11, 30), note=LEAVE_NOTE
        )


def seed(ctx: DemoContext) -> None:
    system = ctx.system
    school = orgs.node_create(
        actor=system,
        parent=None,
        kind=OrgNodeKind.SCHOOL_UNION,
        name=SCHOOL_NAME,
        code=DEMO_SCHOOL_CODE,
    )
    ctx.school_node = school
    used: set[str] = set()
    number = 0
    for position, (branch_name, department, size) in enumerate(BRANCHES):
        branch = orgs.node_create(
            actor=system,
            parent=school,
            kind=OrgNodeKind.BRANCH,
            name=branch_name,
            sort_order=position,
        )
        ctx.branches.append(branch)
        for _index in range(max(8, round(size * ctx.scale))):
            number += 1
            person = _create_person(ctx, branch, department, number, used)
            ctx.people.append(person)
    for person in ctx.people:
        _membership(ctx, person, ctx.branches)
    for person in ctx.rng.sample(ctx.people, round(320 * ctx.scale)):
        _add_family(ctx, person, ctx.cal.y1 - _born(person).year)
    # Two staff who applied and wait for their branch's decision.
    for person in Person.objects.filter(school=school, membership_status="none").order_by("pk")[:2]:
        members.membership_apply(actor=system, person=person, statement=APPLICATION_STATEMENT)
    ctx.people = list(
        Person.objects.filter(school=school).select_related("node").order_by("staff_number")
    )
    _officers_and_logins(ctx)
    ctx.say(f"  {len(ctx.branches)} branches, {len(ctx.people)} staff")


def _in_union(ctx: DemoContext, node: OrgNode) -> list[Person]:
    return [p for p in ctx.people if p.node_id == node.pk and p.membership_status == "member"]


def _login(ctx: DemoContext, person: Person | None, username: str, role_label: str) -> User:
    if person is None:
        user = User(username=username, display_name=username, is_staff=True, is_superuser=True)
        user.set_password(DEMO_PASSWORD)
        user.save()
    else:
        user, _password = accounts.account_create(
            actor=ctx.system, person=person, password=DEMO_PASSWORD, must_change=False
        )
        if username != user.username:
            user.username = username
            user.save(update_fields=["username"])
    ctx.logins.append((role_label, user.username, person.name if person else ""))
    return user


def _officers_and_logins(ctx: DemoContext) -> None:
    system, school = ctx.system, ctx.school
    admin = _login(ctx, None, "admin", "System admin")
    orgs.role_assign(actor=system, user_id=admin.pk, role=Role.SYSTEM_ADMIN, node=school)
    office_pool = _in_union(ctx, ctx.branches[12])
    chair, finance, auditor = office_pool[0], office_pool[1], office_pool[2]
    for person, position in (
        (chair, OfficerPosition.CHAIR),
        (finance, OfficerPosition.FINANCE_OFFICER),
        (auditor, OfficerPosition.AUDIT_COMMITTEE_MEMBER),
    ):
        members.officer_appoint(
            actor=system,
            node=school,
            person=person,
            position=position,
            started_on=dt.date(ctx.cal.y0 - 1, 9, 1),
        )
    _login(ctx, chair, "office", "Union office (school union chair)")
    _login(ctx, finance, "finance", "Finance officer")
    _login(ctx, auditor, "audit", "Audit committee")
    for index, branch in enumerate(ctx.branches):
        pool = [p for p in _in_union(ctx, branch) if p.pk not in {chair.pk, finance.pk, auditor.pk}]
        branch_chair, liaison = pool[0], pool[1]
        members.officer_appoint(
            actor=system,
            node=branch,
            person=branch_chair,
            position=OfficerPosition.CHAIR,
            started_on=dt.date(ctx.cal.y0 - 1, 9, 1),
        )
        members.officer_appoint(
            actor=system,
            node=branch,
            person=liaison,
            position=OfficerPosition.LIAISON,
            started_on=dt.date(ctx.cal.y0 - 1, 9, 1),
        )
        if index == 0:
            _login(ctx, branch_chair, "chair", "Branch chair")
            _login(ctx, liaison, "liaison", "Liaison")
            _login(ctx, pool[2], "member", "Member")


def print_logins(out: Writer, url: str = "http://127.0.0.1:8000") -> None:
    school = OrgNode.objects.filter(code=DEMO_SCHOOL_CODE, parent__isnull=True).first()
    if school is None:
        return
    out.write(f"\nDemo logins (password: {DEMO_PASSWORD}):\n")
    for username, label in (
        ("admin", "System admin"),
        ("office", "Union office"),
        ("finance", "Finance officer"),
        ("audit", "Audit committee"),
        ("chair", "Branch chair"),
        ("liaison", "Liaison"),
        ("member", "Member"),
    ):
        user = User.objects.filter(username=username).select_related("person__node").first()
        if user is not None:
            where = f" · {user.person.name} · {user.person.node.name}" if user.person else ""
            out.write(f"  {label:<16} {username:<8}{where}\n")
    out.write(f"Open {url} and log in with one of them.\n")
