"""Reads of care, each scoped through ``access``. Lists never carry health details."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from tongxin.approvals import conflicts
from tongxin.approvals.choices import ApprovalStatus
from tongxin.approvals.models import ApprovalDecision
from tongxin.core.errors import DomainError
from tongxin.funds.permissions import FundsPermission
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .choices import VisitStatus
from .data import hardship as defaults
from .flows import VISIT_FLOW_STEPS
from .models import CareAttachment, CareVisit, HardshipFile, HardshipThresholds, TuitionWaiver
from .permissions import CarePermission

if TYPE_CHECKING:
    from tongxin.funds.models import CareStandard
    from tongxin.members.models import FamilyMember, Person

P = CarePermission


# Visits ------------------------------------------------------------------------------------


def visit_may_see_health(actor: Actor, visit: CareVisit) -> bool:
    """Whether ``actor`` belongs to the visit's approval chain (no query once loaded).

    The chain: the member themself, the filer, the office (``care.view_health``), and whoever
    holds the permission of a step the request has reached (the current step and those
    before it; every step once decided). The auditor and other officers see the visit
    without its health details.
    """
    if actor.is_system:
        return True
    if actor.person_id is not None and actor.person_id == visit.person_id:
        return True
    if actor.user_id is not None and actor.user_id == visit.filed_by_id:
        return True
    if access.can(actor, P.VIEW_HEALTH, visit):
        return True
    request = visit.approval
    if request is None:
        return False
    reached = (
        request.current_position if request.status == ApprovalStatus.PENDING else request.step_count
    )
    return any(
        access.can_at(actor, permission, visit.node.path)
        for _name, permission in VISIT_FLOW_STEPS[:reached]
    )


def visit_holds_step(actor: Actor, visit: CareVisit) -> bool:
    """Whether ``actor``'s roles cover the visit's current step, conflicts aside (no query)."""
    request = visit.approval
    if visit.status != VisitStatus.SUBMITTED or request is None:
        return False
    _name, permission = VISIT_FLOW_STEPS[request.current_position - 1]
    return access.can_at(actor, permission, visit.node.path)


def visit_decide_blocker(actor: Actor, visit: CareVisit) -> str:
    """Why an actor whose roles cover the current step may not decide it (they filed it, it
    is theirs or their family's, or it waits for the level above), or ``""``."""
    if not visit_holds_step(actor, visit) or visit.approval is None:
        return ""
    request = visit.approval
    conflict = conflicts.request_conflict(actor, request)
    if conflict is not None:
        return conflict.message()
    _name, permission = VISIT_FLOW_STEPS[request.current_position - 1]
    if not conflicts.above_floor(actor, permission, request.escalated_above_path):
        return conflicts.escalated_message()
    return ""


def visit_may_decide(actor: Actor, visit: CareVisit) -> bool:
    """Whether ``actor`` may decide the visit's current step: they hold its permission and
    are not a party to the visit (decision 0011)."""
    return visit_holds_step(actor, visit) and not visit_decide_blocker(actor, visit)


def visit_may_override_budget(actor: Actor, visit: CareVisit) -> bool:
    """Whether ``actor`` may authorise paying the visit beyond the budget (the union office,
    while the visit is under approval, not a party to it). One query for the family check."""
    return (
        visit.status == VisitStatus.SUBMITTED
        and access.can(actor, FundsPermission.OVERRIDE_BUDGET, visit)
        and conflicts.conflict_of(
            actor, filed_by_user_id=visit.filed_by_id, subject_person_ids=[visit.person_id]
        )
        is None
    )


def visit_may_act_for(actor: Actor, visit: CareVisit) -> bool:
    """The filer, the member themself, or the office (``care.manage_visit``)."""
    return (
        actor.is_system
        or (actor.user_id is not None and actor.user_id == visit.filed_by_id)
        or (actor.person_id is not None and actor.person_id == visit.person_id)
        or access.can(actor, P.MANAGE_VISIT, visit)
    )


@dataclass(frozen=True)
class VisitFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None
    node_id: int | None = None
    step: int | None = None


def _visits() -> QuerySet[CareVisit]:
    return CareVisit.objects.select_related("person", "node", "approval")


def visit_list(*, actor: Actor, filters: VisitFilters | None = None) -> QuerySet[CareVisit]:
    """Visits in the actor's scope (own visits for a member), newest first."""
    filters = filters or VisitFilters()
    qs = access.scope(_visits(), actor, P.VIEW_VISIT)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(event_on__year=filters.year)
    if filters.node_id:
        node = OrgNode.objects.filter(pk=filters.node_id).only("path").first()
        qs = qs.filter(node__path__startswith=node.path) if node else qs.none()
    if filters.step:
        qs = qs.filter(status=VisitStatus.SUBMITTED, approval__current_position=filters.step)
    return qs.order_by("-filed_on", "-id")


def visit_mine(*, actor: Actor) -> QuerySet[CareVisit]:
    """The actor's own visits (as the person cared for)."""
    if actor.person_id is None:
        return CareVisit.objects.none()
    return _visits().filter(person_id=actor.person_id).order_by("-filed_on", "-id")


def visit_get(*, actor: Actor, pk: int | str) -> CareVisit:
    return access.get_scoped(
        _visits().select_related("relative", "payee", "hardship_file", "node__school"),
        actor,
        P.VIEW_VISIT,
        pk=pk,
    )


def visit_years(*, actor: Actor) -> list[int]:
    qs = access.scope(CareVisit.objects.all(), actor, P.VIEW_VISIT)
    years = qs.annotate(y=ExtractYear("event_on")).values_list("y", flat=True).distinct()
    return sorted(set(years), reverse=True)


def visit_decisions(visit: CareVisit) -> list[ApprovalDecision]:
    if visit.approval_id is None:
        return []
    return list(ApprovalDecision.objects.filter(request_id=visit.approval_id).order_by("position"))


def visit_attachments(visit: CareVisit) -> list[CareAttachment]:
    """The visit's documents without their content (the content loads only on download)."""
    return list(CareAttachment.objects.filter(visit=visit).defer("content").order_by("id"))


def attachment_get(*, actor: Actor, pk: int | str) -> CareAttachment:
    return access.get_scoped(
        CareAttachment.objects.select_related("visit__node", "visit__approval"),
        actor,
        P.VIEW_VISIT,
        pk=pk,
    )


def visit_notice(*, actor: Actor, year: int | None = None) -> QuerySet[CareVisit]:
    """The notice list: paid visits of the actor's school whose person gave consent.

    Rows carry name, kind and amount only (the view and schema show nothing else).
    """
    school_id = _school_of(actor)
    if school_id is None:
        return CareVisit.objects.none()
    qs = CareVisit.objects.filter(
        school_id=school_id, status=VisitStatus.PAID, disclosure_consent=True
    ).select_related("person")
    if year:
        qs = qs.filter(paid_on__year=year)
    return qs.only("id", "kind", "amount_fen", "paid_on", "person__name").order_by(
        "-paid_on", "-id"
    )


def _school_of(actor: Actor) -> int | None:
    if not access.can_somewhere(actor, P.VIEW_NOTICE):
        return None
    if actor.person_id is not None:
        from tongxin.members.models import Person

        return Person.objects.filter(pk=actor.person_id).values_list("school_id", flat=True).first()
    if actor.grants:
        node = OrgNode.objects.filter(pk=actor.grants[0].node_id).first()
        return (node.school_id or node.pk) if node else None
    return None


# Hardship ---------------------------------------------------------------------------------


def hardship_thresholds_in_force(*, school: OrgNode, on: dt.date) -> HardshipThresholds:
    """The school's thresholds in force on ``on``; the data defaults (unsaved) if none."""
    school_id = school.school_id or school.pk
    row = (
        HardshipThresholds.objects.filter(school_id=school_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if row is not None:
        return row
    return HardshipThresholds(
        school_id=school_id,
        effective_from=dt.date(1990, 1, 1),
        minimum_living_monthly_fen=defaults.MINIMUM_LIVING_MONTHLY_FEN,
        relative_factor_percent=defaults.RELATIVE_FACTOR_PERCENT,
        accident_income_percent=defaults.ACCIDENT_INCOME_PERCENT,
        valid_months=defaults.VALID_MONTHS,
    )


def hardship_file_list(
    *, actor: Actor, status: str = "", node_id: int | None = None
) -> QuerySet[HardshipFile]:
    qs = access.scope(HardshipFile.objects.select_related("person", "node"), actor, P.VIEW_HARDSHIP)
    if status:
        qs = qs.filter(status=status)
    if node_id:
        node = OrgNode.objects.filter(pk=node_id).only("path").first()
        qs = qs.filter(node__path__startswith=node.path) if node else qs.none()
    return qs.order_by("-applied_on", "-id")


def hardship_file_get(*, actor: Actor, pk: int | str) -> HardshipFile:
    return access.get_scoped(
        HardshipFile.objects.select_related("person", "node", "thresholds"),
        actor,
        P.VIEW_HARDSHIP,
        pk=pk,
    )


def hardship_may_see_situation(actor: Actor, file: HardshipFile) -> bool:
    """The household's situation: the member, the filer, and who verifies or decides."""
    return (
        actor.is_system
        or (actor.person_id is not None and actor.person_id == file.person_id)
        or (actor.user_id is not None and actor.user_id == file.filed_by_id)
        or access.can(actor, P.VERIFY_HARDSHIP, file)
    )


def active_hardship_files(*, person_id: int, on: dt.date) -> list[HardshipFile]:
    return list(
        HardshipFile.objects.filter(
            person_id=person_id, status="active", valid_until__gte=on
        ).order_by("-approved_on")
    )


# Tuition waivers --------------------------------------------------------------------------


def waiver_list(*, actor: Actor, status: str = "") -> QuerySet[TuitionWaiver]:
    qs = access.scope(
        TuitionWaiver.objects.select_related("person", "child", "node"), actor, P.VIEW_WAIVER
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-requested_on", "-id")


def waiver_get(*, actor: Actor, pk: int | str) -> TuitionWaiver:
    return access.get_scoped(
        TuitionWaiver.objects.select_related("person", "child", "node"),
        actor,
        P.VIEW_WAIVER,
        pk=pk,
    )


# Look-ups for the forms -------------------------------------------------------------------


def person_by_staff_number(*, actor: Actor, staff_number: str, permission: str) -> "Person":
    """The person with ``staff_number`` on whom the actor holds ``permission``."""
    from tongxin.core.errors import ValidationFailed
    from tongxin.members.models import Person

    number = (staff_number or "").strip()
    person = (
        access.scope(Person.objects.select_related("node", "school"), actor, permission)
        .filter(staff_number=number)
        .first()
        if number
        else None
    )
    if person is None:
        raise ValidationFailed(
            _("Nobody you may act for has the staff number “%(number)s”.") % {"number": number},
            field="staff_number",
        )
    return person


def family_member_by_name(*, person: "Person", name: str) -> "FamilyMember | None":
    from tongxin.members.models import FamilyMember

    name = (name or "").strip()
    if not name:
        return None
    return FamilyMember.objects.filter(person=person, name=name).first()


def document_names(*, school: OrgNode | None, on: dt.date) -> list[str]:
    """Every attachment name the standards in force require (for the document pickers)."""
    from tongxin.funds.queries.policy import policy_in_force

    if school is None:
        return []
    try:
        policy = policy_in_force(school=school, on=on)
    except DomainError:
        return []
    names: list[str] = []
    for standard in policy.care_standards.all():
        for name in standard.attachment_list:
            if name not in names:
                names.append(name)
    return names


def care_standards(*, school: OrgNode | None, on: dt.date) -> dict[str, "CareStandard"]:
    """kind → the enabled standard in force on ``on`` (what a claim of that kind needs)."""
    from tongxin.funds.queries.policy import policy_in_force

    if school is None:
        return {}
    try:
        policy = policy_in_force(school=school, on=on)
    except DomainError:
        return {}
    return {s.kind: s for s in policy.care_standards.all() if s.is_enabled}


def thresholds_list(*, actor: Actor) -> QuerySet[HardshipThresholds]:
    """Recorded hardship thresholds the actor may see (officers of the school), newest first."""
    return access.scope(
        HardshipThresholds.objects.select_related("school"), actor, P.VIEW_HARDSHIP
    ).order_by("-effective_from", "-id")


def actor_school(actor: Actor) -> OrgNode | None:
    """The school union of the actor's first role (for officers without a person record)."""
    if not actor.grants:
        return None
    node = OrgNode.objects.select_related("school").filter(pk=actor.grants[0].node_id).first()
    if node is None:
        return None
    return node.school or node
