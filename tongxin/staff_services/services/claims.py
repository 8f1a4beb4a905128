"""Claim assistance: the union helps a member claim on the group accident insurance.

A claim is reported to the union (by the member's liaison, branch chair or the office), the
office submits it to the insurer, and records the insurer's answer: paid (with the amount)
or refused. The insurer pays the member directly; that money is not the union's, so it is
recorded on the claim and never posted to the ledger.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import CLAIM_TRANSITIONS, ClaimStatus
from ..errors import StaffServicesErrorCode as E
from ..models import InsuranceClaim, InsurancePolicy, InsuredPerson
from ..permissions import StaffServicesPermission as P
from .common import check_date, check_fen, check_transition, clean_text, step_day


def _lock(claim: InsuranceClaim) -> InsuranceClaim:
    return (
        InsuranceClaim.objects.select_for_update(of=("self",))
        .select_related("node", "person", "policy")
        .get(pk=claim.pk)
    )


def insurance_claim_report(
    *,
    actor: Actor,
    person: Person,
    policy: InsurancePolicy,
    incident_on: dt.date,
    description: str,
    reported_on: dt.date | None = None,
) -> InsuranceClaim:
    """Record that ``person`` had an incident on ``incident_on`` and wants to claim.

    Rules: the actor may file claims for the person (their branch's liaison or chair, or the
    office); the incident date lies inside the policy period, not in the future, and the
    person was on the roster that day; the report is not dated before the incident. Audited.
    """
    access.require(actor, P.FILE_CLAIM, person)
    description = clean_text(description, field="description", max_length=2000)
    incident = check_date(incident_on, field="incident_on")
    if not policy.covers(incident):
        raise ValidationFailed(
            _("The incident date must fall inside the policy period (%(start)s to %(end)s).")
            % {"start": policy.starts_on.isoformat(), "end": policy.ends_on.isoformat()},
            code=E.DATE_OUTSIDE_POLICY,
            field="incident_on",
        )
    step_day(incident, field="incident_on")
    day = step_day(reported_on, field="reported_on", not_before=incident)
    with transaction.atomic(durable=True):
        insured = (
            InsuredPerson.objects.select_related("node")
            .filter(policy=policy, person=person)
            .first()
        )
        if insured is None or not insured.covered_on(incident):
            raise DomainError(
                _("%(name)s was not insured under this policy on %(date)s.")
                % {"name": person.name, "date": incident.isoformat()},
                code=E.NOT_INSURED,
                field="incident_on",
            )
        claim = InsuranceClaim.objects.create(
            insured=insured,
            policy=policy,
            person=person,
            node=insured.node,
            incident_on=incident,
            description=description,
            reported_on=day,
            filed_by_id=actor.user_id,
        )
        audit.record(
            actor=actor,
            event=events.CLAIM_REPORTED,
            target=claim,
            changes={"person": person.pk, "incident_on": incident.isoformat()},
            node_path=insured.node.path,
        )
    return claim


def insurance_claim_submit(
    *, actor: Actor, claim: InsuranceClaim, on: dt.date | None = None, note: str = ""
) -> InsuranceClaim:
    """Mark a reported claim as submitted to the insurer (the office). Audited."""
    access.require(actor, P.MANAGE_CLAIM, claim)
    note = clean_text(note, field="note", max_length=2000, required=False)
    with transaction.atomic(durable=True):
        claim = _lock(claim)
        check_transition(claim.status, ClaimStatus.SUBMITTED, CLAIM_TRANSITIONS, ClaimStatus)
        claim.submitted_on = step_day(on, not_before=claim.reported_on)
        claim.status = ClaimStatus.SUBMITTED
        if note:
            claim.note = note
        claim.save(update_fields=["status", "submitted_on", "note", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLAIM_SUBMITTED,
            target=claim,
            changes={"submitted_on": claim.submitted_on.isoformat()},
            node_path=claim.node.path,
        )
    return claim


def insurance_claim_settle(
    *,
    actor: Actor,
    claim: InsuranceClaim,
    outcome: str,
    paid_fen: int = 0,
    on: dt.date | None = None,
    note: str = "",
) -> InsuranceClaim:
    """Record the insurer's answer to a submitted claim: ``paid`` (``paid_fen`` above zero)
    or ``refused`` (no amount). Recorded only: the insurer's money never touches the ledger.
    The office only. Audited."""
    access.require(actor, P.MANAGE_CLAIM, claim)
    if outcome not in (ClaimStatus.PAID, ClaimStatus.REFUSED):
        raise ValidationFailed(_("Choose paid or refused."), field="outcome")
    amount = check_fen(paid_fen, field="paid_fen")
    if outcome == ClaimStatus.PAID and amount == 0:
        raise ValidationFailed(
            _("Enter what the insurer paid."), code=E.PAID_AMOUNT_REQUIRED, field="paid_fen"
        )
    if outcome == ClaimStatus.REFUSED and amount:
        raise ValidationFailed(
            _("A refused claim has no amount paid."), code="invalid_amount", field="paid_fen"
        )
    note = clean_text(note, field="note", max_length=2000, required=False)
    with transaction.atomic(durable=True):
        claim = _lock(claim)
        check_transition(claim.status, outcome, CLAIM_TRANSITIONS, ClaimStatus)
        claim.decided_on = step_day(on, not_before=claim.submitted_on)
        claim.status = outcome
        claim.paid_fen = amount
        if note:
            claim.note = note
        claim.save(update_fields=["status", "decided_on", "paid_fen", "note", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CLAIM_PAID if outcome == ClaimStatus.PAID else events.CLAIM_REFUSED,
            target=claim,
            changes={"decided_on": claim.decided_on.isoformat(), "paid_fen": amount},
            node_path=claim.node.path,
        )
    return claim
