"""Care over HTTP: the same services and queries as the pages, one error shape."""

import base64
import binascii
from typing import cast

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from tongxin.core.errors import ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination, Year
from tongxin.members import queries as members_queries
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import queries as orgs_queries

from . import queries, services
from .errors import CareErrorCode
from .models import HardshipFile
from .permissions import CarePermission
from .schemas import (
    BudgetOverrideIn,
    CareDecisionIn,
    ConsentIn,
    HardshipApplyIn,
    HardshipCloseIn,
    HardshipOut,
    HardshipReverifyIn,
    HardshipVerifyIn,
    HealthOut,
    NoticeOut,
    OnIn,
    ThresholdsIn,
    ThresholdsOut,
    VisitDetailOut,
    VisitIn,
    VisitOut,
    WaiverDecisionIn,
    WaiverIn,
    WaiverOut,
)

P = CarePermission
router = Router(tags=["care"])


class VisitQuery(Schema):
    kind: str = ""
    status: str = ""
    year: Year | None = None
    node_id: Id | None = None
    step: int | None = None


# Care visits -------------------------------------------------------------------------------


@router.get("/visits", response=list[VisitOut], operation_id="care_visit_list")
@paginate(Pagination)
def visit_list(request: ActorRequest, filters: Query[VisitQuery]):  # type: ignore[no-untyped-def]
    year = filters.year if filters.year and 1990 <= filters.year <= 2999 else None
    step = filters.step if filters.step in (1, 2, 3) else None
    return queries.visit_list(
        actor=request.actor,
        filters=queries.VisitFilters(
            kind=filters.kind[:24],
            status=filters.status[:16],
            year=year,
            node_id=filters.node_id,
            step=step,
        ),
    )


