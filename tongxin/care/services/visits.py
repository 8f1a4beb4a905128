"""Care visits: filing (with the policy's standard checked), the three-step approval, payment
through the ledger, withdrawal, consent, attachments and logged reads of health details."""

import base64
import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.approvals import conflicts
from tongxin.approvals import services as approvals
from tongxin.approvals.choices import ApprovalStatus
from tongxin.approvals.errors import ApprovalsErrorCode
from tongxin.approvals.models import ApprovalRequest
from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, InvalidTransition, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.funds import services as funds
from tongxin.funds.errors import FundsErrorCode
from tongxin.funds.permissions import FundsPermission
from tongxin.funds.queries.policy import care_standard
from tongxin.members.choices import EmploymentStatus
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record

from .. import events, notices
from ..choices import COUNTED_VISIT_STATUSES, CareKind, HardshipStatus, VisitStatus
from ..errors import CareErrorCode
from ..flows import VISIT_FLOW_CODE
from ..models import CareAttachment, CareVisit, HardshipFile
from ..permissions import CarePermission
from ..queries import visit_may_act_for, visit_may_see_health
from .common import Upload, check_date, check_fen, check_upload, require_member_on

P = CarePermission


def _lock_person(person: Person) -> Person:
    return (
        Person.objects.select_for_update(of=("self",))
        .select_related("node", "school")
        .get(pk=person.pk)
    )


def _lock_visit(visit: CareVisit) -> CareVisit:
    return (
        CareVisit.objects.select_for_update(of=("self",))
        .select_related("node", "person", "approval")
        .get(pk=visit.pk)
    )


def _check_family(
    person: Person, member: FamilyMember | None, *, field: str, code: str, message: str
) -> FamilyMember:
    if member is None:
        raise ValidationFailed(message, code=code, field=field)
    if member.person_id != person.pk:
        raise ValidationFailed(
            _("Choose one of %(name)s's family members.") % {"name": person.name},
            code=CareErrorCode.NOT_FAMILY,
            field=field,
        )
    return member


def _check_hardship_file(person: Person, file: HardshipFile, event_on: dt.date) -> None:
    """A hardship aid visit may reference the person's hardship file, on file on the date."""
    if (
        file.person_id != person.pk
        or file.status != HardshipStatus.ACTIVE
        or file.valid_until is None
        or file.valid_until < event_on
    ):
        raise ValidationFailed(
            _("The hardship file must be the member's own, on file and valid on the event date."),
            code=CareErrorCode.HARDSHIP_FILE_INVALID,
            field="hardship_file",
        )


