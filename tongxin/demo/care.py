"""Demo step: care in the seed year (its second calendar year ``y1``), as the work report counts it.

16 serious illness, hospitalisation and childbirth visits, 11 bereavement payments (a member's
or a direct relative's death), 3 tuition waivers for children of deceased staff, and a few
hardship files (deep, relative and accident-caused; one found not eligible). Every visit is
filed, approved by the branch, the school union office and finance, and paid from the member's
branch fund through the services, so the ledger shows each payment.

The branches' ``y1`` budgets cover only their activities, so this step first adjusts them
(adding the care payments: the staff activities line grows and a hardship aid line is added),
raises the school's allocation line by the same total and transfers that much to each branch
(memo in ``data/care.py``): all through the funds services.

In the current year two visits of the demo's first branch are on their way: filed by its
liaison and approved by its chair, one waits in the union office's queue, the other (approved by
the office) in finance's. Filing and approving are always done by different people.
"""

import datetime as dt
from collections import defaultdict
from typing import cast

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.care import services as care
from tongxin.care.models import CareVisit
from tongxin.funds import services as funds
from tongxin.funds.models import CareStandard
from tongxin.funds.queries.policy import care_standard
from tongxin.members import services as members
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .data import care as data
from .seed import DemoContext

PDF = b"%PDF-1.4\n%demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# kind → (count, amount in yuan per visit): 16 illness/childbirth, 11 bereavement.
PLAN = [
    ("serious_illness", 5, (2000, 1500)),
    ("hospitalisation", 7, (500, 300)),
    ("childbirth", 4, (500,)),
    ("member_death", 3, (2000,)),
    ("relative_death", 8, (500,)),
]


def _user_actor(username: str, fallback: Actor) -> Actor:
    user = User.objects.filter(username=username).first()
    return actor_for(user) if user else fallback


def _date(ctx: DemoContext, start: dt.date, low: int, high: int) -> dt.date:
    return start + dt.timedelta(days=ctx.rng.randint(low, high))


def _uploads(school: OrgNode, kind: str, on: dt.date) -> list[care.Upload]:
    standard = care_standard(school=school, kind=kind, on=on)
    names = standard.attachment_list if standard else []
    return [care.Upload(label=name, filename=f"{name}.pdf", data=PDF) for name in names]


def _candidates(ctx: DemoContext) -> tuple[list[Person], list[Person]]:
    """Members without an account (ordinary staff) who were members all through the year (so
    every event date falls in their membership), and those with a spouse and a child."""
    with_account = set(User.objects.exclude(person=None).values_list("person_id", flat=True))
    people = [
        p
        for p in Person.objects.filter(
            school=ctx.school, membership_status="member", joined_on__lt=dt.date(ctx.cal.y1, 1, 1)
        )
        .select_related("node", "school")
        .order_by("staff_number")
        if p.pk not in with_account
    ]
    relations: dict[int, set[str]] = defaultdict(set)
    for person_id, relation in FamilyMember.objects.filter(
        person__in=[p.pk for p in people]
    ).values_list("person_id", "relation"):
        relations[person_id].add(relation)
    families = [p for p in people if {"spouse", "child"} <= relations[p.pk]]
    return people, families


def _plan(ctx: DemoContext) -> list[dict]:
    """The visits to file: who, what, when, how much (deterministic)."""
    people, families = _candidates(ctx)
    deceased = ctx.rng.sample(families, 3)
    taken = {p.pk for p in deceased}
    others = [p for p in people if p.pk not in taken]
    member_login = User.objects.filter(username="member").select_related("person").first()
    rows: list[dict] = []
    chosen = ctx.rng.sample(others, 24)
    if member_login and member_login.person:
        chosen[0] = Person.objects.select_related("node", "school").get(
            pk=cast(int, member_login.person_id)
        )
    pick = iter(chosen)
    for kind, count, amounts in PLAN:
        for index in range(count):
            event_on = _date(ctx, ctx.cal.day(1, 4), 0, 150)
            person = deceased[index] if kind == "member_death" else next(pick)
            rows.append(
                {
                    "kind": kind,
                    "person": person,
                    "event_on": event_on,
                    "amount_fen": ctx.rng.choice(amounts) * 100,
                }
            )
    return sorted(rows, key=lambda row: row["event_on"])