@router.get("/visits/mine", response=list[VisitOut], operation_id="care_visit_mine")
@paginate(Pagination)
def visit_mine(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.visit_mine(actor=request.actor)


@router.get("/visits/notice", response=list[NoticeOut], operation_id="care_visit_notice")
@paginate(Pagination)
def visit_notice(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.visit_notice(actor=request.actor)


def _detail(request: ActorRequest, pk: int) -> object:
    """The visit with what the detail schema adds: the actor's rights, documents, decisions."""
    actor = request.actor
    visit = queries.visit_get(actor=actor, pk=pk)
    may_see = queries.visit_may_see_health(actor, visit)
    blocker = queries.visit_decide_blocker(actor, visit)
    visit.api_extra = {  # type: ignore[attr-defined]
        "has_health_details": visit.__dict__.get("diagnosis", "") != "",
        "may_see_health": may_see,
        "may_decide": not blocker and queries.visit_holds_step(actor, visit),
        "decide_blocker": blocker,
        "may_override_budget": queries.visit_may_override_budget(actor, visit),
        "attachments": queries.visit_attachments(visit) if may_see else [],
        "decisions": queries.visit_decisions(visit),
    }
    return visit


@router.get("/visits/{pk}", response=VisitDetailOut, operation_id="care_visit_get")
def visit_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _detail(request, pk)


@router.get("/visits/{pk}/health", response=HealthOut, operation_id="care_visit_health")
def visit_health(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """The diagnosis, for the approval chain only; the read is logged."""
    visit = queries.visit_get(actor=request.actor, pk=pk)
    return {"diagnosis": services.care_visit_health(actor=request.actor, visit=visit)}


def _family(person: Person, pk: int | None, field: str) -> FamilyMember | None:
    """One of ``person``'s family members; a missing id and someone else's family member get
    the same refusal (ids cannot be probed)."""
    if pk is None:
        return None
    member = members_queries.family_member_of(person=person, pk=pk)
    if member is None:
        raise ValidationFailed(
            _("Choose one of %(name)s's family members.") % {"name": person.name},
            code=CareErrorCode.NOT_FAMILY,
            field=field,
        )
    return member


def _uploads(payload: VisitIn) -> list[services.Upload]:
    uploads = []
    for item in payload.attachments:
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                _("An attachment is not valid base64."),
                code=CareErrorCode.BAD_ATTACHMENT,
                field="attachments",
            ) from None
        uploads.append(services.Upload(label=item.label, filename=item.filename, data=data))
    return uploads


@router.post("/visits", response={201: VisitDetailOut}, operation_id="care_visit_file")
def visit_file(request: ActorRequest, payload: VisitIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    person = members_queries.person_get(actor=actor, pk=payload.person_id, permission=P.FILE_VISIT)
    hardship_file = None
    if payload.hardship_file_id is not None:
        # Only the person's own files are found: missing and someone else's read alike.
        hardship_file = HardshipFile.objects.filter(
            pk=payload.hardship_file_id, person=person
        ).first()
        if hardship_file is None:
            raise ValidationFailed(
                _(
                    "The hardship file must be the member's own, on file and valid on the event date."
                ),
                code=CareErrorCode.HARDSHIP_FILE_INVALID,
                field="hardship_file",
            )
    visit = services.care_visit_file(
        actor=actor,
        person=person,
        kind=payload.kind,
        event_on=payload.event_on,
        amount_fen=payload.amount_fen,
        diagnosis=payload.diagnosis,
        note=payload.note,
        relative=_family(person, payload.relative_id, "relative"),
        payee=_family(person, payload.payee_id, "payee"),
        hardship_file=hardship_file,
        attachments=_uploads(payload),
        documents_to_follow=payload.documents_to_follow,
        disclosure_consent=payload.disclosure_consent,
    )
    return Status(201, _detail(request, visit.pk))


@router.post("/visits/{pk}/decide", response=VisitDetailOut, operation_id="care_visit_decide")
def visit_decide(request: ActorRequest, pk: Id, payload: CareDecisionIn):  # type: ignore[no-untyped-def]
    visit = queries.visit_get(actor=request.actor, pk=pk)
    services.care_visit_decide(
        actor=request.actor,
        visit=visit,
        outcome=payload.outcome,
        comment=payload.comment,
        expected_position=payload.expected_position,
    )
    return _detail(request, pk)


@router.post(
    "/visits/{pk}/budget-override",
    response=VisitDetailOut,
    operation_id="care_visit_budget_override",
)
def visit_budget_override(request: ActorRequest, pk: Id, payload: BudgetOverrideIn):  # type: ignore[no-untyped-def]
    """The union office authorises paying the visit beyond the approved budget, with a
    reason; finance's payment step then posts with the ledger's budget override."""
    visit = queries.visit_get(actor=request.actor, pk=pk)
    services.care_visit_budget_override(actor=request.actor, visit=visit, reason=payload.reason)
    return _detail(request, pk)


@router.post("/visits/{pk}/withdraw", response=VisitDetailOut, operation_id="care_visit_withdraw")
def visit_withdraw(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    visit = queries.visit_get(actor=request.actor, pk=pk)
    services.care_visit_withdraw(actor=request.actor, visit=visit)
    return _detail(request, pk)


@router.post("/visits/{pk}/consent", response=VisitDetailOut, operation_id="care_visit_consent")
def visit_consent(request: ActorRequest, pk: Id, payload: ConsentIn):  # type: ignore[no-untyped-def]
    visit = queries.visit_get(actor=request.actor, pk=pk)
    services.care_visit_consent_set(actor=request.actor, visit=visit, consent=payload.consent)
    return _detail(request, pk)


# Hardship files ----------------------------------------------------------------------------


@router.get("/hardship-files", response=list[HardshipOut], operation_id="hardship_file_list")
@paginate(Pagination)
def hardship_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    return queries.hardship_file_list(actor=request.actor, status=status[:16])


@router.get("/hardship-files/{pk}", response=HardshipOut, operation_id="hardship_file_get")
def hardship_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.hardship_file_get(actor=request.actor, pk=pk)


def _inputs(payload: object) -> services.HardshipInputs:
    return services.HardshipInputs(
        household_size=payload.household_size,  # type: ignore[attr-defined]
        annual_income_fen=payload.annual_income_fen,  # type: ignore[attr-defined]
        rigid_expenses_fen=payload.rigid_expenses_fen,  # type: ignore[attr-defined]
        incident_costs_fen=payload.incident_costs_fen,  # type: ignore[attr-defined]
        major_incident=payload.major_incident,  # type: ignore[attr-defined]
        excluded=payload.excluded,  # type: ignore[attr-defined]
    )


@router.post("/hardship-files", response={201: HardshipOut}, operation_id="hardship_file_apply")
def hardship_apply(request: ActorRequest, payload: HardshipApplyIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    person = members_queries.person_get(
        actor=actor, pk=payload.person_id, permission=P.FILE_HARDSHIP
    )
    file = services.hardship_file_apply(
        actor=actor,
        person=person,
        inputs=_inputs(payload),
        situation=payload.situation,
        applied_on=payload.applied_on,
    )
    return Status(201, queries.hardship_file_get(actor=actor, pk=file.pk))


@router.post(
    "/hardship-files/{pk}/verify", response=HardshipOut, operation_id="hardship_file_verify"
)
def hardship_verify(request: ActorRequest, pk: Id, payload: HardshipVerifyIn):  # type: ignore[no-untyped-def]
    file = queries.hardship_file_get(actor=request.actor, pk=pk)
    services.hardship_file_verify(
        actor=request.actor,
        file=file,
        inputs=_inputs(payload.inputs) if payload.inputs else None,
        note=payload.note,
        on=payload.on,
    )
    return queries.hardship_file_get(actor=request.actor, pk=pk)


@router.post(
    "/hardship-files/{pk}/approve", response=HardshipOut, operation_id="hardship_file_approve"
)
def hardship_approve(request: ActorRequest, pk: Id, payload: OnIn):  # type: ignore[no-untyped-def]
    file = queries.hardship_file_get(actor=request.actor, pk=pk)
    services.hardship_file_approve(actor=request.actor, file=file, on=payload.on)
    return queries.hardship_file_get(actor=request.actor, pk=pk)


@router.post(
    "/hardship-files/{pk}/reverify",
    response=HardshipOut,
    operation_id="hardship_file_reverify",
)
def hardship_reverify(request: ActorRequest, pk: Id, payload: HardshipReverifyIn):  # type: ignore[no-untyped-def]
    file = queries.hardship_file_get(actor=request.actor, pk=pk)
    services.hardship_file_reverify(
        actor=request.actor,
        file=file,
        inputs=_inputs(payload.inputs),
        note=payload.note,
        on=payload.on,
    )
    return queries.hardship_file_get(actor=request.actor, pk=pk)


@router.post("/hardship-files/{pk}/close", response=HardshipOut, operation_id="hardship_file_close")
def hardship_close(request: ActorRequest, pk: Id, payload: HardshipCloseIn):  # type: ignore[no-untyped-def]
    file = queries.hardship_file_get(actor=request.actor, pk=pk)
    services.hardship_file_close(
        actor=request.actor, file=file, reason=payload.reason, on=payload.on
    )
    return queries.hardship_file_get(actor=request.actor, pk=pk)


@router.get(
    "/hardship-thresholds", response=list[ThresholdsOut], operation_id="hardship_thresholds_list"
)
@paginate(Pagination)
def thresholds_list(request: ActorRequest):  # type: ignore[no-untyped-def]
    return queries.thresholds_list(actor=request.actor)


@router.post(
    "/hardship-thresholds", response={201: ThresholdsOut}, operation_id="hardship_thresholds_set"
)
def thresholds_set(request: ActorRequest, payload: ThresholdsIn):  # type: ignore[no-untyped-def]
    school = orgs_queries.node_get(actor=request.actor, pk=payload.school_id)
    row = services.hardship_thresholds_set(
        actor=request.actor,
        school=school,
        effective_from=payload.effective_from,
        minimum_living_monthly_fen=payload.minimum_living_monthly_fen,
        relative_factor_percent=payload.relative_factor_percent,
        accident_income_percent=payload.accident_income_percent,
        valid_months=payload.valid_months,
    )
    return Status(201, row)


# Tuition waivers ---------------------------------------------------------------------------


@router.get("/waivers", response=list[WaiverOut], operation_id="tuition_waiver_list")
@paginate(Pagination)
def waiver_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    return queries.waiver_list(actor=request.actor, status=status[:16])


@router.get("/waivers/{pk}", response=WaiverOut, operation_id="tuition_waiver_get")
def waiver_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.waiver_get(actor=request.actor, pk=pk)


@router.post("/waivers", response={201: WaiverOut}, operation_id="tuition_waiver_request")
def waiver_request(request: ActorRequest, payload: WaiverIn):  # type: ignore[no-untyped-def]
    actor = request.actor
    person = members_queries.person_get(
        actor=actor, pk=payload.person_id, permission=P.MANAGE_WAIVER
    )
    child = _family(person, payload.child_id, "child")
    # child_id is required, so _family() found the child or raised.
    waiver = services.tuition_waiver_request(
        actor=actor,
        person=person,
        child=cast(FamilyMember, child),
        school_year=payload.school_year,
        note=payload.note,
    )
    return Status(201, queries.waiver_get(actor=actor, pk=waiver.pk))


@router.post("/waivers/{pk}/submit", response=WaiverOut, operation_id="tuition_waiver_submit")
def waiver_submit(request: ActorRequest, pk: Id, payload: OnIn):  # type: ignore[no-untyped-def]
    waiver = queries.waiver_get(actor=request.actor, pk=pk)
    services.tuition_waiver_submit(actor=request.actor, waiver=waiver, on=payload.on)
    return queries.waiver_get(actor=request.actor, pk=pk)


@router.post("/waivers/{pk}/decide", response=WaiverOut, operation_id="tuition_waiver_decide")
def waiver_decide(request: ActorRequest, pk: Id, payload: WaiverDecisionIn):  # type: ignore[no-untyped-def]
    waiver = queries.waiver_get(actor=request.actor, pk=pk)
    services.tuition_waiver_decide(
        actor=request.actor,
        waiver=waiver,
        granted=payload.granted,
        amount_waived_fen=payload.amount_waived_fen,
        school_note=payload.school_note,
        on=payload.on,
    )
    return queries.waiver_get(actor=request.actor, pk=pk)
