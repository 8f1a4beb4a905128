"""Demo step "staff_services": the seed year's group accident insurance and school places.

The union buys a group accident insurance for all members for the seed's academic year
(340,000 yuan main cover and riders), imports the roster of members in good standing on
1 September of the seed year, posts the premium to the ledger (staff-services spending), and helps a
handful of members with claims. It also helps 55 staff children apply for kindergarten and
school places in the town (the seed's figure), forwards them to the education bureau and
records the outcomes: most are placed, a few are not, a few still wait.

Everything goes through the services, dated on the day it happened.
"""

import datetime as dt
import random
from typing import cast

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.members.choices import Relation
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.actor import Actor
from tongxin.staff_services import services
from tongxin.staff_services.choices import NEXT_STAGE, PLACEMENT_STAGES

from .data import staff_services as data
from .seed import DemoContext

PLACE_COUNT = 55  # the seed: 55 staff children helped to apply for places


def _actor(username: str, fallback: Actor) -> Actor:
    user = User.objects.filter(username=username).first()
    return actor_for(user) if user else fallback


def _insurance(
    ctx: DemoContext, rng: random.Random, office: Actor, finance: Actor, liaison: Actor
) -> int:
    school = ctx.school
    if school is None:
        raise RuntimeError("the people step comes first")
    policy = services.insurance_policy_create(
        actor=office,
        node=school,
        name=data.POLICY_NAME.format(y0=ctx.cal.y0, y1=ctx.cal.y1),
        insurer=data.INSURER,
        policy_number=data.POLICY_NUMBER.format(y0=ctx.cal.y0),
        starts_on=ctx.cal.seed_start,
        ends_on=ctx.cal.seed_end,
        premium_per_person_fen=data.PREMIUM_YUAN * 100,
        note=data.POLICY_NOTE,
        cover_items=[(name, yuan * 100, rider) for name, yuan, rider in data.COVER_ITEMS],
    )
    insured = services.insured_roster_import(actor=office, policy=policy)
    services.insurance_premium_post(actor=finance, policy=policy, entry_on=ctx.cal.day(9, 15))
    people = list(
        Person.objects.filter(insurances__policy=policy).select_related("node").order_by("pk")
    )
    member = User.objects.filter(username="member").values_list("person_id", flat=True).first()
    claimants = [p for p in people if p.pk == member]
    claimants += rng.sample([p for p in people if p.pk != member], len(data.CLAIMS) - 1)
    liaison_branch = (
        Person.objects.filter(pk=cast(int, liaison.person_id))
        .values_list("node_id", flat=True)
        .first()
    )
    for index, (person, (text, outcome, paid)) in enumerate(
        zip(claimants, data.CLAIMS, strict=True)
    ):
        incident = ctx.cal.day(10, 12) + dt.timedelta(days=index * 37 + rng.randint(0, 9))
        reported = incident + dt.timedelta(days=rng.randint(1, 5))
        filer = liaison if person.node_id == liaison_branch else office
        claim = services.insurance_claim_report(
            actor=filer,
            person=person,
            policy=policy,
            incident_on=incident,
            description=text,
            reported_on=reported,
        )
        if outcome == "reported":
            continue
        submitted = reported + dt.timedelta(days=rng.randint(2, 8))
        claim = services.insurance_claim_submit(actor=office, claim=claim, on=submitted)
        if outcome == "submitted":
            continue
        services.insurance_claim_settle(
            actor=office,
            claim=claim,
            outcome=outcome,
            paid_fen=paid * 100,
            on=min(submitted + dt.timedelta(days=rng.randint(15, 40)), ctx.cal.seed_end),
        )
    return insured


def _children(ctx: DemoContext, rng: random.Random) -> list[FamilyMember]:
    """Children in a placed stage whose parent is on the staff, the member login's first."""
    member = User.objects.filter(username="member").values_list("person_id", flat=True).first()
    children = list(
        FamilyMember.objects.filter(
            person__school=ctx.school,
            person__employment_status="active",
            relation=Relation.CHILD,
            school_stage__in=PLACEMENT_STAGES,
        )
        .select_related("person__node")
        .order_by("pk")
    )
    own = [c for c in children if c.person_id == member]
    chosen = list(own)
    # Most help is asked for kindergarten and primary places; fewer for junior high.
    for stage, share in (("kindergarten", 22), ("primary", 25), ("junior_high", 8)):
        pool = [c for c in children if c.school_stage == stage and c not in chosen]
        chosen += rng.sample(pool, min(share, len(pool)))
    rest = [c for c in children if c not in chosen]
    chosen += rng.sample(rest, max(0, min(PLACE_COUNT - len(chosen), len(rest))))
    others = chosen[len(own) : PLACE_COUNT]
    rng.shuffle(others)
    return own + others