def _fund_branches(ctx: DemoContext, rows: list[dict], actors: dict[str, Actor]) -> None:
    """Adjust the branch budgets and the school's allocation line, then transfer the money."""
    needs: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        # The plan's kinds all have a standard in the demo policy.
        standard = cast(
            CareStandard, care_standard(school=ctx.school, kind=row["kind"], on=row["event_on"])
        )
        node = funds.fund_node_of(row["person"].node)
        key = (
            "expense.rights.hardship_aid"
            if standard.category_key.startswith("expense.rights")
            else "expense.staff_activities"
        )
        needs[node.pk][key] += row["amount_fen"]
    nodes = OrgNode.objects.in_bulk(list(needs))
    total = sum(sum(by_key.values()) for by_key in needs.values())
    year = ctx.cal.y1
    _adjust(year, ctx.school, actors, {"transfer.allocation_out": total}, data.SCHOOL_BUDGET_NOTE)
    for node_id, by_key in sorted(needs.items()):
        _adjust(year, nodes[node_id], actors, dict(by_key), data.BUDGET_NOTE)
        funds.ledger_post_transfer(
            actor=actors["finance"],
            from_node=ctx.school,
            to_node=nodes[node_id],
            amount_fen=sum(by_key.values()),
            entry_on=ctx.cal.day(1, 4),
            memo=data.TOPUP_MEMO.format(year=ctx.cal.y1),
            source=funds.SourceRef(
                "care.topup", str(node_id), data.TOPUP_MEMO.format(year=ctx.cal.y1)
            ),
        )


def _adjust(
    year: int, node: OrgNode, actors: dict[str, Actor], extra: dict[str, int], note: str
) -> None:
    """A new budget version of ``node`` for ``year``: the lines in force plus ``extra``."""
    version = funds.budget_version_create(
        actor=actors["finance"], node=node, fiscal_year=year, note=note
    )
    current = dict(version.lines.values_list("category_key", "amount_fen"))
    for key, fen in extra.items():
        funds.budget_line_set(
            actor=actors["finance"],
            version=version,
            category_key=key,
            amount_fen=current.get(key, 0) + fen,
        )
    funds.budget_version_submit(actor=actors["finance"], version=version)
    funds.budget_version_decide(actor=actors["audit"], version=version, outcome="approve")
    funds.budget_version_decide(actor=actors["office"], version=version, outcome="approve")


def _family(ctx: DemoContext, person: Person, relation: str) -> FamilyMember:
    member = FamilyMember.objects.filter(person=person, relation=relation).order_by("pk").first()
    if member is None:
        member = members.family_member_add(
            actor=ctx.system,
            person=person,
            relation=relation,
            name=ctx.rng.choice(data.PARENT_NAMES),
            gender=ctx.rng.choice(("male", "female")),
        )
    return member


def _visits(ctx: DemoContext, rows: list[dict], actors: dict[str, Actor]) -> list[CareVisit]:
    first_branch = ctx.branches[0].pk if ctx.branches else None
    diagnoses = iter(ctx.rng.sample(data.ILLNESS_DIAGNOSES, len(data.ILLNESS_DIAGNOSES)))
    visits = []
    for row in rows:
        person, kind, event_on = row["person"], row["kind"], row["event_on"]
        branch = funds.fund_node_of(person.node)
        own_branch = branch.pk == first_branch
        # Separation of duties (decision 0011): the office decides other branches' visits,
        # so it does not file them too; those come in as recorded on paper (the system).
        filer = actors["liaison"] if own_branch else ctx.system
        relative = payee = None
        diagnosis = ""
        if kind in ("serious_illness", "hospitalisation"):
            diagnosis = next(diagnoses, data.ILLNESS_DIAGNOSES[0])
        note = data.VISIT_NOTES.get(kind, "")
        if kind == "childbirth":
            note = ctx.rng.choice(data.CHILDBIRTH_NOTES)
        if kind == "member_death":
            members.membership_record_death(
                actor=ctx.system, person=person, on=event_on, note=data.DEATH_NOTE
            )
            person = Person.objects.select_related("node", "school").get(pk=person.pk)
            payee = _family(ctx, person, "spouse")
        if kind == "relative_death":
            relative = _family(ctx, person, ctx.rng.choice(("parent", "parent", "spouse")))
        filed_on = event_on + dt.timedelta(days=ctx.rng.randint(2, 12))
        visit = care.care_visit_file(
            actor=filer,
            person=person,
            kind=kind,
            event_on=event_on,
            amount_fen=row["amount_fen"],
            diagnosis=diagnosis,
            note=note,
            relative=relative,
            payee=payee,
            hardship_file=row.get("hardship_file"),
            attachments=_uploads(ctx.school, kind, event_on),
            disclosure_consent=ctx.rng.random() < 0.6,
            filed_on=filed_on,
        )
        paid_on = filed_on + dt.timedelta(days=ctx.rng.randint(3, 10))
        deciders = [actors["chair"] if own_branch else actors["office"], actors["office"]]
        for decider in [*deciders, actors["finance"]]:
            visit = care.care_visit_decide(
                actor=decider, visit=visit, outcome="approve", on=paid_on
            )
        visits.append(visit)
    return visits


