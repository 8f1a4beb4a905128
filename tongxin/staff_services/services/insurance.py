"""Group accident insurance: the policy, its cover items, the insured roster and the premium.

Decisions (documented here because the rules hang on them):

- **Who is insured.** Members in good standing (a ``member`` membership period, not retained
  or lapsed) on the date cover starts for them, within the policy's node subtree. The roster
  import takes everyone so on the policy's start date (optionally one branch's subtree); the
  office adds later joiners one by one. A person appears once per policy (also after removal:
  the row keeps the history; a wrongly removed person is a note, not a second row).
- **Person-times.** Each insured person is one participation of kind ``service`` with the
  policy as the occasion (the union's service is the cover itself; a claim the union helps
  with is follow-up, not a new person-time). Removal keeps the participation: they were
  covered for part of the period.
- **Premium.** Posted once per policy by ``insurance_premium_post``: the people on the roster
  at that moment × the premium per person, one expense entry under ``expense.staff_services``
  (staff services, the 2021 chart's category for services to staff such as insurance bought for
  them; it is not a member-activities benefit nor rights protection). Someone added after posting gets
  their own supplementary entry of one premium. Removing someone never edits or reverses the
  posted entry (posted entries are immutable and the insurer usually keeps the premium);
  when the insurer does refund part of it, the refund is an **adjustment entry** crediting
  the same category (debit bank, credit the fund), so the year's staff-services spending
  falls by exactly what came back.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.deletion import delete_or_refuse
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.funds import services as funds
from tongxin.funds.models import JournalEntry
from tongxin.members.choices import PeriodStatus
from tongxin.members.models import MembershipPeriod, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record, participation_record_many

from .. import events
from ..errors import StaffServicesErrorCode as E
from ..models import CoverItem, InsurancePolicy, InsuredPerson
from ..permissions import StaffServicesPermission as P
from .common import check_date, check_fen, check_on_staff, clean_text

PREMIUM_CATEGORY_KEY = "expense.staff_services"


def _check_period(starts_on: object, ends_on: object) -> tuple[dt.date, dt.date]:
    start = check_date(starts_on, field="starts_on")
    end = check_date(ends_on, field="ends_on")
    if end <= start:
        raise ValidationFailed(
            _("The cover must end after it starts."), code=E.BAD_PERIOD, field="ends_on"
        )
    return start, end


def _inside(policy: InsurancePolicy, day: dt.date, field: str) -> dt.date:
    if not policy.covers(day):
        raise ValidationFailed(
            _("The date must fall inside the policy period (%(start)s to %(end)s).")
            % {"start": policy.starts_on.isoformat(), "end": policy.ends_on.isoformat()},
            code=E.DATE_OUTSIDE_POLICY,
            field=field,
        )
    return day


def _lock_policy(policy: InsurancePolicy) -> InsurancePolicy:
    return (
        InsurancePolicy.objects.select_for_update(of=("self",))
        .select_related("node")
        .get(pk=policy.pk)
    )


def insurance_policy_create(
    *,
    actor: Actor,
    node: OrgNode,
    name: str,
    insurer: str,
    starts_on: dt.date,
    ends_on: dt.date,
    premium_per_person_fen: int,
    policy_number: str = "",
    note: str = "",
    cover_items: Iterable[tuple[str, int, bool]] = (),
) -> InsurancePolicy:
    """Create a policy held by ``node`` with its cover items ``(name, amount_fen, is_rider)``.

    Rules: the office of ``node`` only; the period ends after it starts; the premium is a
    non-negative whole number of fen; each cover item has a name (once) and an amount above
    zero. Audited.
    """
    access.require_at(actor, P.MANAGE_POLICY, node)
    name = clean_text(name, field="name", max_length=120)
    insurer = clean_text(insurer, field="insurer", max_length=120)
    policy_number = clean_text(policy_number, field="policy_number", max_length=64, required=False)
    note = clean_text(note, field="note", max_length=2000, required=False)
    start, end = _check_period(starts_on, ends_on)
    premium = check_fen(premium_per_person_fen, field="premium_per_person_fen")
    items = [
        (
            clean_text(item_name, field="cover_items", max_length=120),
            check_fen(amount, field="cover_items", positive=True),
            bool(is_rider),
        )
        for item_name, amount, is_rider in cover_items
    ]
    if len({item[0] for item in items}) != len(items):
        raise ValidationFailed(
            _("Each cover item may appear once."), code=E.COVER_ITEM_EXISTS, field="cover_items"
        )
    with transaction.atomic(durable=True):
        policy = InsurancePolicy.objects.create(
            node=node,
            name=name,
            insurer=insurer,
            policy_number=policy_number,
            starts_on=start,
            ends_on=end,
            premium_per_person_fen=premium,
            note=note,
        )
        CoverItem.objects.bulk_create(
            CoverItem(policy=policy, name=n, amount_fen=a, is_rider=r, position=i)
            for i, (n, a, r) in enumerate(items, start=1)
        )
        audit.record(
            actor=actor,
            event=events.POLICY_CREATED,
            target=policy,
            changes={
                "insurer": insurer,
                "period": [start.isoformat(), end.isoformat()],
                "premium_per_person_fen": premium,
                "cover_items": [[n, a, r] for n, a, r in items],
            },
            node_path=node.path,
        )
    return policy


def insurance_policy_update(
    *,
    actor: Actor,
    policy: InsurancePolicy,
    name: str,
    insurer: str,
    starts_on: dt.date,
    ends_on: dt.date,
    premium_per_person_fen: int,
    policy_number: str = "",
    note: str = "",
) -> InsurancePolicy:
    """Change a policy. The premium is fixed once posted; the period is fixed once posted and
    may not shrink past anyone's cover dates. Audited with the changes."""
    access.require(actor, P.MANAGE_POLICY, policy)
    values = {
        "name": clean_text(name, field="name", max_length=120),
        "insurer": clean_text(insurer, field="insurer", max_length=120),
        "policy_number": clean_text(
            policy_number, field="policy_number", max_length=64, required=False
        ),
        "note": clean_text(note, field="note", max_length=2000, required=False),
        "premium_per_person_fen": check_fen(premium_per_person_fen, field="premium_per_person_fen"),
    }
    values["starts_on"], values["ends_on"] = _check_period(starts_on, ends_on)
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        fixed = ("starts_on", "ends_on", "premium_per_person_fen")
        if policy.premium_entry_id and any(getattr(policy, f) != values[f] for f in fixed):
            raise DomainError(
                _("The premium has been posted: the period and the premium can no longer change."),
                code=E.PREMIUM_ALREADY_POSTED,
            )
        outside = policy.insured.filter(
            Q(added_on__lt=values["starts_on"])
            | Q(added_on__gt=values["ends_on"])
            | Q(removed_on__gt=values["ends_on"])
        )
        if (
            outside.exists()
            or policy.claims.filter(
                Q(incident_on__lt=values["starts_on"]) | Q(incident_on__gt=values["ends_on"])
            ).exists()
        ):
            raise ValidationFailed(
                _("Some cover dates or claims fall outside the new period."),
                code=E.POLICY_HAS_ROSTER,
                field="starts_on",
            )
        before = audit.snapshot(policy, values)
        for field, value in values.items():
            setattr(policy, field, value)
        changes = audit.diff(before, audit.snapshot(policy, values))
        policy.save(update_fields=[*values, "updated_at"])
        audit.record(
            actor=actor,
            event=events.POLICY_UPDATED,
            target=policy,
            changes=changes,
            node_path=policy.node.path,
        )
    return policy


