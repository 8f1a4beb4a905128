"""Benefit batches: plan a draft, confirm it (receipts, cap, value given, cost), close or cancel.

How the money and the person-times fit together (``funds.queries.policy.holiday_benefit_total_fen``
is the source of truth for the yearly cap):

- Confirming a festival batch locks the recipients' person rows, sums what each already
  received in the calendar year of ``distribute_on`` and, in the same transaction, records one
  ``benefit`` participation per recipient with ``amount_fen`` = the cost per person. So a
  second batch confirmed at the same moment sees the first one's value and the cap cannot be
  passed by two batches racing. The value is reserved when the goods are assigned.
- A receipt that ends up not delivered (marked so, or still uncollected when the batch is
  closed) loses its participation: the value was not given, so it no longer counts against
  the cap, and it is not a person-time. After closing, the batch's participations are exactly
  its signed-for (and mailed) receipts: the person-times of the batch.
- The cost is posted once per batch on the school union's fund (the office buys centrally;
  branches' allocations are not for holiday gifts), under the policy's holiday category
  (member activities), dated ``distribute_on``; budget control applies. Goods bought but not
  delivered stay a cost.
- Activity gifts (e.g. the dental day's packs) are not holiday benefits: no festival rule, no
  cap, and their participations are of kind ``other`` (so ``holiday_benefit_total_fen``, which
  sums ``benefit`` only, never counts them), still with the value given.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.activities.models import Activity
from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.funds import services as funds
from tongxin.funds.choices import Festival
from tongxin.funds.queries.policy import (
    festival_allowed,
    holiday_benefit_total_fen,
    holiday_cap_fen,
    policy_in_force,
)
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.models import Participation
from tongxin.participation.services import participation_record_many

from .. import events, notices
from ..choices import BatchSource, BatchStatus, ReceiptStatus
from ..errors import BenefitsErrorCode
from ..models import BenefitBatch, BenefitReceipt, CapExclusion
from ..permissions import BenefitsPermission
from ..queries.eligibility import batch_recipients
from .common import (
    MEMBER_ACTIVITIES_KEY,
    branch_paths,
    check_unit_cost,
    clean_text,
    new_token,
    require_status,
)

P = BenefitsPermission
REASON_MAX_LENGTH = 200


def participation_kind(batch: BenefitBatch) -> str:
    """Holiday gifts are ``benefit`` person-times (counted by the cap); activity gifts ``other``."""
    return ParticipationKind.BENEFIT if batch.is_festival else ParticipationKind.OTHER


def _check_festival(school: OrgNode, festival: str, on: dt.date) -> None:
    if festival not in Festival.values or not festival_allowed(
        school=school, festival=festival, on=on
    ):
        raise ValidationFailed(
            _("Holiday benefits may not be given for this festival under the policy in force."),
            code=BenefitsErrorCode.FESTIVAL_NOT_ALLOWED,
            field="festival",
        )


@dataclass(frozen=True)
class BatchPlan:
    """What a draft says: the fields the office fills in, as the services check them."""

    title: str
    goods: str
    unit_cost_fen: int
    cutoff_on: dt.date
    distribute_on: dt.date
    festival: str = ""
    activity: Activity | None = None
    supplier: str = ""
    include_retirees: bool = False
    audience_node: OrgNode | None = None
    note: str = ""


def _clean_plan(school: OrgNode, plan: BatchPlan) -> tuple[BatchPlan, str]:
    """The plan with its text trimmed and every rule checked; and its source."""
    title = clean_text(plan.title, field="title", max_length=120)
    goods = clean_text(plan.goods, field="goods", max_length=200)
    supplier = clean_text(plan.supplier, field="supplier", max_length=200, required=False)
    note = clean_text(plan.note, field="note", max_length=2000, required=False)
    unit_cost_fen = check_unit_cost(plan.unit_cost_fen)
    if plan.cutoff_on > plan.distribute_on:
        raise ValidationFailed(
            _("The membership cut-off date cannot be after the distribution date."),
            field="cutoff_on",
        )
    festival, activity = plan.festival or "", plan.activity
    if (festival and activity is not None) or (not festival and activity is None):
        raise ValidationFailed(
            _("Choose either a festival or an activity."),
            code=BenefitsErrorCode.SOURCE_REQUIRED,
            field="festival",
        )
    if activity is not None:
        if activity.school_id != school.pk:
            raise ValidationFailed(
                _("The activity belongs to another school."),
                code=BenefitsErrorCode.NOT_A_NODE_OF_SCHOOL,
                field="activity",
            )
        source = BatchSource.ACTIVITY
    else:
        _check_festival(school, festival, plan.distribute_on)
        source = BatchSource.FESTIVAL
    audience = plan.audience_node
    if audience is not None and not audience.path.startswith(school.path):
        raise ValidationFailed(
            _("Choose a part of this school union."),
            code=BenefitsErrorCode.NOT_A_NODE_OF_SCHOOL,
            field="audience_node",
        )
    cleaned = BatchPlan(
        title=title,
        goods=goods,
        unit_cost_fen=unit_cost_fen,
        cutoff_on=plan.cutoff_on,
        distribute_on=plan.distribute_on,
        festival=festival,
        activity=activity,
        supplier=supplier,
        include_retirees=bool(plan.include_retirees),
        audience_node=audience,
        note=note,
    )
    return cleaned, source


PLAN_FIELDS = (
    "title",
    "source",
    "festival",
    "activity",
    "goods",
    "unit_cost_fen",
    "supplier",
    "cutoff_on",
    "distribute_on",
    "include_retirees",
    "audience_node",
    "note",
)


def _apply(batch: BenefitBatch, plan: BatchPlan, source: str) -> None:
    for name in PLAN_FIELDS:
        setattr(batch, name, source if name == "source" else getattr(plan, name))


def _snapshot(batch: BenefitBatch) -> dict:
    return audit.snapshot(batch, PLAN_FIELDS)


def benefit_batch_create(
    *,
    actor: Actor,
    school: OrgNode,
    title: str,
    goods: str,
    unit_cost_fen: int,
    cutoff_on: dt.date,
    distribute_on: dt.date,
    festival: str = "",
    activity: Activity | None = None,
    supplier: str = "",
    include_retirees: bool = False,
    audience_node: OrgNode | None = None,
    note: str = "",
) -> BenefitBatch:
    """Plan a batch as a draft (nothing is given or paid yet).

    Rules: the office of the school union plans batches; the source is either a festival the
    policy in force on ``distribute_on`` allows (the statutory list, rule R1) or an activity of
    the same school, never both; the cost per person is a positive whole number of fen; the
    cut-off date is not after the distribution date; an audience node lies inside the school.
    """
    access.require_at(actor, P.MANAGE_BATCH, school)
    if school.parent_id is not None:
        raise ValidationFailed(
            _("Batches are planned by the school union."),
            code=BenefitsErrorCode.NOT_A_NODE_OF_SCHOOL,
            field="school",
        )
    plan, source = _clean_plan(
        school,
        BatchPlan(
            title=title,
            goods=goods,
            unit_cost_fen=unit_cost_fen,
            cutoff_on=cutoff_on,
            distribute_on=distribute_on,
            festival=festival,
            activity=activity,
            supplier=supplier,
            include_retirees=include_retirees,
            audience_node=audience_node,
            note=note,
        ),
    )
    with transaction.atomic(durable=True):
        batch = BenefitBatch(school=school, created_by_id=actor.user_id)
        _apply(batch, plan, source)
        batch.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.BATCH_CREATED,
            target=batch,
            changes=_snapshot(batch),
            node_path=school.path,
        )
    return batch


def benefit_batch_update(*, actor: Actor, batch: BenefitBatch, plan: BatchPlan) -> BenefitBatch:
    """Change a draft (the same rules as planning it); a confirmed batch is fixed."""
    access.require(actor, P.MANAGE_BATCH, batch)
    with transaction.atomic(durable=True):
        locked = _lock_batch(batch)
        require_status(locked.status, [BatchStatus.DRAFT], BatchStatus)
        cleaned, source = _clean_plan(locked.school, plan)
        before = _snapshot(locked)
        _apply(locked, cleaned, source)
        locked.save(update_fields=[*PLAN_FIELDS, "updated_at"])
        changes = audit.diff(before, _snapshot(locked))
        if changes:
            audit.record(
                actor=actor,
                event=events.BATCH_UPDATED,
                target=locked,
                changes=changes,
                node_path=locked.school.path,
            )
    return locked


def _lock_batch(batch: BenefitBatch) -> BenefitBatch:
    return BenefitBatch.objects.select_for_update().select_related("school").get(pk=batch.pk)


def benefit_batch_cancel(*, actor: Actor, batch: BenefitBatch) -> BenefitBatch:
    """Cancel a draft (a confirmed batch has given goods and paid: close it instead)."""
    access.require(actor, P.MANAGE_BATCH, batch)
    with transaction.atomic(durable=True):
        locked = _lock_batch(batch)
        require_status(locked.status, [BatchStatus.DRAFT], BatchStatus)
        locked.status = BatchStatus.CANCELLED
        locked.cancelled_at = clock.now()
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.BATCH_CANCELLED,
            target=locked,
            changes={"status": [BatchStatus.DRAFT, BatchStatus.CANCELLED]},
            node_path=locked.school.path,
        )
    return locked


def _check_overrides(overrides: Mapping[int, str]) -> dict[int, str]:
    cleaned = {}
    for person_id, reason in overrides.items():
        text = (reason or "").strip() if isinstance(reason, str) else ""
        if not text:
            raise ValidationFailed(
                _("Give a reason for each person given the goods over the cap."),
                code=BenefitsErrorCode.OVERRIDE_REASON_REQUIRED,
                field=f"overrides.{person_id}",
            )
        cleaned[int(person_id)] = text[:REASON_MAX_LENGTH]
    return cleaned


def benefit_batch_confirm(
    *,
    actor: Actor,
    batch: BenefitBatch,
    overrides: Mapping[int, str] | None = None,
    exclude_over_cap: bool = False,
) -> BenefitBatch:
    """Confirm a draft: create the receipts, check the cap, record the value, post the cost.

    All in one transaction, in a constant number of queries whatever the number of people:
    - the recipients are computed now (``queries.eligibility.batch_recipients``);
    - festival batches: the festival must still be allowed; the recipients' rows are locked and
      everyone whose year total plus this batch would pass the yearly cap is *over*. Each over
      person is either overridden (``overrides``: person id → reason; needs the override
      permission) and given the goods, or excluded when ``exclude_over_cap`` is set; otherwise
      the confirmation is refused with the list (``cap_exceeded``, nothing changed). The
      others go through ``funds.holiday_cap_check`` and get their ``benefit`` participation
      in this same transaction. The over people are recorded as ``CapExclusion`` rows;
    - the cost (people × cost per person) is posted once on the school union's fund; a budget
      or balance refusal refuses the whole confirmation;
    - every recipient is told in-app that their goods are ready (one bulk insert).
    """
    access.require(actor, P.MANAGE_BATCH, batch)
    overrides = _check_overrides(overrides or {})
    if overrides:
        access.require(actor, P.OVERRIDE_CAP, batch)
    now = clock.now()
    with transaction.atomic(durable=True):
        locked = _lock_batch(batch)
        require_status(locked.status, [BatchStatus.DRAFT], BatchStatus)
        school = locked.school
        recipients = batch_recipients(locked)
        if not recipients:
            raise DomainError(
                _("Nobody is eligible for this batch."), code=BenefitsErrorCode.NO_RECIPIENTS
            )
        unit = locked.unit_cost_fen
        ids = [r.person_id for r in recipients]
        over: list[int] = []
        over_set: set[int] = set()
        totals: dict[int, int] = {}
        cap = 0
        if locked.is_festival:
            _check_festival(school, locked.festival, locked.distribute_on)
            cap = holiday_cap_fen(school=school, on=locked.distribute_on)
            list(
                Person.objects.select_for_update()
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            totals = holiday_benefit_total_fen(person_ids=ids, year=locked.distribute_on.year)
            over = [pid for pid in ids if totals.get(pid, 0) + unit > cap]
            refused = [pid for pid in over if pid not in overrides]
            if refused and not exclude_over_cap:
                raise DomainError(
                    _(
                        "%(count)s people would receive more than %(cap)s yuan of holiday "
                        "benefits in %(year)s: exclude them or override the cap for them."
                    )
                    % {
                        "count": len(refused),
                        "cap": format_fen(cap),
                        "year": locked.distribute_on.year,
                    },
                    code=BenefitsErrorCode.CAP_EXCEEDED,
                    extra={"person_ids": refused[:200], "cap_fen": cap},
                )
            over_set = set(over)
            within = {pid: unit for pid in ids if pid not in over_set}
            funds.holiday_cap_check(school=school, amounts_fen=within, on=locked.distribute_on)
        given = [r for r in recipients if r.person_id not in over_set or r.person_id in overrides]
        if not given:
            raise DomainError(
                _("Everyone eligible is over the yearly cap; nothing to confirm."),
                code=BenefitsErrorCode.NO_RECIPIENTS,
            )
        overridden = {pid for pid in over if pid in overrides}
        branches = branch_paths(r.node_path for r in given)
        nodes_by_person = {r.person_id: r.node_id for r in recipients}
        BenefitReceipt.objects.bulk_create(
            [
                BenefitReceipt(
                    batch=locked,
                    person_id=r.person_id,
                    node_id=r.node_id,
                    branch_id=branches[r.node_path],
                    token=new_token(),
                    value_fen=unit,
                    cap_overridden=r.person_id in overridden,
                    created_at=now,
                )
                for r in given
            ],
            batch_size=500,
        )
        if over:
            CapExclusion.objects.bulk_create(
                [
                    CapExclusion(
                        batch=locked,
                        person_id=pid,
                        node_id=nodes_by_person[pid],
                        year_total_fen=totals.get(pid, 0),
                        cap_fen=cap,
                        overridden=pid in overridden,
                        reason=overrides.get(pid, ""),
                        decided_by_id=actor.user_id if pid in overridden else None,
                        created_at=now,
                    )
                    for pid in over
                ],
                batch_size=500,
            )
            audit.record_many(
                actor=actor,
                event=events.CAP_OVERRIDDEN,
                items=[
                    (
                        locked,
                        {
                            "person": pid,
                            "year_total_fen": totals.get(pid, 0),
                            "cap_fen": cap,
                            "reason": overrides[pid],
                        },
                        school.path,
                    )
                    for pid in over
                    if pid in overridden
                ],
            )
        people = list(
            Person.objects.filter(pk__in=[r.person_id for r in given]).only("pk", "node_id")
        )
        participation_record_many(
            people=people,
            kind=participation_kind(locked),
            occasion=locked,
            occurred_on=locked.distribute_on,
            amount_fen=unit,
        )
        total = unit * len(given)
        category = (
            policy_in_force(school=school, on=locked.distribute_on).holiday_category_key
            if locked.is_festival
            else MEMBER_ACTIVITIES_KEY
        )
        entry = funds.ledger_post_expense(
            actor=actor,
            node=school,
            category_key=category,
            amount_fen=total,
            entry_on=locked.distribute_on,
            memo=_("%(title)s: %(count)d × %(unit)s yuan")
            % {"title": locked.title, "count": len(given), "unit": format_fen(unit)},
            source=funds.SourceRef.of(locked),
        )
        notices.batch_ready(locked, people)
        locked.status = BatchStatus.CONFIRMED
        locked.recipient_count = len(given)
        locked.total_cost_fen = total
        locked.journal_entry_id = entry.pk
        locked.confirmed_at = now
        locked.confirmed_by_id = actor.user_id
        locked.save(
            update_fields=[
                "status",
                "recipient_count",
                "total_cost_fen",
                "journal_entry_id",
                "confirmed_at",
                "confirmed_by",
                "updated_at",
            ]
        )
        audit.record(
            actor=actor,
            event=events.BATCH_CONFIRMED,
            target=locked,
            changes={
                "status": [BatchStatus.DRAFT, BatchStatus.CONFIRMED],
                "recipients": len(given),
                "excluded_over_cap": len(over) - len(overridden),
                "overridden": len(overridden),
                "total_cost_fen": total,
                "journal_entry": entry.pk,
            },
            node_path=school.path,
        )
    return locked


def benefit_batch_close(*, actor: Actor, batch: BenefitBatch) -> BenefitBatch:
    """Close a confirmed batch: whatever is still uncollected becomes not delivered.

    Those receipts' participations are removed in the same transaction (the value was not
    given, and they are no person-times), so the batch's remaining participations are its
    signed-for and mailed receipts. Nothing can be signed after closing.
    """
    access.require(actor, P.MANAGE_BATCH, batch)
    with transaction.atomic(durable=True):
        locked = _lock_batch(batch)
        require_status(locked.status, [BatchStatus.CONFIRMED], BatchStatus)
        pending = list(
            BenefitReceipt.objects.select_for_update()
            .filter(batch=locked, status=ReceiptStatus.PENDING)
            .values_list("person_id", flat=True)
        )
        if pending:
            BenefitReceipt.objects.filter(batch=locked, status=ReceiptStatus.PENDING).update(
                status=ReceiptStatus.UNDELIVERED, updated_at=clock.now()
            )
            remove_participations(locked, pending)
        locked.status = BatchStatus.CLOSED
        locked.closed_at = clock.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.BATCH_CLOSED,
            target=locked,
            changes={
                "status": [BatchStatus.CONFIRMED, BatchStatus.CLOSED],
                "undelivered": len(pending),
            },
            node_path=locked.school.path,
        )
    return locked


def remove_participations(batch: BenefitBatch, person_ids: list[int]) -> int:
    """Drop the batch's participations of these people (goods not given), in one query.

    The same as ``participation.services.participation_remove`` for many people at once.
    """
    deleted, _detail = Participation.objects.filter(
        person_id__in=person_ids,
        kind=participation_kind(batch),
        occasion_type=batch._meta.label_lower,
        occasion_id=str(batch.pk),
    ).delete()
    return deleted


def benefit_batch_from_activity(
    *,
    actor: Actor,
    activity: Activity,
    goods: str,
    unit_cost_fen: int,
    supplier: str = "",
    title: str = "",
    distribute_on: dt.date | None = None,
    confirm: bool = True,
) -> BenefitBatch:
    """Give gifts to the people who attended (or are confirmed for) ``activity``.

    For the activities and clubs code: a batch with the activity as its source, outside the
    holiday cap, its cost under member activities; confirmed at once unless ``confirm`` is
    false. The gifts are dated ``distribute_on`` (default: the activity's last day).
    """
    day = distribute_on or timezone.localtime(activity.ends_at).date()
    batch = benefit_batch_create(
        actor=actor,
        school=activity.school,
        title=title or _("Gifts: %(activity)s") % {"activity": activity.title[:100]},
        goods=goods,
        unit_cost_fen=unit_cost_fen,
        supplier=supplier,
        cutoff_on=day,
        distribute_on=day,
        activity=activity,
    )
    if confirm:
        batch = benefit_batch_confirm(actor=actor, batch=batch)
    return batch
