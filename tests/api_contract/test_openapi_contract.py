"""Every operation of the OpenAPI schema, driven by schemathesis against the app in-process.

The app runs through its real WSGI handler (middleware included) inside the test's database
transaction, authenticated as the union office. Ids in generated requests are mostly mapped
onto rows that exist, so the services' own rules run, not just "404". Asserted for every
response: no 5xx, the documented status codes and response schema, 4xx for invalid input,
and every 4xx in the one ``{code, message, field}`` shape.
"""

import datetime as dt
import re
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tongxin.accounts import services as accounts
from tongxin.approvals.models import ApprovalRequest
from tongxin.members import services as members
from tongxin.members.models import FamilyMember, MembershipApplication, Officer
from tongxin.orgs.models import OrgNode, RoleAssignment
from tongxin.testing.personas import SYSTEM, Cast
from tongxin.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Generated ids at or below this are mapped onto existing rows; larger ones stay, to probe 404.
_MAPPED_IDS = 1000
_PATH_KINDS = (
    ("/orgs/nodes/", "nodes"),
    ("/orgs/role-assignments/", "role_assignments"),
    ("/members/people/", "people"),
    ("/members/family-members/", "family_members"),
    ("/members/applications/", "applications"),
    ("/members/officers/", "officers"),
    ("/accounts/tokens/", "tokens"),
    ("/accounts/users/", "users"),
    ("/approvals/requests/", "approval_requests"),
)
_DATE_FIELDS = (
    "on",
    "month",
    "birth_on",
    "hire_on",
    "starts_on",
    "ends_on",
    "started_on",
    "ended_on",
)
_FIELD_KINDS = {
    "node_id": "nodes",
    "parent_id": "nodes",
    "to_node_id": "nodes",
    "person_id": "people",
    "user_id": "users",
}


def _error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx answers ``{code, message, field}`` (``extra`` optional) as JSON."""
    if not 400 <= response.status_code < 500:
        return None
    body = response.json()
    assert isinstance(body, dict), body
    assert {"code", "message", "field"} <= set(body) <= {"code", "message", "field", "extra"}, body
    assert re.fullmatch(r"[a-z][a-z_]*", body["code"]), body
    assert isinstance(body["message"], str), body
    assert body["message"], body
    assert body["field"] is None or isinstance(body["field"], str), body
    return True


@pytest.fixture
def wsgi_in_test_transaction() -> Any:
    """Django's test client does the same: keep the handler from closing the connection that
    holds the test's transaction at the start and end of every request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known_ids(cast: Cast) -> dict[str, list[int]]:
    """A little of everything, built through the services, and the ids to aim requests at."""
    member = cast.people["branch_a_member"]
    members.family_member_add(actor=SYSTEM, person=member, relation="child", name="Kid")
    members.membership_apply(actor=SYSTEM, person=cast.people["branch_a_non_member"])
    members.officer_appoint(
        actor=SYSTEM, node=cast.branch_a, person=member, position="committee_member"
    )
    members.dues_compute_month(actor=SYSTEM, node=cast.school, month=dt.date(2021, 3, 1))
    spare_token, _key = accounts.api_token_create(actor=cast.actor("office_admin"), name="spare")
    office_user = cast.users["office_admin"].pk
    return {
        "nodes": list(OrgNode.objects.values_list("pk", flat=True)),
        "role_assignments": list(
            RoleAssignment.objects.exclude(user_id=office_user).values_list("pk", flat=True)
        ),
        "people": [p.pk for p in cast.people.values()],
        "family_members": list(FamilyMember.objects.values_list("pk", flat=True)),
        "applications": list(MembershipApplication.objects.values_list("pk", flat=True)),
        "officers": list(Officer.objects.values_list("pk", flat=True)),
        "tokens": [spare_token.pk],
        # The caller's own account is left alone: resetting or deactivating it would only
        # lock the rest of the examples out.
        "users": [u.pk for name, u in cast.users.items() if name != "office_admin"],
        "approval_requests": list(ApprovalRequest.objects.values_list("pk", flat=True)),
    }


@pytest.fixture
def office_key(cast: Cast) -> str:
    """The union office's bearer key: it may call every operation in the school."""
    _token, key = accounts.api_token_create(actor=cast.actor("office_admin"), name="contract")
    return key


def _aim(value: Any, ids: list[int]) -> Any:
    """Map a small generated id (a number, or digits in a path) onto an existing row's id."""
    if isinstance(value, str) and value.isdigit() and 0 < int(value) <= _MAPPED_IDS and ids:
        return str(ids[int(value) % len(ids)])
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAPPED_IDS and ids:
        return ids[value % len(ids)]
    return value


def _plausible(value: Any, name: str) -> Any:
    """Pull a generated ISO date into 1990-2029 (a month field to its first day), so that
    the services' own date rules run rather than only the schema's range check."""
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    year, month, day = (int(part) for part in value.split("-"))
    if not (1 <= month <= 12 and 1 <= day <= 28):
        return value
    return dt.date(1990 + year % 40, month, 1 if name == "month" else day).isoformat()


def _aim_at_known_rows(case: Any, known: dict[str, list[int]]) -> None:
    if case.path_parameters and "pk" in case.path_parameters:
        # Resources without known rows keep the generated id: they still must answer 404 or
        # 400 in the error shape, never a 5xx.
        kind = next((k for prefix, k in _PATH_KINDS if prefix in case.path), None)
        if kind is not None:
            case.path_parameters["pk"] = _aim(case.path_parameters["pk"], known[kind])
    for container in (case.query, case.body):
        if isinstance(container, dict):
            for name, kind in _FIELD_KINDS.items():
                if name in container:
                    container[name] = _aim(container[name], known[kind])
            for name in _DATE_FIELDS:
                if name in container:
                    container[name] = _plausible(container[name], name)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_operation_honours_the_contract(
    case: Any, office_key: str, known_ids: dict[str, list[int]], wsgi_in_test_transaction: None
) -> None:
    # given
    _aim_at_known_rows(case, known_ids)
    # when
    response = case.call(headers={"Authorization": f"Bearer {office_key}"})
    # then
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
            _error_shape,
        ],
    )
