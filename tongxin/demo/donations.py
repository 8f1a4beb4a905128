"""Demo step "donations": the seed's charity drive, built through the donation services.

The union office runs the "Guangdong poverty relief day" drive (1–30 June of the seed year) for the
provincial education foundation. Each branch's liaison enters the branch's list in one bulk
upload (one pass-through posting per branch); a few donors transfer money themselves and
report it, and the liaison confirms it (one report that matches no transfer is rejected). In
all exactly 310 staff give exactly 20,819 yuan, spread over the branches; the office closes the
drive and hands the money over on 8 July (pass-through out: not union income or spending).
A second, smaller drive of the current year is open on today, so members have something to
give to.
"""

import datetime as dt
from collections import defaultdict

from tongxin.donations import services
from tongxin.donations.choices import Channel
from tongxin.donations.models import Campaign
from tongxin.donations.services.common import branch_id_of
from tongxin.donations.spreadsheets import BulkRow
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode

from .data import donations as data
from .seed import DemoContext

CHANNELS = [
    (Channel.CASH, 14),
    (Channel.PAYROLL, 3),
    (Channel.WECHAT_PAY, 2),
    (Channel.BANK_TRANSFER, 1),
]


def _pick(ctx: DemoContext, weighted: list) -> object:
    values = [value for value, _weight in weighted]
    weights = [weight for _value, weight in weighted]
    return ctx.rng.choices(values, weights=weights)[0]


def _amounts(ctx: DemoContext, count: int, total_yuan: int) -> list[int]:
    """``count`` typical gifts in whole yuan adding up to exactly ``total_yuan``.

    Draw from the typical amounts, then move random gifts one typical step up or down (50 to
    100, say) while that brings the sum closer; what is left (under one step) goes to one gift.
    """
    steps = sorted({amount for amount, _weight in data.AMOUNTS})
    amounts = [int(_pick(ctx, data.AMOUNTS)) for _ in range(count)]  # type: ignore[call-overload]
    diff = total_yuan - sum(amounts)
    for _attempt in range(count * 50):
        if abs(diff) < steps[1] - steps[0]:
            break
        index = ctx.rng.randrange(count)
        position = steps.index(amounts[index])
        target = position + (1 if diff > 0 else -1)
        if not 0 <= target < len(steps):
            continue
        change = steps[target] - amounts[index]
        if abs(change) <= abs(diff):
            amounts[index] = steps[target]
            diff -= change
    # The remainder (a few yuan) makes one gift an odd amount, as real lists have.
    index = next(i for i, amount in enumerate(amounts) if amount + diff >= steps[0])
    amounts[index] += diff
    assert sum(amounts) == total_yuan  # noqa: S101 - the demo's own invariant
    return amounts


def _donors(ctx: DemoContext, count: int) -> list[Person]:
    staff = [p for p in ctx.people if p.employment_status == "active"]
    chosen = sorted(ctx.rng.sample(staff, count), key=lambda p: p.pk)
    return list(
        Person.objects.select_related("node").filter(pk__in=[p.pk for p in chosen]).order_by("pk")
    )


def _campaign(ctx: DemoContext, office: object, spec: dict) -> Campaign:
    campaign = services.campaign_create(
        actor=office,  # type: ignore[arg-type]
        organiser=ctx.school,
        title=spec["title"],
        recipient=spec["recipient"],
        description=spec["description"],
        starts_on=spec["starts_on"],
        ends_on=spec["ends_on"],
        target_fen=spec["target_yuan"] * 100,
    )
    return services.campaign_open(actor=office, campaign=campaign)  # type: ignore[arg-type]


def _day(ctx: DemoContext, spec: dict, last: dt.date | None = None) -> dt.date:
    end = last or spec["ends_on"]
    span = (end - spec["starts_on"]).days
    return spec["starts_on"] + dt.timedelta(days=ctx.rng.randint(0, span))


