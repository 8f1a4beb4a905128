"""Demo step: the seed year's children's day art call (the seed summary's children's day
education event).

Staff children aged 3–12 send paintings in May (small PNGs drawn here, so the gallery
shows something); the office screens them, three judges score them, the prizes go by ranking
within the 2/3 share (16 participants: at most 10 prize winners) and the results are published
on 1 June with the prize money paid from union funds. A second call is open around the demo's
today so that the upload can be tried.

The step draws from its own seeded generator, not ``ctx.rng``, so adding it leaves the steps
after it (voice) exactly as they were.
"""

import datetime as dt
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.accounts.models import User
from tongxin.activities.models import Activity
from tongxin.members.models import FamilyMember
from tongxin.submissions import services
from tongxin.submissions.choices import Eligibility, WorkKind
from tongxin.submissions.models import Work
from tongxin.submissions.services.common import age_on

from .data import submissions as data
from .seed import DemoContext

# The call's days in the seed year (MM-DD): opens, closes, published.
OPENS_ON, CLOSES_ON, PUBLISHED_ON = "05-10", "05-26", "06-01"
WORK_COUNT, REJECTED = 18, 2
SIZE = 96


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def painting_png(rng, size: int = SIZE) -> bytes:  # type: ignore[no-untyped-def]
    """A tiny child's-drawing PNG: sky, ground, a sun and a house in random colours."""
    sky = (rng.randint(120, 200), rng.randint(180, 230), 255)
    ground = (rng.randint(60, 140), rng.randint(150, 210), rng.randint(60, 120))
    sun = (255, rng.randint(170, 230), 40)
    wall = (rng.randint(180, 255), rng.randint(80, 200), rng.randint(80, 200))
    roof = (rng.randint(150, 230), 40, 40)
    sx, sy, sr = rng.randint(15, size - 15), rng.randint(10, 30), rng.randint(7, 13)
    hx, hw = rng.randint(10, size - 45), rng.randint(25, 35)
    horizon = rng.randint(size * 3 // 5, size * 3 // 4)
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            colour = sky if y < horizon else ground
            if (x - sx) ** 2 + (y - sy) ** 2 <= sr * sr:
                colour = sun
            top = horizon - hw
            if hx <= x < hx + hw and top <= y < horizon:
                colour = wall
            peak = top - hw // 2
            if peak <= y < top and abs(x - (hx + hw // 2)) <= (y - peak):
                colour = roof
            row += bytes(colour)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )


def _children(ctx: DemoContext, low: int, high: int, on: dt.date) -> list[FamilyMember]:
    """Staff children in the age band on ``on``, one per parent, the member login's first."""
    rows = (
        FamilyMember.objects.filter(
            person__school=ctx.school,
            person__employment_status="active",
            relation="child",
            birth_on__isnull=False,
        )
        .select_related("person__node")
        .order_by("pk")
    )
    seen: set[int] = set()
    result = []
    for child in rows:
        if child.person_id in seen or not low <= age_on(child.birth_on, on) <= high:
            continue
        seen.add(child.person_id)
        result.append(child)
    member = User.objects.filter(username="member").values_list("person_id", flat=True).first()
    result.sort(key=lambda c: c.person_id != member)
    return result


def _upload(rng: random.Random, index: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"painting-{index}.png", painting_png(rng), "image/png")


def _childrens_day_call(ctx: DemoContext, office, rng) -> None:  # type: ignore[no-untyped-def]
    title, description = data.CHILDRENS_DAY_CALL
    opens_on, closes_on = ctx.cal.on(OPENS_ON), ctx.cal.on(CLOSES_ON)
    activity = Activity.objects.filter(school=ctx.school, kind="childrens_day").first()
    call = services.call_create(
        actor=office,
        node=ctx.school,
        title=title,
        description=description,
        kinds=[WorkKind.IMAGE],
        eligibility=Eligibility.CHILDREN,
        child_min_age=3,
        child_max_age=12,
        opens_on=opens_on,
        closes_on=closes_on,
        max_works_per_author=1,
        criteria=data.CRITERIA,
        activity=activity,
    )
    call = services.call_open(actor=office, call=call)
    children = _children(ctx, 3, 12, closes_on)
    entrants = children[:1] + rng.sample(children[1:], WORK_COUNT - 1)
    works = []
    for index, child in enumerate(entrants):
        day = opens_on + dt.timedelta(days=rng.randint(0, (closes_on - opens_on).days))
        works.append(
            services.work_submit(
                actor=ctx.system,
                call=call,
                submitter=child.person,
                child=child,
                title=data.WORK_TITLES[index % len(data.WORK_TITLES)],
                description=rng.choice(data.WORK_DESCRIPTIONS),
                upload=_upload(rng, index),
                on=day,
            )
        )
    rejected = set(rng.sample(range(1, len(works)), REJECTED))
    accepted: list[Work] = []
    for index, work in enumerate(works):
        if index in rejected:
            services.work_reject(
                actor=office, work=work, note=data.REJECT_NOTES[len(accepted) % 2], on=closes_on
            )
        else:
            accepted.append(services.work_accept(actor=office, work=work, on=closes_on))
    parents = {work.submitter_id for work in works}
    judges = [p for p in ctx.people if p.pk not in parents and p.employment_status == "active"]
    office_person = office.person_id
    panel = [p for p in judges if p.pk == office_person][:1]
    panel += rng.sample([p for p in judges if p.pk != office_person], 3 - len(panel))
    for person in panel:
        services.judge_appoint(actor=office, call=call, person=person)
    call = services.call_start_judging(actor=office, call=call)
    criteria = list(call.criteria.all())
    for person in panel:
        judge = _person_actor(person)
        for work in accepted:
            services.score_set(
                actor=judge, work=work, values={c.pk: rng.randint(62, 98) for c in criteria}
            )
    for name, count, amount in data.PRIZES:
        services.prize_level_add(actor=office, call=call, name=name, count=count, amount_fen=amount)
    awards = services.awards_from_ranking(actor=office, call=call)
    services.call_publish(actor=office, call=call, pay_prizes=True, on=ctx.cal.on(PUBLISHED_ON))
    ctx.say(
        f"  {title}: {len(works)} works, {len(accepted)} accepted, {len(panel)} judges, "
        f"{len(awards)} prizes"
    )


def _person_actor(person):  # type: ignore[no-untyped-def]
    from tongxin.orgs.actor import Actor

    user = User.objects.filter(person=person).first()
    if user is not None:
        from tongxin.accounts.actors import actor_for

        return actor_for(user)
    return Actor(user_id=None, person_id=person.pk, name=person.name)


def _open_call(ctx: DemoContext, office, rng) -> None:  # type: ignore[no-untyped-def]
    """A call open around the demo's today, with a few works waiting for screening."""
    today = ctx.today
    title, description = data.OPEN_CALL
    call = services.call_create(
        actor=office,
        node=ctx.school,
        title=title,
        description=description,
        kinds=[WorkKind.IMAGE, WorkKind.PDF],
        eligibility=Eligibility.CHILDREN,
        child_min_age=6,
        child_max_age=14,
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=30),
        max_works_per_author=2,
        criteria=data.OPEN_CRITERIA,
    )
    call = services.call_open(actor=office, call=call)
    for index, child in enumerate(_children(ctx, 6, 14, today)[1:4]):
        services.work_submit(
            actor=ctx.system,
            call=call,
            submitter=child.person,
            child=child,
            title=data.WORK_TITLES[-1 - index],
            upload=_upload(rng, 100 + index),
            on=today,
        )


def seed(ctx: DemoContext) -> None:
    office = ctx.extra["funds"]["actors"]["office"]
    rng = random.Random(20210601)
    _childrens_day_call(ctx, office, rng)
    _open_call(ctx, office, rng)