def insurance_policy_delete(*, actor: Actor, policy: InsurancePolicy) -> None:
    """Delete a policy entered in error: only while nobody is on its roster (so no premium,
    person-time or claim hangs on it). The office only. Audited before the row goes."""
    access.require(actor, P.MANAGE_POLICY, policy)
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        if policy.premium_entry_id or policy.insured.exists():
            raise DomainError(
                _("People are on this policy's roster; it can no longer be deleted."),
                code=E.POLICY_HAS_ROSTER,
            )
        audit.record(
            actor=actor,
            event=events.POLICY_DELETED,
            target=policy,
            changes={"name": policy.name, "insurer": policy.insurer},
            node_path=policy.node.path,
        )
        policy.cover_items.all().delete()
        delete_or_refuse(policy)


def cover_item_add(
    *, actor: Actor, policy: InsurancePolicy, name: str, amount_fen: int, is_rider: bool = False
) -> CoverItem:
    """Add a cover item (main cover or rider) to a policy; a name appears once. Audited."""
    access.require(actor, P.MANAGE_POLICY, policy)
    name = clean_text(name, field="name", max_length=120)
    amount = check_fen(amount_fen, field="amount_fen", positive=True)
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        position = policy.cover_items.count() + 1
        try:
            with transaction.atomic():
                item = CoverItem.objects.create(
                    policy=policy,
                    name=name,
                    amount_fen=amount,
                    is_rider=is_rider,
                    position=position,
                )
        except IntegrityError:
            raise ValidationFailed(
                _("This policy already has a cover item of that name."),
                code=E.COVER_ITEM_EXISTS,
                field="name",
            ) from None
        audit.record(
            actor=actor,
            event=events.COVER_ITEM_ADDED,
            target=policy,
            changes={"name": name, "amount_fen": amount, "is_rider": is_rider},
            node_path=policy.node.path,
        )
    return item


