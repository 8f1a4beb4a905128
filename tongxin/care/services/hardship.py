"""Hardship files (hardship aid, domain-rules 6): application, the branch's verification (home
visit), the office's approval, the yearly re-verification and closure.

The class is computed, never typed in: ``monthly_per_capita = (family disposable income −
rigid expenses) ÷ 12 ÷ household size``, compared with the school's thresholds in force
(``HardshipThresholds``, defaults in ``care/data/hardship.py``):

- deep hardship: below the local minimum living standard;
- relative hardship: below ``relative_factor_percent`` of it (2× by default);
- accident-caused: disaster, accident or major illness costs above ``accident_income_percent``
  of the yearly family income (80 %), or a death or disability in a major incident;
- an excluded household (e.g. children at high-fee private schools) is not in hardship.

The classes are tried in that order. The inputs, the figure, the thresholds used and a
``valid_until`` date are stored with the class.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.funds.services import fund_node_of
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import HardshipClass, HardshipStatus
from ..errors import CareErrorCode
from ..models import HardshipFile, HardshipThresholds
from ..permissions import CarePermission
from ..queries import hardship_thresholds_in_force
from .common import check_count, check_date, check_fen, require_member_on

P = CarePermission


@dataclass(frozen=True)
class HardshipInputs:
    household_size: int
    annual_income_fen: int
    rigid_expenses_fen: int = 0
    incident_costs_fen: int = 0
    major_incident: bool = False
    excluded: bool = False

    def checked(self) -> "HardshipInputs":
        return HardshipInputs(
            household_size=check_count(self.household_size, field="household_size"),
            annual_income_fen=check_fen(self.annual_income_fen, field="annual_income"),
            rigid_expenses_fen=check_fen(self.rigid_expenses_fen, field="rigid_expenses"),
            incident_costs_fen=check_fen(self.incident_costs_fen, field="incident_costs"),
            major_incident=bool(self.major_incident),
            excluded=bool(self.excluded),
        )


def monthly_per_capita_fen(inputs: HardshipInputs) -> int:
    disposable = max(0, inputs.annual_income_fen - inputs.rigid_expenses_fen)
    return disposable // 12 // inputs.household_size


def hardship_classify(inputs: HardshipInputs, thresholds: HardshipThresholds) -> tuple[str, int]:
    """``(class, monthly income per person in fen)`` for the inputs under the thresholds."""
    monthly = monthly_per_capita_fen(inputs)
    if inputs.excluded:
        return HardshipClass.NONE, monthly
    minimum = thresholds.minimum_living_monthly_fen
    if monthly < minimum:
        return HardshipClass.DEEP, monthly
    if monthly * 100 < minimum * thresholds.relative_factor_percent:
        return HardshipClass.RELATIVE, monthly
    if inputs.major_incident or (
        inputs.incident_costs_fen * 100
        > inputs.annual_income_fen * thresholds.accident_income_percent
    ):
        return HardshipClass.ACCIDENT, monthly
    return HardshipClass.NONE, monthly


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _apply_inputs(file: HardshipFile, inputs: HardshipInputs, on: dt.date) -> None:
    thresholds = hardship_thresholds_in_force(school=file.school, on=on)
    file.household_size = inputs.household_size
    file.annual_income_fen = inputs.annual_income_fen
    file.rigid_expenses_fen = inputs.rigid_expenses_fen
    file.incident_costs_fen = inputs.incident_costs_fen
    file.major_incident = inputs.major_incident
    file.excluded = inputs.excluded
    file.hardship_class, file.monthly_per_capita_fen = hardship_classify(inputs, thresholds)
    file.thresholds = thresholds if thresholds.pk else None
    file.minimum_living_monthly_fen = thresholds.minimum_living_monthly_fen
    file._valid_months = thresholds.valid_months  # type: ignore[attr-defined]


def _lock(file: HardshipFile) -> HardshipFile:
    return (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("node", "person", "school")
        .get(pk=file.pk)
    )


def _inputs_changes(file: HardshipFile) -> dict:
    return {
        "household_size": file.household_size,
        "annual_income_fen": file.annual_income_fen,
        "rigid_expenses_fen": file.rigid_expenses_fen,
        "incident_costs_fen": file.incident_costs_fen,
        "major_incident": file.major_incident,
        "excluded": file.excluded,
        "monthly_per_capita_fen": file.monthly_per_capita_fen,
        "hardship_class": file.hardship_class,
    }


def hardship_thresholds_set(
    *,
    actor: Actor,
    school: OrgNode,
    effective_from: dt.date,
    minimum_living_monthly_fen: int,
    relative_factor_percent: int = 200,
    accident_income_percent: int = 80,
    valid_months: int = 12,
) -> HardshipThresholds:
    """Record new thresholds from a date (the office; ``care.decide_hardship`` on the school)."""
    access.require_at(actor, P.DECIDE_HARDSHIP, school)
    if school.school_id != school.pk:
        raise ValidationFailed(
            _("Thresholds are set for the school union as a whole."),
            code=CareErrorCode.INVALID_INPUT,
            field="school",
        )
    if not isinstance(effective_from, dt.date):
        raise ValidationFailed(_("Enter a date."), field="effective_from")
    minimum = check_fen(minimum_living_monthly_fen, field="minimum_living_monthly", positive=True)
    factor = check_count(relative_factor_percent, field="relative_factor_percent", maximum=1000)
    share = check_count(accident_income_percent, field="accident_income_percent", maximum=1000)
    months = check_count(valid_months, field="valid_months", maximum=60)
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                row = HardshipThresholds.objects.create(
                    school=school,
                    effective_from=effective_from,
                    minimum_living_monthly_fen=minimum,
                    relative_factor_percent=factor,
                    accident_income_percent=share,
                    valid_months=months,
                )
        except IntegrityError:
            raise DomainError(
                _("Thresholds from this date are already recorded."),
                code=CareErrorCode.INVALID_INPUT,
                field="effective_from",
            ) from None
        audit.record(
            actor=actor,
            event=events.THRESHOLDS_SET,
            target=row,
            changes={"effective_from": effective_from, "minimum_fen": minimum},
            node_path=school.path,
        )
    return row


def hardship_file_apply(
    *,
    actor: Actor,
    person: Person,
    inputs: HardshipInputs,
    situation: str = "",
    applied_on: dt.date | None = None,
) -> HardshipFile:
    """Apply for a hardship file (the member, or a liaison/chair of their branch, the office).

    The person must be a member on the application date and have no open file; the class is
    computed at once from the inputs (shown to the verifier) and again at verification.
    """
    access.require(actor, P.FILE_HARDSHIP, person)
    applied_on = check_date(applied_on or timezone.localdate(), field="applied_on")
    inputs = inputs.checked()
    require_member_on(person, applied_on)
    node = fund_node_of(person.node)
    file = HardshipFile(
        school_id=person.school_id,
        node=node,
        person=person,
        applied_on=applied_on,
        situation=situation.strip(),
        filed_by_id=actor.user_id,
    )
    file.school = person.school
    _apply_inputs(file, inputs, applied_on)
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                file.save(force_insert=True)
        except IntegrityError:
            raise DomainError(
                _("%(name)s already has an open hardship file.") % {"name": person.name},
                code=CareErrorCode.INVALID_TRANSITION,
                field="person",
            ) from None
        audit.record(
            actor=actor,
            event=events.HARDSHIP_APPLIED,
            target=file,
            changes=_inputs_changes(file),
            node_path=node.path,
        )
    return file


def hardship_file_verify(
    *,
    actor: Actor,
    file: HardshipFile,
    inputs: HardshipInputs | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> HardshipFile:
    """The branch's verification after a home visit (``care.verify_hardship``: the chair or
    the office). The inputs may be corrected; the class is recomputed: in hardship → verified
    (for the office's approval), not in hardship → not eligible."""
    access.require(actor, P.VERIFY_HARDSHIP, file)
    on = check_date(on or timezone.localdate(), field="on")
    checked = inputs.checked() if inputs is not None else None
    with transaction.atomic(durable=True):
        file = _lock(file)
        if file.status != HardshipStatus.APPLIED:
            raise InvalidTransition(
                _("Only a new application can be verified."),
                code=CareErrorCode.INVALID_TRANSITION,
            )
        if checked is not None:
            _apply_inputs(file, checked, on)
        else:
            _apply_inputs(file, _inputs_of(file), on)
        before = file.status
        file.status = (
            HardshipStatus.NOT_ELIGIBLE
            if file.hardship_class == HardshipClass.NONE
            else HardshipStatus.VERIFIED
        )
        file.verified_on = on
        file.verification_note = note.strip()
        file.save()
        audit.record(
            actor=actor,
            event=events.HARDSHIP_VERIFIED,
            target=file,
            changes={"status": [before, file.status], **_inputs_changes(file)},
            node_path=file.node.path,
        )
    return file


def _inputs_of(file: HardshipFile) -> HardshipInputs:
    return HardshipInputs(
        household_size=file.household_size,
        annual_income_fen=file.annual_income_fen,
        rigid_expenses_fen=file.rigid_expenses_fen,
        incident_costs_fen=file.incident_costs_fen,
        major_incident=file.major_incident,
        excluded=file.excluded,
    )


def hardship_file_approve(
    *, actor: Actor, file: HardshipFile, on: dt.date | None = None
) -> HardshipFile:
    """The office puts a verified file on record (``care.decide_hardship``), valid for the
    thresholds' ``valid_months`` (a year): then it must be re-verified."""
    access.require(actor, P.DECIDE_HARDSHIP, file)
    on = check_date(on or timezone.localdate(), field="on")
    with transaction.atomic(durable=True):
        file = _lock(file)
        if file.status != HardshipStatus.VERIFIED:
            raise InvalidTransition(
                _("Only a verified application can be approved."),
                code=CareErrorCode.INVALID_TRANSITION,
            )
        thresholds = hardship_thresholds_in_force(school=file.school, on=on)
        file.status = HardshipStatus.ACTIVE
        file.approved_on = on
        file.valid_until = add_months(on, thresholds.valid_months)
        file.save(update_fields=["status", "approved_on", "valid_until", "updated_at"])
        audit.record(
            actor=actor,
            event=events.HARDSHIP_APPROVED,
            target=file,
            changes={
                "status": [HardshipStatus.VERIFIED, HardshipStatus.ACTIVE],
                "valid_until": file.valid_until,
            },
            node_path=file.node.path,
        )
    return file


def hardship_file_reverify(
    *,
    actor: Actor,
    file: HardshipFile,
    inputs: HardshipInputs,
    note: str = "",
    on: dt.date | None = None,
) -> HardshipFile:
    """The yearly re-verification of a file on record (``care.verify_hardship``).

    The class is recomputed from the new inputs: still in hardship → valid for another
    period; out of hardship → the file is closed (the family no longer needs it).
    """
    access.require(actor, P.VERIFY_HARDSHIP, file)
    on = check_date(on or timezone.localdate(), field="on")
    checked = inputs.checked()
    with transaction.atomic(durable=True):
        file = _lock(file)
        if file.status != HardshipStatus.ACTIVE:
            raise InvalidTransition(
                _("Only a file on record can be re-verified."),
                code=CareErrorCode.INVALID_TRANSITION,
            )
        _apply_inputs(file, checked, on)
        file.verified_on = on
        file.verification_note = note.strip()
        if file.hardship_class == HardshipClass.NONE:
            file.status = HardshipStatus.CLOSED
            file.closed_on = on
            file.closure_reason = _("Out of hardship at the yearly re-verification.")
        else:
            file.valid_until = add_months(on, file._valid_months)  # type: ignore[attr-defined]
        file.save()
        audit.record(
            actor=actor,
            event=events.HARDSHIP_REVERIFIED,
            target=file,
            changes={
                "status": file.status,
                "valid_until": file.valid_until,
                **_inputs_changes(file),
            },
            node_path=file.node.path,
        )
    return file


def hardship_file_close(
    *, actor: Actor, file: HardshipFile, reason: str, on: dt.date | None = None
) -> HardshipFile:
    """Close an open file with a reason (the office, ``care.decide_hardship``)."""
    access.require(actor, P.DECIDE_HARDSHIP, file)
    on = check_date(on or timezone.localdate(), field="on")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the reason for closing the file."),
            code=CareErrorCode.NOTE_REQUIRED,
            field="reason",
        )
    with transaction.atomic(durable=True):
        file = _lock(file)
        if file.status not in (
            HardshipStatus.APPLIED,
            HardshipStatus.VERIFIED,
            HardshipStatus.ACTIVE,
        ):
            raise InvalidTransition(
                _("This file is already closed."), code=CareErrorCode.INVALID_TRANSITION
            )
        before = file.status
        file.status = HardshipStatus.CLOSED
        file.closed_on = on
        file.closure_reason = reason
        file.save(update_fields=["status", "closed_on", "closure_reason", "updated_at"])
        audit.record(
            actor=actor,
            event=events.HARDSHIP_CLOSED,
            target=file,
            changes={"status": [before, HardshipStatus.CLOSED], "reason": reason},
            node_path=file.node.path,
        )
    return file


def hardship_situation_read(*, actor: Actor, file: HardshipFile) -> str:
    """The confidential situation text, for the member, the filer and the verifiers; logged."""
    from tongxin.core.errors import Forbidden

    from ..queries import hardship_may_see_situation

    access.require(actor, P.VIEW_HARDSHIP, file)
    if not hardship_may_see_situation(actor, file):
        raise Forbidden()
    with transaction.atomic(durable=True):
        audit.record_sensitive_read(
            actor=actor,
            event=events.HARDSHIP_VIEWED,
            target=file,
            fields=["situation"],
            node_path=file.node.path,
        )
    return file.situation
