"""Demo step: the holiday benefits of the seed year, shaped like the seed summary.

"In the Spring Festival we gave out new-year gift packs, at Mid-Autumn mooncakes: 2,685
person-times in the year" and "950 dental care packs" at the two-week dental check in May.

Mid-Autumn (``y0``) and Spring Festival (``y1``) go to every member in good standing (retirees
included); two smaller batches (New Year's Day for the teaching branches, Dragon Boat for
others) bring the year's receipts just above 2,685. Each branch's liaison records the paper
sign-off sheet (some collected by proxies), a few members confirm on their phones, a few
retirees get theirs by post and confirm, and the few left over are marked not delivered when
the batch closes, so the signed-off receipts of the year are the seed's 2,685. The dental
day's packs go to the people who attended it, through ``benefit_batch_from_activity``.
Everything goes through the services (bulk paths: one confirmation and one sheet per branch
are a constant number of queries), dated on the day it happened.

In the current year, one festival batch was handed out a few days before today and is being
signed off: about half the branches have recorded their sheets, the rest (the demo member's
branch among them, so the member's page shows the QR code to collect) have not.
"""

import datetime as dt
from typing import cast
from zoneinfo import ZoneInfo

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.activities import clock
from tongxin.activities.models import Activity
from tongxin.approvals import conflicts
from tongxin.benefits import services
from tongxin.benefits.choices import ReceiptStatus
from tongxin.benefits.models import BenefitBatch, BenefitReceipt
from tongxin.members.queries import membership_counts_on
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .data import activities as activity_text
from .data import benefits as data
from .seed import DemoContext

TARGET_PERSON_TIMES = 2685  # the seed: person-times of holiday gifts in the year
DENTAL_PACKS = 950  # the seed: dental care packs given out
TZ = ZoneInfo("Asia/Shanghai")
SELF_CONFIRMS = 12  # members who confirm on their phone, per big batch
MAILED = 6  # retirees who get theirs by post, per big batch


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _branch_counts(ctx: DemoContext, on: dt.date, retirees: bool) -> dict[int, int]:
    """Members per branch (groups counted in their branch) on ``on``."""
    direct = membership_counts_on(root_path=ctx.school.path, on=on, include_retained=retirees)
    paths = dict(OrgNode.objects.filter(pk__in=direct).values_list("pk", "path"))
    counts = {}
    for branch in ctx.branches:
        counts[branch.pk] = sum(n for pk, n in direct.items() if paths[pk].startswith(branch.path))
    return counts


def _resolve(ctx: DemoContext, spec: tuple) -> tuple:
    """A batch of ``data.BATCHES`` with its title's years and its days in the seed year."""
    festival, title, goods, yuan, supplier, cutoff, given, retirees, branches = spec
    title = title.format(y0=ctx.cal.y0, y1=ctx.cal.y1)
    cutoff, given = ctx.cal.on(cutoff), ctx.cal.on(given)
    return festival, title, goods, yuan, supplier, cutoff, given, retirees, branches


def _confirm(
    ctx: DemoContext, office: Actor, spec: tuple, audience: OrgNode | None
) -> BenefitBatch:
    festival, title, goods, yuan, supplier, cutoff, given, retirees, _branches = spec
    with clock.at(_at(cutoff, 10)):
        batch = services.benefit_batch_create(
            actor=office,
            school=ctx.school,
            title=title if audience is None else f"{title} · {audience.name}",
            festival=festival,
            goods=goods,
            unit_cost_fen=yuan * 100,
            supplier=supplier,
            cutoff_on=cutoff,
            distribute_on=given,
            include_retirees=retirees,
            audience_node=audience,
            note=data.NOTE,
        )
    with clock.at(_at(given - dt.timedelta(days=3), 15)):
        return services.benefit_batch_confirm(actor=office, batch=batch, exclude_over_cap=True)