def _hardship(ctx: DemoContext, actors: dict[str, Actor], exclude: set[int]) -> list:
    people, _families = _candidates(ctx)
    pool = [p for p in people if p.pk not in exclude]
    applied = ctx.cal.day(11, 20)
    active = []
    for monthly, size, incident_yuan, major, situation in data.HARDSHIP_FILES:
        person = pool.pop(ctx.rng.randrange(len(pool)))
        income = monthly * 100 * 12 * size
        # Entered by the platform, verified and approved by the office (never one's own filing).
        file = care.hardship_file_apply(
            actor=ctx.system,
            person=person,
            inputs=care.HardshipInputs(
                household_size=size,
                annual_income_fen=income,
                incident_costs_fen=incident_yuan * 100,
                major_incident=major,
            ),
            situation=situation,
            applied_on=applied,
        )
        file = care.hardship_file_verify(
            actor=actors["office"],
            file=file,
            note=data.HARDSHIP_NOTE if monthly < 5000 else data.HARDSHIP_REJECT_NOTE,
            on=applied + dt.timedelta(days=10),
        )
        if file.status == "verified":
            active.append(
                care.hardship_file_approve(
                    actor=actors["office"], file=file, on=applied + dt.timedelta(days=20)
                )
            )
    return active


def _waivers(ctx: DemoContext, visits: list[CareVisit], actors: dict[str, Actor]) -> int:
    office = actors["office"]
    count = 0
    for visit in visits:
        if visit.kind != "member_death":
            continue
        person = Person.objects.select_related("node", "school").get(pk=visit.person_id)
        child = FamilyMember.objects.filter(person=person, relation="child").order_by("pk").first()
        if child is None:
            continue
        waiver = care.tuition_waiver_request(
            actor=office,
            person=person,
            child=child,
            school_year=ctx.cal.y0,
            note=data.WAIVER_NOTE,
            requested_on=visit.paid_on,
        )
        waiver = care.tuition_waiver_submit(
            actor=office, waiver=waiver, on=cast(dt.date, visit.paid_on) + dt.timedelta(days=5)
        )
        care.tuition_waiver_decide(
            actor=office,
            waiver=waiver,
            granted=True,
            amount_waived_fen=ctx.rng.choice((4600, 5200, 5800)) * 100,
            school_note=data.WAIVER_SCHOOL_NOTE,
            on=cast(dt.date, visit.paid_on) + dt.timedelta(days=20),
        )
        count += 1
    return count


def seed(ctx: DemoContext) -> None:
    if ctx.school is None or "funds" not in ctx.extra:
        raise RuntimeError("the care step runs after the people and funds steps")
    actors = dict(ctx.extra["funds"]["actors"])
    actors["liaison"] = _user_actor("liaison", actors["office"])
    actors["chair"] = _user_actor("chair", actors["office"])
    rows = _plan(ctx)
    files = _hardship(ctx, actors, {row["person"].pk for row in rows})
    # Spring Festival hardship aid for each household on file, referring to its file.
    aid = [
        {
            "kind": "hardship_aid",
            "person": Person.objects.select_related("node", "school").get(pk=file.person_id),
            "event_on": ctx.cal.on(data.HARDSHIP_AID_ON),
            "amount_fen": data.HARDSHIP_AID_YUAN * 100,
            "hardship_file": file,
        }
        for file in files
    ]
    rows = sorted(rows + aid, key=lambda row: row["event_on"])
    _fund_branches(ctx, rows, actors)
    visits = _visits(ctx, rows, actors)
    hardship = len(data.HARDSHIP_FILES)
    waivers = _waivers(ctx, visits, actors)
    total = sum(v.amount_fen for v in visits) // 100
    pending = _pending(ctx, actors, {row["person"].pk for row in rows})
    ctx.extra["care"] = {"visits": [v.pk for v in visits], "pending": [v.pk for v in pending]}
    ctx.say(
        f"  {len(visits)} care visits paid ({total} yuan), {hardship} hardship files, "
        f"{waivers} tuition waivers; {len(pending)} visits of this year awaiting approval"
    )


def _pending(ctx: DemoContext, actors: dict[str, Actor], exclude: set[int]) -> list[CareVisit]:
    """The current year's visits in the queues: filed by the first branch's liaison, approved by
    its chair, then waiting for the office, or approved by the office and waiting for finance."""
    people, _families = _candidates(ctx)
    first = ctx.branches[0]
    local = [p for p in people if p.pk not in exclude and funds.fund_node_of(p.node) == first]
    visits = []
    for (kind, yuan, event_days, filed_days, waiting), person in zip(
        data.PENDING_VISITS, ctx.rng.sample(local, len(data.PENDING_VISITS)), strict=True
    ):
        event_on = ctx.today - dt.timedelta(days=event_days)
        filed_on = ctx.today - dt.timedelta(days=filed_days)
        visit = care.care_visit_file(
            actor=actors["liaison"],
            person=person,
            kind=kind,
            event_on=event_on,
            amount_fen=yuan * 100,
            diagnosis=data.ILLNESS_DIAGNOSES[0] if kind == "hospitalisation" else "",
            note=data.VISIT_NOTES.get(kind, "") or data.CHILDBIRTH_NOTES[0],
            attachments=_uploads(ctx.school, kind, event_on),
            disclosure_consent=False,
            filed_on=filed_on,
        )
        deciders = [actors["chair"]] if waiting == "office" else [actors["chair"], actors["office"]]
        for decider in deciders:
            visit = care.care_visit_decide(
                actor=decider, visit=visit, outcome="approve", on=filed_on + dt.timedelta(days=2)
            )
        visits.append(visit)
    return visits