def care_visit_file(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    event_on: dt.date,
    amount_fen: int,
    diagnosis: str = "",
    note: str = "",
    relative: FamilyMember | None = None,
    payee: FamilyMember | None = None,
    hardship_file: HardshipFile | None = None,
    attachments: Sequence[Upload] = (),
    documents_to_follow: bool = False,
    disclosure_consent: bool = False,
    filed_on: dt.date | None = None,
) -> CareVisit:
    """File a care visit for ``person`` and open its approval (branch → office → finance).

    Needs ``care.file_visit`` on the person (a liaison or chair of their branch, the office,
    or the member for themself). The rules, all checked before anything is written:

    - the kind has an enabled standard in the policy in force on the event date;
    - 0 < amount ≤ the standard's maximum (the policy caps each visit);
    - the claim is filed within the standard's window from the event date, never in advance;
    - the person was a member on the event date — for a member's death, on the day before,
      with the person recorded as deceased and the payment going to a family member (payee);
    - a relative's death names the relative (a spouse, parent or child: direct relatives);
    - the yearly count per person and kind (visits under approval or paid, by the calendar
      year of the event) stays within the standard's limit: checked with the person's row
      locked, so two filings at once cannot both take the last place;
    - every required attachment of the standard is uploaded, unless the filer declares that
      the documents will follow (payment then waits for them: see ``care_visit_decide``);
    - uploads are PDF, JPEG or PNG up to 10 MB; they and the diagnosis are stored encrypted.
    """
    access.require(actor, P.FILE_VISIT, person)
    if kind not in CareKind.values:
        raise ValidationFailed(
            _("Choose a kind of care visit."), code=CareErrorCode.INVALID_INPUT, field="kind"
        )
    filed_on = check_date(filed_on or timezone.localdate(), field="filed_on")
    event_on = check_date(event_on, field="event_on", not_after=filed_on)
    amount_fen = check_fen(amount_fen, field="amount", positive=True)
    standard = care_standard(school=person.school, kind=kind, on=event_on)
    if standard is None:
        raise DomainError(
            _("The policy has no standard for this kind of visit."),
            code=CareErrorCode.NO_STANDARD,
            field="kind",
        )
    if not standard.is_enabled:
        raise DomainError(
            _("This kind of visit is not paid under the policy in force."),
            code=CareErrorCode.KIND_DISABLED,
            field="kind",
        )
    if amount_fen > standard.max_amount_fen:
        raise ValidationFailed(
            _("The standard allows at most %(max)s yuan for this kind of visit.")
            % {"max": format_fen(standard.max_amount_fen, grouping=False)},
            code=CareErrorCode.OVER_STANDARD,
            field="amount",
        )
    if (
        standard.claim_window_days is not None
        and (filed_on - event_on).days > standard.claim_window_days
    ):
        raise ValidationFailed(
            _("Claims must be filed within %(days)s days of the event.")
            % {"days": standard.claim_window_days},
            code=CareErrorCode.OUT_OF_WINDOW,
            field="event_on",
        )
    if kind == CareKind.MEMBER_DEATH:
        if person.employment_status != EmploymentStatus.DECEASED:
            raise ValidationFailed(
                _("Record the member's death in the member records first."),
                code=CareErrorCode.NOT_DECEASED,
                field="person",
            )
        require_member_on(person, event_on - dt.timedelta(days=1))
        payee = _check_family(
            person,
            payee,
            field="payee",
            code=CareErrorCode.PAYEE_REQUIRED,
            message=_("Name the family member who receives the bereavement payment."),
        )
    else:
        require_member_on(person, event_on)
        payee = None
    if kind == CareKind.RELATIVE_DEATH:
        relative = _check_family(
            person,
            relative,
            field="relative",
            code=CareErrorCode.RELATIVE_REQUIRED,
            message=_("Name the relative who died."),
        )
    else:
        relative = None
    if hardship_file is not None:
        _check_hardship_file(person, hardship_file, event_on)
    checked = [check_upload(upload) for upload in attachments]
    uploaded = {label for label, _type, _content in checked}
    missing = [name for name in standard.attachment_list if name not in uploaded]
    if missing and not documents_to_follow:
        raise ValidationFailed(
            _("Attach: %(names)s — or say that the documents will follow.")
            % {"names": ", ".join(missing)},
            code=CareErrorCode.MISSING_ATTACHMENT,
            field="attachments",
        )
    node = funds.fund_node_of(person.node)
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = _lock_person(person)
        limit = standard.yearly_count_limit
        if limit is not None:
            used = CareVisit.objects.filter(
                person=locked,
                kind=kind,
                event_on__year=event_on.year,
                status__in=COUNTED_VISIT_STATUSES,
            ).count()
            if used >= limit:
                raise DomainError(
                    _("%(name)s has already had %(count)s visit(s) of this kind in %(year)s.")
                    % {"name": person.name, "count": used, "year": event_on.year},
                    code=CareErrorCode.OVER_YEARLY_COUNT,
                    field="kind",
                )
        visit = CareVisit.objects.create(
            school_id=locked.school_id,
            node=node,
            person=locked,
            kind=kind,
            event_on=event_on,
            filed_on=filed_on,
            amount_fen=amount_fen,
            payment_form=standard.payment_form,
            category_key=standard.category_key,
            relative=relative,
            payee=payee,
            hardship_file=hardship_file,
            diagnosis=diagnosis.strip(),
            note=note.strip(),
            documents_to_follow=bool(missing),
            disclosure_consent=bool(disclosure_consent),
            disclosure_consent_at=now if disclosure_consent else None,
            filed_by_id=actor.user_id,
        )
        CareAttachment.objects.bulk_create(
            [
                CareAttachment(
                    visit=visit,
                    label=label,
                    filename=upload.filename.strip()[:200],
                    content_type=content_type,
                    size=len(upload.data),
                    content=content,
                    uploaded_by_id=actor.user_id,
                )
                for upload, (label, content_type, content) in zip(attachments, checked, strict=True)
            ]
        )
        request = _open_approval(actor, visit, locked)
        visit.approval = request
        visit.save(update_fields=["approval"])
        audit.record(
            actor=actor,
            event=events.VISIT_FILED,
            target=visit,
            changes={
                "kind": kind,
                "event_on": event_on,
                "amount_fen": amount_fen,
                "diagnosis": audit.REDACTED if visit.diagnosis else "",
                "attachments": len(checked),
                "documents_to_follow": visit.documents_to_follow,
                "disclosure_consent": visit.disclosure_consent,
            },
            node_path=node.path,
        )
    return visit