def _plan(ctx: DemoContext, office: Actor) -> list[BenefitBatch]:
    """The two big batches, then small ones branch by branch until the year's receipts pass
    the seed's person-times by a few (those will not be delivered)."""
    specs = [_resolve(ctx, spec) for spec in data.BATCHES]
    big = [spec for spec in specs if spec[8] is None]
    small = [spec for spec in specs if spec[8] is not None]
    batches = [_confirm(ctx, office, spec, None) for spec in big]
    total = sum(b.recipient_count for b in batches)
    wanted = TARGET_PERSON_TIMES + 8
    for spec in small:
        counts = _branch_counts(ctx, spec[5], spec[7])
        for index in cast(list[int], spec[8]):  # only the small batches, which have it
            if total >= wanted:
                break
            branch = ctx.branches[index]
            if counts.get(branch.pk):
                batch = _confirm(ctx, office, spec, branch)
                batches.append(batch)
                total += batch.recipient_count
    return batches


def _signer(ctx: DemoContext, office: Actor, branch_id: int) -> Actor:
    """The branch's liaison if they have an account with the role, else the office."""
    liaison = ctx.extra.get("benefits_liaison")
    if liaison is not None and access.can_at(
        liaison, "benefits.sign_for_member", OrgNode.objects.get(pk=branch_id).path
    ):
        return liaison
    return office


def _hand_out(
    ctx: DemoContext, office: Actor, batch: BenefitBatch, undelivered: set[int], mailed: int
) -> None:
    """Hand out one batch: a few mailed (and confirmed), a few confirmed on the phone, the
    rest on each branch's paper sheet (some by proxy); ``undelivered`` receipts stay
    uncollected and become not delivered when the batch closes."""
    receipts = list(
        BenefitReceipt.objects.filter(batch=batch).select_related("person").order_by("pk")
    )
    rng = ctx.rng
    open_receipts = [r for r in receipts if r.pk not in undelivered]
    retirees = [r for r in open_receipts if r.person.membership_status == "retained"]
    posted = retirees[:mailed]
    day = batch.distribute_on
    for number, receipt in enumerate(posted, start=1):
        with clock.at(_at(day, 9)):
            services.benefit_receipt_mail_out(
                actor=office, receipt=receipt, address=data.MAIL_ADDRESS.format(n=number * 7)
            )
        person_actor = Actor(user_id=None, person_id=receipt.person_id, name=receipt.person.name)
        with clock.at(_at(day + dt.timedelta(days=3), 19, number)):
            services.benefit_receipt_sign(actor=person_actor, receipt=receipt)
    rest = [r for r in open_receipts if r not in posted]
    phone = rng.sample(rest, min(SELF_CONFIRMS if mailed else 0, len(rest)))
    for receipt in phone:
        person_actor = Actor(user_id=None, person_id=receipt.person_id, name=receipt.person.name)
        with clock.at(_at(day, rng.randint(9, 16), rng.randint(0, 59))):
            services.benefit_receipt_sign(actor=person_actor, receipt=receipt)
    chosen = {r.pk for r in phone}
    by_branch: dict[int, list[BenefitReceipt]] = {}
    for receipt in rest:
        if receipt.pk not in chosen:
            by_branch.setdefault(receipt.branch_id, []).append(receipt)
    for branch_id, rows in by_branch.items():
        signer = _signer(ctx, office, branch_id)
        # Nobody signs as proxy for their own or their family's goods (decision 0011).
        mine = conflicts.conflicted_person_ids(signer)
        entries = [
            services.SheetEntry(
                person_id=r.person_id,
                signed_at=_at(day + dt.timedelta(days=rng.randint(0, 2)), rng.choice((10, 15))),
                proxy_name=rng.choice(data.PROXY_NAMES)
                if rng.random() < 0.08 and r.person_id not in mine
                else "",
            )
            for r in rows
        ]
        with clock.at(_at(day + dt.timedelta(days=3), 17)):
            services.benefit_receipts_sign_sheet(actor=signer, batch=batch, entries=entries)


def _close(office: Actor, batch: BenefitBatch) -> None:
    with clock.at(_at(batch.distribute_on + dt.timedelta(days=14), 17)):
        services.benefit_batch_close(actor=office, batch=batch)