def _drive(ctx: DemoContext, office: object) -> Campaign:
    spec: dict = {
        **data.DRIVE,
        "title": data.DRIVE["title"].format(y1=ctx.cal.y1),
        "recipient_receipt": data.DRIVE["recipient_receipt"].format(y1=ctx.cal.y1),
        **{key: ctx.cal.on(data.DRIVE[key]) for key in ("starts_on", "ends_on", "handed_over_on")},
    }
    campaign = _campaign(ctx, office, spec)
    donors = _donors(ctx, data.DONORS)
    amounts = _amounts(ctx, data.DONORS, data.TOTAL_YUAN)
    reporters = {p.pk for p in ctx.rng.sample(donors, data.REPORTED_BY_MEMBERS)}
    by_branch: dict[int, list[BulkRow]] = defaultdict(list)
    reports = []
    for person, yuan in zip(donors, amounts, strict=True):
        day = _day(ctx, spec, ctx.cal.day(6, 28))
        anonymous = ctx.rng.random() < 0.06
        if person.pk in reporters:
            reports.append((person, yuan, day, anonymous))
            continue
        rows = by_branch[branch_id_of(person.node)]
        rows.append(
            BulkRow(
                number=len(rows) + 2,
                staff_number=person.staff_number,
                name=person.name,
                amount_fen=yuan * 100,
                donated_on=day,
                channel=str(_pick(ctx, CHANNELS)),
                is_anonymous=anonymous,
            )
        )
    branches = OrgNode.objects.in_bulk(list(by_branch))
    for branch_id in sorted(by_branch, key=lambda pk: branches[pk].path):
        services.donation_bulk_apply(
            actor=ctx.system, campaign=campaign, node=branches[branch_id], rows=by_branch[branch_id]
        )
    reported = [
        services.donation_report(
            actor=ctx.system,
            campaign=campaign,
            person=person,
            amount_fen=yuan * 100,
            donated_on=day,
            channel=Channel.BANK_TRANSFER,
            is_anonymous=anonymous,
        )
        for person, yuan, day, anonymous in reports
    ]
    services.donation_confirm(actor=ctx.system, donations=reported)
    # A report no transfer matches (entered twice by mistake) is rejected, not counted.
    person, yuan, day, _anonymous = reports[0]
    duplicate = services.donation_report(
        actor=ctx.system,
        campaign=campaign,
        person=person,
        amount_fen=yuan * 100,
        donated_on=day,
        channel=Channel.BANK_TRANSFER,
    )
    services.donation_reject(actor=ctx.system, donation=duplicate, reason=data.REJECTED_NOTE)
    services.campaign_close(actor=office, campaign=campaign)  # type: ignore[arg-type]
    return services.campaign_hand_over(
        actor=office,  # type: ignore[arg-type]
        campaign=campaign,
        amount_fen=data.TOTAL_YUAN * 100,
        handed_over_on=spec["handed_over_on"],
        recipient_receipt=spec["recipient_receipt"],
        note=spec["handover_note"],
    )


def _open_drive(ctx: DemoContext, office: object) -> Campaign:
    spec: dict = {
        **data.OPEN_DRIVE,
        "title": str(data.OPEN_DRIVE["title"]).format(year=ctx.today.year),
        "starts_on": ctx.today - dt.timedelta(days=int(data.OPEN_DRIVE["opened_days_ago"])),
        "ends_on": ctx.today + dt.timedelta(days=int(data.OPEN_DRIVE["closes_in_days"])),
    }
    campaign = _campaign(ctx, office, spec)
    donors = _donors(ctx, data.OPEN_DRIVE_DONORS)
    for person in donors:
        services.donation_record(
            actor=ctx.system,
            campaign=campaign,
            person=person,
            amount_fen=int(_pick(ctx, data.AMOUNTS)) * 100,  # type: ignore[call-overload]
            donated_on=_day(ctx, spec, ctx.today),
            channel=str(_pick(ctx, CHANNELS)),
        )
    return campaign


def seed(ctx: DemoContext) -> None:
    office = ctx.extra["funds"]["actors"]["office"]
    drive = _drive(ctx, office)
    _open_drive(ctx, office)
    ctx.extra["donations"] = {"drive": drive.pk}
    ctx.say(
        f"  charity drive: {drive.donations.filter(status='confirmed').values('person').distinct().count()} "
        f"donors, {drive.handover_amount_fen // 100} yuan handed over to {drive.recipient}"
    )