def care_flow_ensure() -> None:
    """Create or refresh the ``care.visit`` flow (the migration creates it; idempotent)."""
    approvals.flow_ensure_registered(VISIT_FLOW_CODE)


def _open_approval(actor: Actor, visit: CareVisit, person: Person) -> ApprovalRequest:
    title = _("Care visit: %(name)s, %(kind)s") % {
        "name": person.name,
        "kind": visit.get_kind_display(),
    }
    for attempt in (1, 2):
        try:
            return approvals.approval_open(
                actor=actor,
                flow_code=VISIT_FLOW_CODE,
                subject=visit,
                node=visit.node,
                title=title,
                person_id=person.pk,
            )
        except DomainError as error:
            # A database flushed after the migration ran (tests) lacks the flow: recreate it.
            if error.code != ApprovalsErrorCode.UNKNOWN_FLOW or attempt == 2:
                raise
            care_flow_ensure()
    raise AssertionError("unreachable")


def _missing_attachments(visit: CareVisit) -> list[str]:
    standard = care_standard(
        school=visit.node.school or visit.node, kind=visit.kind, on=visit.event_on
    )
    if standard is None:
        return []
    uploaded = set(visit.attachments.values_list("label", flat=True))
    return [name for name in standard.attachment_list if name not in uploaded]


def care_visit_decide(
    *,
    actor: Actor,
    visit: CareVisit,
    outcome: str,
    comment: str = "",
    expected_position: int | None = None,
    on: dt.date | None = None,
) -> CareVisit:
    """Decide the current approval step of a visit; on final approval, pay it.

    The step's permission decides who may (engine: branch chair, then office, then finance).
    The visit row is locked first, so two approvals at once pay once: the second finds the
    visit paid and is refused. On the final approval the amount is posted to the ledger as an
    expense of the member's branch fund under the standard's category (budget and balance
    checked by funds), tagged with the person, and a ``care_visit`` participation record is
    written — all in the decision's transaction. Documents declared to follow must have
    arrived before the payment. A rejection at any step ends the visit; nothing is paid.
    """
    if on is not None:
        on = check_date(on, field="on")
    with transaction.atomic(durable=True):
        visit = _lock_visit(visit)
        access.require(actor, P.VIEW_VISIT, visit)
        if visit.status != VisitStatus.SUBMITTED or visit.approval is None:
            raise InvalidTransition(
                _("This visit is not under approval."), code=CareErrorCode.NOT_UNDER_APPROVAL
            )
        request = approvals.approval_decide(
            actor=actor,
            request=visit.approval,
            outcome=outcome,
            comment=comment,
            expected_position=expected_position,
        )
        visit.approval = request
        audit.record(
            actor=actor,
            event=events.VISIT_DECIDED,
            target=visit,
            changes={"outcome": outcome, "step": request.current_position, "comment": comment},
            node_path=visit.node.path,
        )
        if request.status == ApprovalStatus.APPROVED:
            _pay(actor, visit, on or timezone.localdate())
        elif request.status == ApprovalStatus.REJECTED:
            visit.status = VisitStatus.REJECTED
            visit.save(update_fields=["status", "updated_at"])
            notices.visit_rejected(visit, comment)
            audit.record(
                actor=actor,
                event=events.VISIT_REJECTED,
                target=visit,
                changes={"status": [VisitStatus.SUBMITTED, VisitStatus.REJECTED]},
                node_path=visit.node.path,
            )
    return visit