def _dental(ctx: DemoContext, office: Actor) -> BenefitBatch | None:
    activity = (
        Activity.objects.filter(school=ctx.school, title=activity_text.DENTAL[0])
        .order_by("pk")
        .first()
    )
    if activity is None:
        return None
    last_day = activity.ends_at.astimezone(TZ).date()
    with clock.at(_at(last_day, 17, 30)):
        batch = services.benefit_batch_from_activity(
            actor=office,
            activity=activity,
            title=data.DENTAL_TITLE,
            goods=data.DENTAL_GOODS,
            unit_cost_fen=data.DENTAL_COST_YUAN * 100,
            supplier=data.DENTAL_SUPPLIER,
            distribute_on=last_day,
        )
    _hand_out(ctx, office, batch, set(), 0)
    _close(office, batch)
    return batch


def seed(ctx: DemoContext) -> None:
    if ctx.school is None or "funds" not in ctx.extra:
        raise RuntimeError("the benefits step runs after the people and funds steps")
    office = ctx.extra["funds"]["actors"]["office"]
    liaison = User.objects.filter(username="liaison").first()
    ctx.extra["benefits_liaison"] = actor_for(liaison) if liaison else None
    batches = _plan(ctx, office)
    receipts = sum(b.recipient_count for b in batches)
    extra = max(0, receipts - TARGET_PERSON_TIMES)
    every = list(
        BenefitReceipt.objects.filter(batch__in=batches).order_by("pk").values_list("pk", flat=True)
    )
    undelivered = set(ctx.rng.sample(every, extra))
    for batch in batches:
        _hand_out(ctx, office, batch, undelivered, MAILED if batch.audience_node_id is None else 0)
        _close(office, batch)
    dental = _dental(ctx, office)
    signed = BenefitReceipt.objects.filter(batch__in=batches, status=ReceiptStatus.SIGNED).count()
    current = _current(ctx, office)
    ctx.extra["benefits"] = {
        "batches": [b.pk for b in batches],
        "dental": dental,
        "current": current.pk,
    }
    ctx.say(
        f"  {len(batches)} holiday batches, {signed} receipts signed off "
        f"({receipts - signed} not delivered); "
        f"{dental.recipient_count if dental else 0} dental care packs; "
        f"this year's {current.title}: "
        f"{current.receipts.filter(status=ReceiptStatus.SIGNED).count()} of "
        f"{current.recipient_count} signed off so far"
    )


def _season(today: dt.date) -> tuple[str, int]:
    """Which festival's batch is being handed out around ``today``, and the festival's year."""
    if today.month in (9, 10):
        return "autumn", today.year
    if today.month in (11, 12, 1):
        return "winter", today.year + 1 if today.month >= 11 else today.year
    if today.month in (2, 3, 4):
        return "spring", today.year
    return "summer", today.year


def _current(ctx: DemoContext, office: Actor) -> BenefitBatch:
    """This year's batch, handed out four days ago: the odd-numbered branches have recorded
    their sheets, the others (the demo member's first branch among them) not yet."""
    season, year = _season(ctx.today)
    festival, title, goods, yuan, supplier = data.CURRENT_BATCHES[season]
    given = ctx.today - dt.timedelta(days=4)
    spec = (festival, title.format(year=year), goods, yuan, supplier)
    batch = _confirm(ctx, office, (*spec, given - dt.timedelta(days=10), given, False, None), None)
    receipts = list(BenefitReceipt.objects.filter(batch=batch).order_by("pk"))
    by_branch: dict[int, list[BenefitReceipt]] = {}
    for receipt in receipts:
        by_branch.setdefault(receipt.branch_id, []).append(receipt)
    signing = {branch.pk for index, branch in enumerate(ctx.branches) if index % 2 == 1}
    rng = ctx.rng
    for branch_id in sorted(signing & set(by_branch)):
        entries = [
            services.SheetEntry(
                person_id=r.person_id,
                signed_at=_at(given + dt.timedelta(days=rng.randint(0, 2)), rng.choice((10, 15))),
                proxy_name=rng.choice(data.PROXY_NAMES) if rng.random() < 0.08 else "",
            )
            for r in by_branch[branch_id]
        ]
        with clock.at(_at(given + dt.timedelta(days=3), 17)):
            services.benefit_receipts_sign_sheet(
                actor=_signer(ctx, office, branch_id), batch=batch, entries=entries
            )
    return batch