def cover_item_remove(*, actor: Actor, item: CoverItem) -> None:
    """Remove a cover item entered in error. Audited on the policy."""
    policy = item.policy
    access.require(actor, P.MANAGE_POLICY, policy)
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        deleted, _detail = CoverItem.objects.filter(pk=item.pk, policy=policy).delete()
        if deleted:
            audit.record(
                actor=actor,
                event=events.COVER_ITEM_REMOVED,
                target=policy,
                changes={"name": item.name, "amount_fen": item.amount_fen},
                node_path=policy.node.path,
            )


def _member_node_on(person: Person, day: dt.date) -> int | None:
    """The node where ``person`` was a member in good standing on ``day`` (not retained)."""
    return (
        MembershipPeriod.objects.filter(
            person=person, status=PeriodStatus.MEMBER, started_on__lte=day
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values_list("node_id", flat=True)
        .first()
    )


def _already_insured(person: Person) -> DomainError:
    return DomainError(
        _("%(name)s is already on this policy's roster.") % {"name": person.name},
        code=E.ALREADY_INSURED,
        field="person",
    )


def insured_person_add(
    *, actor: Actor, policy: InsurancePolicy, person: Person, added_on: dt.date | None = None
) -> InsuredPerson:
    """Put ``person`` on the roster from ``added_on`` (the policy's start by default).

    Rules: the office of the policy; the date inside the policy period; the person a member
    in good standing on that date, in the policy's subtree; once per policy. After the
    premium was posted, a supplementary entry of one premium pays for them. Effects: the
    roster row, a ``service`` participation, audit (and the ledger entry).
    """
    access.require(actor, P.MANAGE_POLICY, policy)
    day = check_date(added_on if added_on is not None else policy.starts_on, field="added_on")
    _inside(policy, day, "added_on")
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        person = Person.objects.select_related("node").get(pk=person.pk)
        check_on_staff(person)
        node_id = _member_node_on(person, day)
        node = OrgNode.objects.filter(pk=node_id).first() if node_id else None
        if node is None:
            raise DomainError(
                _("%(name)s was not a member in good standing on %(date)s.")
                % {"name": person.name, "date": day.isoformat()},
                code=E.NOT_A_MEMBER,
                field="person",
            )
        if not node.path.startswith(policy.node.path):
            raise DomainError(
                _("%(name)s does not belong to the union that holds this policy.")
                % {"name": person.name},
                code=E.PERSON_NOT_IN_SCOPE,
                field="person",
            )
        if InsuredPerson.objects.filter(policy=policy, person=person).exists():
            raise _already_insured(person)
        try:
            with transaction.atomic():
                insured = InsuredPerson.objects.create(
                    policy=policy, person=person, node=node, added_on=day, added_by_id=actor.user_id
                )
        except IntegrityError:
            raise _already_insured(person) from None
        changes: dict[str, object] = {"person": person.pk, "added_on": day.isoformat()}
        if policy.premium_entry_id and policy.premium_per_person_fen:
            entry = funds.ledger_post_expense(
                actor=actor,
                node=policy.node,
                category_key=PREMIUM_CATEGORY_KEY,
                amount_fen=policy.premium_per_person_fen,
                entry_on=day,
                memo=_("Supplementary premium: %(name)s, %(policy)s")
                % {"name": person.name, "policy": policy.name},
                source=funds.SourceRef.of(insured),
                person_id=person.pk,
            )
            insured.premium_entry = entry
            insured.save(update_fields=["premium_entry", "updated_at"])
            changes["premium_entry"] = entry.pk
        participation_record(
            person=person, kind=ParticipationKind.SERVICE, occasion=policy, occurred_on=day
        )
        audit.record(
            actor=actor,
            event=events.INSURED_ADDED,
            target=insured,
            changes=changes,
            node_path=node.path,
        )
    return insured


def insured_roster_import(
    *, actor: Actor, policy: InsurancePolicy, node: OrgNode | None = None
) -> int:
    """Add every member in good standing on the policy's start date within ``node``'s subtree
    (the policy's node by default); people already on the roster are skipped.

    Only before the premium is posted (afterwards each addition needs its own supplementary
    entry: add people one by one). Returns how many were added. Effects: roster rows,
    ``service`` participations, one audit event with the count.
    """
    access.require(actor, P.MANAGE_POLICY, policy)
    root = node or policy.node
    if not root.path.startswith(policy.node.path):
        raise ValidationFailed(
            _("Choose a part of the union that holds this policy."),
            code=E.PERSON_NOT_IN_SCOPE,
            field="node",
        )
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        if policy.premium_entry_id:
            raise DomainError(
                _("The premium has been posted; add later joiners one by one."),
                code=E.PREMIUM_ALREADY_POSTED,
            )
        day = policy.starts_on
        periods = (
            MembershipPeriod.objects.filter(
                subtree_q(root.path, "node__path"),
                status=PeriodStatus.MEMBER,
                started_on__lte=day,
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
            .exclude(person__in=policy.insured.values("person"))
            .select_related("person")
            .order_by("person_id")
        )
        rows = {p.person_id: (p.person, p.node_id) for p in periods}
        InsuredPerson.objects.bulk_create(
            [
                InsuredPerson(
                    policy=policy,
                    person=person,
                    node_id=node_id,
                    added_on=day,
                    added_by_id=actor.user_id,
                )
                for person, node_id in rows.values()
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        participation_record_many(
            people=[person for person, _node in rows.values()],
            kind=ParticipationKind.SERVICE,
            occasion=policy,
            occurred_on=day,
        )
        audit.record(
            actor=actor,
            event=events.INSURED_IMPORTED,
            target=policy,
            changes={"count": len(rows), "node": root.pk, "on": day.isoformat()},
            node_path=root.path,
        )
    return len(rows)


def insured_person_remove(
    *,
    actor: Actor,
    insured: InsuredPerson,
    removed_on: dt.date,
    note: str = "",
    refund_fen: int = 0,
) -> InsuredPerson:
    """End ``insured``'s cover on ``removed_on`` (they left the school or the union).

    Rules: the office of the policy; the date inside the policy and not before cover began;
    not removed twice. The posted premium is never edited; ``refund_fen`` (what the insurer
    gives back, at most one premium, only once posted) becomes an adjustment entry (see the
    module docstring). The participation stays. Audited.
    """
    policy = insured.policy
    access.require(actor, P.MANAGE_POLICY, policy)
    day = check_date(removed_on, field="removed_on")
    note = clean_text(note, field="note", max_length=200, required=False)
    refund = check_fen(refund_fen, field="refund_fen")
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        insured = (
            InsuredPerson.objects.select_for_update(of=("self",))
            .select_related("person", "node")
            .get(pk=insured.pk)
        )
        if insured.removed_on is not None:
            raise DomainError(
                _("%(name)s was already removed on %(date)s.")
                % {"name": insured.person.name, "date": insured.removed_on.isoformat()},
                code=E.ALREADY_REMOVED,
            )
        _inside(policy, day, "removed_on")
        if day < insured.added_on:
            raise ValidationFailed(
                _("Cover cannot end before it began (%(date)s).")
                % {"date": insured.added_on.isoformat()},
                code=E.DATE_OUTSIDE_POLICY,
                field="removed_on",
            )
        if refund and insured.premium_entry_id is None:
            raise ValidationFailed(
                _("No premium has been paid for this person, so none can be refunded."),
                code=E.PREMIUM_NOT_POSTED,
                field="refund_fen",
            )
        if refund > policy.premium_per_person_fen:
            raise ValidationFailed(
                _("A refund cannot exceed one premium (%(amount)s yuan).")
                % {"amount": format_fen(policy.premium_per_person_fen, grouping=False)},
                code=E.REFUND_TOO_LARGE,
                field="refund_fen",
            )
        insured.removed_on = day
        insured.removal_note = note
        insured.refund_fen = refund
        fields = ["removed_on", "removal_note", "refund_fen", "updated_at"]
        if refund:
            insured.refund_entry = _post_refund(actor, policy, insured, refund, day)
            fields.append("refund_entry")
        insured.save(update_fields=fields)
        audit.record(
            actor=actor,
            event=events.INSURED_REMOVED,
            target=insured,
            changes={"removed_on": day.isoformat(), "note": note, "refund_fen": refund},
            node_path=insured.node.path,
        )
    return insured


def _post_refund(
    actor: Actor, policy: InsurancePolicy, insured: InsuredPerson, refund: int, day: dt.date
) -> JournalEntry:
    school = policy.node.school or policy.node
    return funds.ledger_post(
        actor=actor,
        node=policy.node,
        entry_on=day,
        memo=_("Premium refund: %(name)s, %(policy)s")
        % {"name": insured.person.name, "policy": policy.name},
        source=funds.SourceRef.of(insured),
        lines=[
            funds.LineSpec(school, "bank", funds.BANK_CATEGORY_KEY, debit_fen=refund),
            funds.LineSpec(
                policy.node,
                "fund",
                PREMIUM_CATEGORY_KEY,
                credit_fen=refund,
                person_id=insured.person_id,
            ),
        ],
    )


def insurance_premium_post(
    *, actor: Actor, policy: InsurancePolicy, entry_on: dt.date | None = None
) -> InsurancePolicy:
    """Post the policy's premium to the ledger: people on the roster × premium per person.

    Rules: the office or the finance officer of the policy's node; once per policy (the
    policy row is locked, so two clicks post once); a premium above zero and someone on the
    roster; the budget and the fund's balance must allow it (``ledger_post_expense``).
    Effects: one expense entry under ``expense.staff_services`` dated ``entry_on`` (the
    policy's start by default), the policy and its roster rows linked to it, audit.
    """
    access.require(actor, P.POST_PREMIUM, policy)
    with transaction.atomic(durable=True):
        policy = _lock_policy(policy)
        day = check_date(entry_on if entry_on is not None else policy.starts_on, field="entry_on")
        if policy.premium_entry_id:
            raise DomainError(
                _("The premium of this policy has already been posted."),
                code=E.PREMIUM_ALREADY_POSTED,
            )
        if not policy.premium_per_person_fen:
            raise DomainError(
                _("Set the premium per person before posting it."),
                code=E.NO_PREMIUM,
                field="premium_per_person_fen",
            )
        active = policy.insured.filter(removed_on__isnull=True)
        people = active.count()
        if not people:
            raise DomainError(_("Nobody is on the roster yet."), code=E.EMPTY_ROSTER)
        amount = people * policy.premium_per_person_fen
        entry = funds.ledger_post_expense(
            actor=actor,
            node=policy.node,
            category_key=PREMIUM_CATEGORY_KEY,
            amount_fen=amount,
            entry_on=day,
            memo=_("Group accident insurance premium: %(policy)s, %(people)d people")
            % {"policy": policy.name, "people": people},
            source=funds.SourceRef.of(policy),
        )
        active.update(premium_entry=entry)
        policy.premium_entry = entry
        policy.premium_people = people
        policy.premium_posted_fen = amount
        policy.save(
            update_fields=["premium_entry", "premium_people", "premium_posted_fen", "updated_at"]
        )
        audit.record(
            actor=actor,
            event=events.PREMIUM_POSTED,
            target=policy,
            changes={"people": people, "amount_fen": amount, "entry": entry.pk},
            node_path=policy.node.path,
        )
    return policy
