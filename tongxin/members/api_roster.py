"""Roster import and people export over HTTP: the same services as the pages.

``POST /roster-imports`` uploads a file and returns its preview (counts and the first rows,
errors first); ``GET /roster-imports/{id}/rows`` pages through all rows; ``POST
/roster-imports/{id}/apply`` applies it. Row errors are ``{code, message, field, column}``.
``GET /exports/people`` downloads the filtered people as .xlsx, ``GET /roster-template`` the
blank template.
"""

import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from tongxin.core.errors import Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.orgs import queries as orgs_queries

from . import queries, services
from .models import RosterImport
from .permissions import MembersPermission
from .roster import queries as roster_queries
from .roster.display import display_row
from .roster.parse import size_error
from .schemas_roster import RosterApplyIn, RosterImportOut, RosterRowOut
from .services import roster as roster_services
from .services.export import XLSX_TYPE, export_filename, template_filename

router = Router(tags=["roster"])
P = MembersPermission
FIRST_ROWS = 50


def _out(job: RosterImport) -> dict:
    columns = job.summary.get("columns", {})
    rows = roster_queries.roster_import_rows(job)[:FIRST_ROWS]
    return {
        **{
            name: getattr(job, name)
            for name in RosterImportOut.model_fields
            if name != "first_rows"
        },
        "first_rows": [display_row(row, columns) for row in rows],
    }


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.post("/roster-imports", response={201: RosterImportOut}, operation_id="roster_import_plan")
def roster_import_plan(  # type: ignore[no-untyped-def]
    request: ActorRequest,
    file: UploadedFile = File(...),  # noqa: B008 - ninja's way of declaring an upload
    effective_on: dt.date | None = Form(None),  # noqa: B008
):
    school = orgs_queries.school_for(actor=request.actor, permission=P.IMPORT_ROSTER)
    if school is None:
        raise Forbidden()
    if file.size is not None and file.size > settings.TONGXIN_IMPORT_MAX_BYTES:
        raise size_error(file.size)
    job = roster_services.roster_import_plan(
        actor=request.actor,
        school_node=school,
        filename=file.name or "",
        content=file.read(),
        effective_on=effective_on,
    )
    return Status(201, _out(job))


@router.get("/roster-imports/{pk}", response=RosterImportOut, operation_id="roster_import_get")
def roster_import_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return _out(roster_queries.roster_import_get(actor=request.actor, pk=pk))


@router.get(
    "/roster-imports/{pk}/rows", response=list[RosterRowOut], operation_id="roster_import_rows"
)
@paginate(Pagination)
def roster_import_rows(request: ActorRequest, pk: Id, status: str = ""):  # type: ignore[no-untyped-def]
    job = roster_queries.roster_import_get(actor=request.actor, pk=pk)
    columns = job.summary.get("columns", {})
    return [
        display_row(row, columns) for row in roster_queries.roster_import_rows(job, status=status)
    ]


@router.post(
    "/roster-imports/{pk}/apply", response=RosterImportOut, operation_id="roster_import_apply"
)
def roster_import_apply(request: ActorRequest, pk: Id, payload: RosterApplyIn):  # type: ignore[no-untyped-def]
    job = roster_queries.roster_import_get(actor=request.actor, pk=pk)
    job = roster_services.roster_import_apply(
        actor=request.actor, roster_import=job, skip_invalid=payload.skip_invalid
    )
    return _out(job)


class ExportQuery(Schema):
    node_id: Id | None = None
    membership_status: str = ""
    employment_status: str = ""
    gender: str = ""
    age_band: str = ""
    q: str = ""
    include_id_numbers: bool = False
    reason: str = ""


@router.get("/exports/people", operation_id="person_export_xlsx")
def person_export_xlsx(request: ActorRequest, params: Query[ExportQuery]):  # type: ignore[no-untyped-def]
    data = params.dict()
    include, reason = data.pop("include_id_numbers"), data.pop("reason")
    content = services.person_export_xlsx(
        actor=request.actor,
        filters=queries.PersonFilters(**data),
        include_id_numbers=include,
        reason=reason,
    )
    return _xlsx(content, export_filename())


@router.get("/roster-template", operation_id="roster_template_xlsx")
def roster_template_xlsx(request: ActorRequest):  # type: ignore[no-untyped-def]
    return _xlsx(services.roster_template_xlsx(actor=request.actor), template_filename())
