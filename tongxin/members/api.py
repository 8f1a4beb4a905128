"""People, families and memberships over HTTP; the same services and queries as the pages."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from . import queries
from .schemas import PersonOut

router = Router(tags=["members"])


@router.get("/people", response=list[PersonOut], operation_id="person_list")
@paginate(LimitOffsetPagination)
def person_list(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    node_id: int | None = None,
    membership_status: str = "",
    gender: str = "",
    q: str = "",
):
    filters = queries.PersonFilters(
        node_id=node_id, membership_status=membership_status, gender=gender, q=q
    )
    return queries.person_list(actor=request.actor, filters=filters)


@router.get("/people/{pk}", response=PersonOut, operation_id="person_get")
def person_get(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.person_get(actor=request.actor, pk=pk)