def _pay(actor: Actor, visit: CareVisit, paid_on: dt.date) -> None:
    missing = _missing_attachments(visit)
    if missing:
        raise DomainError(
            _("Still missing before payment: %(names)s.") % {"names": ", ".join(missing)},
            code=CareErrorCode.MISSING_ATTACHMENT,
            field="attachments",
        )
    try:
        entry = funds.ledger_post_expense(
            actor=actor,
            node=visit.node,
            category_key=visit.category_key,
            amount_fen=visit.amount_fen,
            entry_on=paid_on,
            memo=_("Care visit: %(name)s, %(kind)s")
            % {"name": visit.person.name, "kind": visit.get_kind_display()},
            source=funds.SourceRef.of(visit),
            person_id=visit.person_id,
            budget_override_reason=visit.budget_override_reason,
            budget_override_by=_override_authority(visit),
        )
    except DomainError as error:
        if error.code not in (FundsErrorCode.NO_BUDGET_LINE, FundsErrorCode.BUDGET_EXCEEDED):
            raise
        # The way on: the union office authorises the payment beyond the budget on the
        # visit (care_visit_budget_override), then finance pays.
        raise DomainError(
            _(
                "%(reason)s The union office can authorise this payment beyond the budget on "
                "the visit's page, with a reason; then record the payment again."
            )
            % {"reason": error.message},
            code=error.code,
            extra={**error.extra, "budget_override_possible": True},
        ) from None
    participation_record(
        person=visit.person,
        kind=ParticipationKind.CARE_VISIT,
        occasion=visit,
        occurred_on=paid_on,
        amount_fen=visit.amount_fen,
    )
    visit.status = VisitStatus.PAID
    visit.paid_on = paid_on
    visit.journal_entry_id = entry.pk
    visit.documents_to_follow = False
    notices.visit_paid(visit)
    visit.save(
        update_fields=["status", "paid_on", "journal_entry_id", "documents_to_follow", "updated_at"]
    )
    audit.record(
        actor=actor,
        event=events.VISIT_PAID,
        target=visit,
        changes={
            "status": [VisitStatus.SUBMITTED, VisitStatus.PAID],
            "amount_fen": visit.amount_fen,
            "journal_entry": entry.pk,
        },
        node_path=visit.node.path,
    )


def _override_authority(visit: CareVisit) -> Actor | None:
    """The office holder who authorised paying beyond the budget, as they are today (their
    authority is checked again by the ledger when the payment is posted)."""
    if not visit.budget_override_reason or visit.budget_override_by_id is None:
        return None
    return actor_for(User.objects.get(pk=visit.budget_override_by_id))


def care_visit_budget_override(*, actor: Actor, visit: CareVisit, reason: str) -> CareVisit:
    """Authorise paying ``visit`` beyond its branch's approved budget, with a reason.

    Who: the union office (``funds.override_budget`` on the visit's branch), not a party to
    the visit (decision 0011). The visit must still be under approval. Finance's payment step
    then posts through the ledger's budget override with this reason, kept on the entry and
    in the audit trail. Giving it again replaces the reason. Audited.
    """
    access.require(actor, P.VIEW_VISIT, visit)
    access.require(actor, FundsPermission.OVERRIDE_BUDGET, visit)
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 500:
        raise ValidationFailed(
            _("Give the reason for paying beyond the budget (at most 500 characters)."),
            code=CareErrorCode.REASON_REQUIRED,
            field="reason",
        )
    with transaction.atomic(durable=True):
        visit = _lock_visit(visit)
        if visit.status != VisitStatus.SUBMITTED:
            raise InvalidTransition(
                _("This visit is not under approval."), code=CareErrorCode.NOT_UNDER_APPROVAL
            )
        conflicts.require_independent(
            actor, filed_by_user_id=visit.filed_by_id, subject_person_ids=[visit.person_id]
        )
        before = visit.budget_override_reason
        visit.budget_override_reason = reason
        visit.budget_override_by_id = actor.user_id
        visit.budget_override_at = timezone.now()
        visit.save(
            update_fields=[
                "budget_override_reason",
                "budget_override_by",
                "budget_override_at",
                "updated_at",
            ]
        )
        audit.record(
            actor=actor,
            event=events.VISIT_BUDGET_OVERRIDDEN,
            target=visit,
            changes={"budget_override_reason": [before, reason]},
            node_path=visit.node.path,
        )
    return visit


