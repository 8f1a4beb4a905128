"""Receipts: signing for goods (the member on their phone, or the liaison), mailing goods out,
marking them not delivered and re-issuing a lost receipt.

A receipt is signed for at most once: the sign-off is one conditional UPDATE of a row still
in a signable state, so of two simultaneous sign-offs exactly one changes the row and the
other is told it was already signed.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.approvals import conflicts
from tongxin.approvals.errors import ApprovalsErrorCode
from tongxin.core import audit
from tongxin.core.errors import Conflict, DomainError, ValidationFailed
from tongxin.funds import services as funds
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.services import participation_record

from .. import events
from ..choices import SIGNABLE_STATUSES, BatchStatus, ReceiptStatus, SignMethod
from ..errors import BenefitsErrorCode
from ..models import BenefitBatch, BenefitReceipt
from ..permissions import BenefitsPermission
from .batches import participation_kind, remove_participations
from .common import clean_text, new_token, require_status

P = BenefitsPermission


def _require_open(batch: BenefitBatch | str) -> None:
    """Receipts change only while their batch is being handed out (confirmed)."""
    status = batch if isinstance(batch, str) else batch.status
    if status != BatchStatus.CONFIRMED:
        raise DomainError(
            _("This batch is not being handed out (it is a draft, closed or cancelled)."),
            code=BenefitsErrorCode.BATCH_NOT_OPEN,
        )


def _lock(receipt: BenefitReceipt) -> BenefitReceipt:
    return (
        BenefitReceipt.objects.select_for_update()
        .select_related("batch", "batch__school", "person", "node")
        .get(pk=receipt.pk)
    )


def _record(actor: Actor, event: str, receipt: BenefitReceipt, changes: dict) -> None:
    audit.record(
        actor=actor,
        event=event,
        target=receipt,
        changes={"batch": receipt.batch_id, "person": receipt.person_id, **changes},
        node_path=receipt.node.path,
    )


def benefit_receipt_sign(
    *, actor: Actor, receipt: BenefitReceipt, proxy_name: str = "", scanned: bool = False
) -> BenefitReceipt:
    """Sign for the goods of ``receipt``.

    Rules: the member signs their own receipt (on their phone, from the link or QR code);
    anyone else needs the sign-for permission on the receipt's branch and either scanned the
    member's code (``scanned``: the member is there) or names who collected
    (``proxy_name``, required). Only a receipt still to collect or mailed can be signed, only
    while the batch is confirmed; a second sign-off is refused (``already_signed``).
    """
    own = actor.person_id is not None and actor.person_id == receipt.person_id and not proxy_name
    if own and not scanned:
        access.require(actor, P.SIGN_RECEIPT, receipt)
        method, proxy = SignMethod.SELF, ""
    else:
        access.require(actor, P.SIGN_FOR_MEMBER, receipt)
        if not scanned:
            # Nobody signs as proxy for their own goods or their family's (decision 0011).
            conflicts.require_independent(
                actor, subject_person_ids=[receipt.person_id], field="proxy_name"
            )
        if scanned:
            method, proxy = SignMethod.SCANNED, ""
        else:
            proxy = clean_text(proxy_name, field="proxy_name", max_length=50, required=False)
            if not proxy:
                raise ValidationFailed(
                    _("Enter the name of the person collecting the goods."),
                    code=BenefitsErrorCode.PROXY_NAME_REQUIRED,
                    field="proxy_name",
                )
            method = SignMethod.PROXY
    now = clock.now()
    with transaction.atomic(durable=True):
        batch_status = (
            BenefitBatch.objects.filter(pk=receipt.batch_id).values_list("status", flat=True).get()
        )
        _require_open(batch_status)
        changed = BenefitReceipt.objects.filter(pk=receipt.pk, status__in=SIGNABLE_STATUSES).update(
            status=ReceiptStatus.SIGNED,
            signed_at=now,
            signed_by_id=actor.user_id,
            sign_method=method,
            proxy_name=proxy,
            updated_at=now,
        )
        current = BenefitReceipt.objects.select_related("node", "person", "batch").get(
            pk=receipt.pk
        )
        if not changed:
            if current.status == ReceiptStatus.SIGNED:
                raise Conflict(
                    _("%(name)s's goods were already signed for.") % {"name": current.person.name},
                    code=BenefitsErrorCode.ALREADY_SIGNED,
                )
            raise DomainError(
                _("Goods marked not delivered cannot be signed for; re-issue the receipt first."),
                code=BenefitsErrorCode.NOT_SIGNABLE,
            )
        _record(
            actor,
            events.RECEIPT_SIGNED,
            current,
            {"status": [receipt.status, ReceiptStatus.SIGNED], "method": method, "proxy": proxy},
        )
    return current


def benefit_receipt_find(
    *, actor: Actor, batch: BenefitBatch, token: str = "", staff_number: str = ""
) -> BenefitReceipt:
    """The receipt of ``batch`` with this code (a bare token or the URL in the QR code) or
    staff number, among those the actor may sign for; else ``not_on_list``."""
    code = (token or "").strip().rstrip("/").rsplit("/", 1)[-1]
    number = (staff_number or "").strip()
    qs = access.scope(
        BenefitReceipt.objects.select_related("person", "node", "batch"),
        actor,
        P.SIGN_FOR_MEMBER,
    ).filter(batch=batch)
    if code:
        receipt = qs.filter(token=code).first()
    elif number:
        receipt = qs.filter(person__staff_number=number).first()
    else:
        receipt = None
    if receipt is None:
        raise DomainError(
            _("This person is not on the pickup list of this batch."),
            code=BenefitsErrorCode.NOT_ON_LIST,
            field="code" if code or not number else "staff_number",
        )
    return receipt


def benefit_receipt_mail_out(
    *, actor: Actor, receipt: BenefitReceipt, address: str
) -> BenefitReceipt:
    """Send the goods by post to ``address`` (a member away or retired). The member may still
    confirm receipt on their phone; the value counts as given."""
    access.require(actor, P.MANAGE_RECEIPT, receipt)
    address = clean_text(address, field="address", max_length=200, required=False)
    if not address:
        raise ValidationFailed(
            _("Enter the mailing address."),
            code=BenefitsErrorCode.ADDRESS_REQUIRED,
            field="address",
        )
    with transaction.atomic(durable=True):
        locked = _lock(receipt)
        _require_open(locked.batch)
        require_status(locked.status, [ReceiptStatus.PENDING], ReceiptStatus)
        locked.status = ReceiptStatus.MAILED
        locked.mail_address = address
        locked.mailed_at = clock.now()
        locked.save(update_fields=["status", "mail_address", "mailed_at", "updated_at"])
        _record(
            actor,
            events.RECEIPT_MAILED,
            locked,
            {"status": [ReceiptStatus.PENDING, ReceiptStatus.MAILED], "address": address},
        )
    return locked


def benefit_receipt_mark_undelivered(
    *, actor: Actor, receipt: BenefitReceipt, note: str = ""
) -> BenefitReceipt:
    """The goods could not be handed over: the receipt's participation is removed (the value no
    longer counts against the cap and it is no person-time)."""
    access.require(actor, P.MANAGE_RECEIPT, receipt)
    note = clean_text(note, field="note", max_length=200, required=False)
    with transaction.atomic(durable=True):
        locked = _lock(receipt)
        _require_open(locked.batch)
        require_status(locked.status, SIGNABLE_STATUSES, ReceiptStatus)
        before = locked.status
        locked.status = ReceiptStatus.UNDELIVERED
        locked.note = note
        locked.save(update_fields=["status", "note", "updated_at"])
        remove_participations(locked.batch, [locked.person_id])
        _record(
            actor,
            events.RECEIPT_UNDELIVERED,
            locked,
            {"status": [before, ReceiptStatus.UNDELIVERED], "note": note},
        )
    return locked


def benefit_receipt_reissue(
    *, actor: Actor, receipt: BenefitReceipt, note: str = ""
) -> BenefitReceipt:
    """Replace a lost receipt's code (the old QR code and link stop working) and put it back
    on the list to collect.

    A receipt not delivered gets its value back: for a festival batch, unless the cap was
    overridden for the person, the yearly cap is checked again under lock and the
    participation recorded in the same transaction. A signed receipt cannot be re-issued
    (that would give the goods twice).
    """
    access.require(actor, P.MANAGE_RECEIPT, receipt)
    note = clean_text(note, field="note", max_length=200, required=False)
    with transaction.atomic(durable=True):
        locked = _lock(receipt)
        batch = locked.batch
        _require_open(batch)
        require_status(
            locked.status,
            [ReceiptStatus.PENDING, ReceiptStatus.MAILED, ReceiptStatus.UNDELIVERED],
            ReceiptStatus,
        )
        before = locked.status
        if before == ReceiptStatus.UNDELIVERED:
            if batch.is_festival and not locked.cap_overridden:
                funds.holiday_cap_check(
                    school=batch.school,
                    amounts_fen={locked.person_id: locked.value_fen},
                    on=batch.distribute_on,
                )
            participation_record(
                person=locked.person,
                kind=participation_kind(batch),
                occasion=batch,
                occurred_on=batch.distribute_on,
                amount_fen=locked.value_fen,
            )
        locked.status = ReceiptStatus.PENDING
        locked.token = new_token()
        locked.reissue_count += 1
        locked.mail_address = ""
        locked.mailed_at = None
        locked.note = note
        locked.save(
            update_fields=[
                "status",
                "token",
                "reissue_count",
                "mail_address",
                "mailed_at",
                "note",
                "updated_at",
            ]
        )
        _record(
            actor,
            events.RECEIPT_REISSUED,
            locked,
            {"status": [before, ReceiptStatus.PENDING], "reissue_count": locked.reissue_count},
        )
    return locked


@dataclass(frozen=True)
class SheetEntry:
    """One line of a paper sign-off sheet: who, when, and who collected if not themself."""

    person_id: int
    signed_at: dt.datetime
    proxy_name: str = ""


def benefit_receipts_sign_sheet(
    *, actor: Actor, batch: BenefitBatch, entries: Sequence[SheetEntry]
) -> int:
    """Record a branch's paper sign-off sheet in one go.

    Rules: as for one sign-off by the liaison (the sign-for permission on every receipt's
    branch; the batch confirmed; each receipt still to collect or mailed), and each person is
    on the batch's list; a proxy line names who collected. All lines or none: a person not on
    the list or already signed refuses the whole sheet (the error names them). A constant
    number of queries per distinct signing time and proxy, whatever the sheet's length (for
    big branches and the demo).
    """
    if not entries:
        return 0
    ids = [entry.person_id for entry in entries]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(_("A person appears twice on the sheet."), field="entries")
    with transaction.atomic(durable=True):
        locked_batch = BenefitBatch.objects.select_for_update().get(pk=batch.pk)
        _require_open(locked_batch)
        receipts = {
            r.person_id: r
            for r in BenefitReceipt.objects.select_for_update(of=("self",))
            .select_related("node", "person")
            .filter(batch=locked_batch, person_id__in=ids)
        }
        missing = [pid for pid in ids if pid not in receipts]
        if missing:
            raise DomainError(
                _("%(count)d people on the sheet are not on this batch's pickup list.")
                % {"count": len(missing)},
                code=BenefitsErrorCode.NOT_ON_LIST,
                field="entries",
                extra={"person_ids": missing[:50]},
            )
        for receipt in receipts.values():
            access.require(actor, P.SIGN_FOR_MEMBER, receipt)
        mine = conflicts.conflicted_person_ids(actor)
        for entry in entries:
            conflict = conflicts.conflict_with_person(actor, entry.person_id, mine)
            if conflict is not None and (entry.proxy_name or "").strip():
                raise DomainError(
                    conflict.message(),
                    code=ApprovalsErrorCode.CONFLICT_OF_INTEREST,
                    field="entries",
                    extra={"person_ids": [entry.person_id]},
                )
        done = [pid for pid in ids if receipts[pid].status not in SIGNABLE_STATUSES]
        if done:
            raise Conflict(
                _("%(count)d people on the sheet were already signed for or not delivered.")
                % {"count": len(done)},
                code=BenefitsErrorCode.ALREADY_SIGNED,
                extra={"person_ids": done[:50]},
            )
        now = clock.now()
        changed = []
        for entry in entries:
            receipt = receipts[entry.person_id]
            proxy = (entry.proxy_name or "").strip()[:50]
            receipt.status = ReceiptStatus.SIGNED
            receipt.signed_at = entry.signed_at
            receipt.signed_by_id = actor.user_id
            receipt.sign_method = SignMethod.PROXY if proxy else SignMethod.SHEET
            receipt.proxy_name = proxy
            receipt.updated_at = now
            changed.append(receipt)
        # One UPDATE per distinct (time, method, proxy): a sheet has a few sessions, so a few
        # statements whatever its length (bulk_update's CASE per row is far slower).
        groups: dict[tuple, list[int]] = {}
        for receipt in changed:
            key = (receipt.signed_at, receipt.sign_method, receipt.proxy_name)
            groups.setdefault(key, []).append(receipt.pk)
        for (signed_at, method, proxy), pks in groups.items():
            BenefitReceipt.objects.filter(pk__in=pks).update(
                status=ReceiptStatus.SIGNED,
                signed_at=signed_at,
                signed_by_id=actor.user_id,
                sign_method=method,
                proxy_name=proxy,
                updated_at=now,
            )
        audit.record_many(
            actor=actor,
            event=events.RECEIPT_SIGNED,
            items=[
                (
                    r,
                    {
                        "batch": r.batch_id,
                        "person": r.person_id,
                        "method": r.sign_method,
                        "proxy": r.proxy_name,
                    },
                    r.node.path,
                )
                for r in changed
            ],
        )
    return len(changed)