def _wish(rng: random.Random, stage: str) -> str:
    pools = {
        "kindergarten": data.KINDERGARTENS,
        "primary": data.PRIMARY_SCHOOLS,
        "junior_high": data.JUNIOR_HIGHS,
    }
    # Since the college's collective household moved into Xiangcheng's catchment, most ask there.
    pool = pools.get(stage, data.KINDERGARTENS)
    return pool[0] if rng.random() < 0.6 else rng.choice(pool)


def _school_places(
    ctx: DemoContext, rng: random.Random, office: Actor, liaison: Actor
) -> dict[str, int]:
    outcomes = {"placed": 0, "not_placed": 0, "forwarded": 0, "submitted": 0}
    liaison_branch = (
        Person.objects.filter(pk=cast(int, liaison.person_id))
        .values_list("node_id", flat=True)
        .first()
    )
    member = User.objects.filter(username="member").first()
    for index, child in enumerate(_children(ctx, rng)):
        # Starting primary school is most of the demand; the others change school in town
        # (a few primary pupils move up to junior high).
        moving_up = {"kindergarten": 0.7, "primary": 0.25}.get(child.school_stage, 0)
        stage = child.school_stage
        if rng.random() < moving_up:
            stage = NEXT_STAGE[child.school_stage]
        parent = child.person
        if member is not None and parent.pk == member.person_id:
            filer = actor_for(member)
        elif parent.node_id == liaison_branch:
            filer = liaison
        else:
            filer = office
        submitted = ctx.cal.day(3, 1) + dt.timedelta(days=rng.randint(0, 60))
        wished = _wish(rng, stage)
        application = services.school_place_apply(
            actor=filer,
            person=parent,
            child=child,
            stage=stage,
            wished_school=wished,
            note=data.APPLICATION_NOTE if wished == data.PRIMARY_SCHOOLS[0] else "",
            submitted_on=submitted,
        )
        if index >= PLACE_COUNT - 2:
            outcomes["submitted"] += 1
            continue
        forwarded = submitted + dt.timedelta(days=rng.randint(3, 14))
        services.school_place_forward(actor=office, application=application, on=forwarded)
        if index >= PLACE_COUNT - 5:
            outcomes["forwarded"] += 1
            continue
        decided = min(forwarded + dt.timedelta(days=rng.randint(30, 80)), ctx.cal.seed_end)
        if rng.random() < 0.12:
            services.school_place_decide(
                actor=office,
                application=application,
                outcome="not_placed",
                note=rng.choice(data.NOT_PLACED_NOTES),
                on=decided,
            )
            outcomes["not_placed"] += 1
        else:
            school = wished if rng.random() < 0.85 else _wish(rng, stage)
            services.school_place_decide(
                actor=office,
                application=application,
                outcome="placed",
                outcome_school=school,
                on=decided,
            )
            outcomes["placed"] += 1
    return outcomes


def seed(ctx: DemoContext) -> None:
    if ctx.school is None:
        raise RuntimeError("the staff_services step runs after the people and funds steps")
    office = _actor("office", ctx.system)
    finance = _actor("finance", ctx.system)
    liaison = _actor("liaison", ctx.system)
    # A generator of its own, so this step leaves the later steps' random draws unchanged.
    rng = random.Random(20210901)
    insured = _insurance(ctx, rng, office, finance, liaison)
    outcomes = _school_places(ctx, rng, office, liaison)
    ctx.say(
        f"  insurance for {insured} members ({data.PREMIUM_YUAN} yuan each), "
        f"{len(data.CLAIMS)} claims; {sum(outcomes.values())} school-place applications "
        f"({outcomes['placed']} placed, {outcomes['not_placed']} not placed)"
    )