def _require_act_for(actor: Actor, visit: CareVisit) -> None:
    access.require(actor, P.VIEW_VISIT, visit)
    if not visit_may_act_for(actor, visit):
        raise Forbidden()


def care_visit_withdraw(*, actor: Actor, visit: CareVisit) -> CareVisit:
    """Withdraw a visit still under approval (the filer, the member or the office)."""
    _require_act_for(actor, visit)
    with transaction.atomic(durable=True):
        visit = _lock_visit(visit)
        if visit.status != VisitStatus.SUBMITTED or visit.approval is None:
            raise InvalidTransition(
                _("This visit is not under approval."), code=CareErrorCode.NOT_UNDER_APPROVAL
            )
        approvals.approval_withdraw(actor=actor, request=visit.approval)
        visit.status = VisitStatus.WITHDRAWN
        visit.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.VISIT_WITHDRAWN,
            target=visit,
            changes={"status": [VisitStatus.SUBMITTED, VisitStatus.WITHDRAWN]},
            node_path=visit.node.path,
        )
    return visit


def care_visit_consent_set(*, actor: Actor, visit: CareVisit, consent: bool) -> CareVisit:
    """Record the person's separate consent (PIPL art. 25) to appear on the notice list, with
    the time; the member themself, the filer or the office records it."""
    _require_act_for(actor, visit)
    with transaction.atomic(durable=True):
        visit = _lock_visit(visit)
        before = visit.disclosure_consent
        visit.disclosure_consent = bool(consent)
        visit.disclosure_consent_at = timezone.now()
        visit.save(update_fields=["disclosure_consent", "disclosure_consent_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.VISIT_CONSENT_SET,
            target=visit,
            changes={"disclosure_consent": [before, visit.disclosure_consent]},
            node_path=visit.node.path,
        )
    return visit


def care_visit_health(*, actor: Actor, visit: CareVisit) -> str:
    """The clear diagnosis, for the approval chain only; the read is logged (PIPL)."""
    access.require(actor, P.VIEW_VISIT, visit)
    if not visit_may_see_health(actor, visit):
        raise Forbidden(_("Health details are shown only to the approval chain."))
    with transaction.atomic(durable=True):
        audit.record_sensitive_read(
            actor=actor,
            event=events.VISIT_HEALTH_VIEWED,
            target=visit,
            fields=["diagnosis"],
            node_path=visit.node.path,
        )
    return visit.diagnosis


def care_attachment_add(*, actor: Actor, visit: CareVisit, upload: Upload) -> CareAttachment:
    """Add a document to a visit under approval (the filer, the member, the office)."""
    _require_act_for(actor, visit)
    label, content_type, content = check_upload(upload)
    with transaction.atomic(durable=True):
        visit = _lock_visit(visit)
        if visit.status != VisitStatus.SUBMITTED:
            raise InvalidTransition(
                _("Documents can be added only while the visit is under approval."),
                code=CareErrorCode.NOT_UNDER_APPROVAL,
            )
        attachment = CareAttachment.objects.create(
            visit=visit,
            label=label,
            filename=upload.filename.strip()[:200],
            content_type=content_type,
            size=len(upload.data),
            content=content,
            uploaded_by_id=actor.user_id,
        )
        audit.record(
            actor=actor,
            event=events.ATTACHMENT_ADDED,
            target=visit,
            changes={"label": label, "size": attachment.size},
            node_path=visit.node.path,
        )
    return attachment


def care_attachment_read(*, actor: Actor, attachment: CareAttachment) -> bytes:
    """The decrypted file, for the approval chain only; every download is logged."""
    visit = attachment.visit
    access.require(actor, P.VIEW_VISIT, visit)
    if not visit_may_see_health(actor, visit):
        raise Forbidden(_("Attachments are shown only to the approval chain."))
    with transaction.atomic(durable=True):
        audit.record_sensitive_read(
            actor=actor,
            event=events.ATTACHMENT_DOWNLOADED,
            target=visit,
            fields=[f"attachment:{attachment.pk}"],
            node_path=visit.node.path,
        )
    return base64.b64decode(attachment.content)
