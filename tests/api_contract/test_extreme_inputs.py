"""Every operation of the OpenAPI document, fed extreme values one input at a time: no 5xx.

Schemathesis (``test_openapi_contract.py``) draws values that fit the documented schema; the
server errors found by hand lay beyond it: a huge offset, a year of 0 or 10000, a yuan amount of
1e30, a non-ASCII code, NUL. Here each operation gets a plausible request built from its
document (ids aimed at rows that exist, so the services' own rules run), then each input in
turn is replaced by extreme values: huge and negative numbers, years 0 and 10000, long
non-ASCII text, NUL, impossible dates. Every answer must be below 500, and every 4xx in the one
error shape. One test walks all operations so the cast is built once: the whole document runs
in well under a minute of CPU.
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tongxin.accounts import services as accounts
from tongxin.api import api
from tongxin.testing.personas import Cast

from .test_openapi_contract import _FIELD_KINDS, _PATH_KINDS, known_ids  # noqa: F401

DOCUMENT = api.get_openapi_schema()
COMPONENTS = DOCUMENT["components"]["schemas"]
HUGE = 10**30
LONG_TEXT = "\u540c\u5fc3" * 3000  # 6,000 CJK characters: longer than any column
EXTREME_INTEGERS = (HUGE, -HUGE, 2**63)
EXTREME_YEARS = (0, 10000)
EXTREME_TEXT = ("a\x00b", LONG_TEXT, "1e30", '=HYPERLINK("x")', "\u00e9\u00e8" * 40)
EXTREME_DATES = ("0001-01-01", "9999-12-31", "10000-01-01")
# Operations whose body is a file upload or that log the caller out are fed elsewhere.
SKIPPED = {"api_token_revoke_own"}


def _deref(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    alternatives = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return _deref(alternatives[0]) if alternatives else schema


def _sample(schema: dict[str, Any], name: str, known: dict[str, list[int]]) -> Any:
    """A plausible value for one input: a known row's id, the first choice, a real date."""
    schema = _deref(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "integer":
        if name in _FIELD_KINDS:
            return known[_FIELD_KINDS[name]][0]
        if "year" in name:
            return 2021
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {
            key: _sample(prop, key, known)
            for key, prop in schema.get("properties", {}).items()
            if key in schema.get("required", [])
        }
    if schema.get("format") == "date":
        return "2021-03-01"
    if schema.get("format") == "date-time":
        return "2021-03-01T09:00:00+08:00"
    return "x" * max(schema.get("minLength", 1), 1)


def _extremes(schema: dict[str, Any], name: str) -> tuple[Any, ...]:
    schema = _deref(schema)
    kind = schema.get("type")
    if kind == "integer":
        return EXTREME_INTEGERS + (EXTREME_YEARS if "year" in name else ())
    if kind == "number":
        return (1e308, -1e308)
    if schema.get("format") in ("date", "date-time"):
        return EXTREME_DATES
    if kind == "string":
        return EXTREME_TEXT
    return ()


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if operation["operationId"] not in SKIPPED:
                yield method, path, operation


def _json_body(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return _deref(schema) if schema else None


def _send(client: Client, key: str, method: str, path: str, query: dict, body: Any) -> Any:
    headers = {"Authorization": f"Bearer {key}"}
    if method == "get":
        return client.get(path, query, headers=headers)
    url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    send = getattr(client, method)
    data = json.dumps(body) if body is not None else ""
    return send(url, data, content_type="application/json", headers=headers)


def _check(response: Any, where: str, problems: list[str]) -> None:
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code} {response.content[:200]!r}")
    elif response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        body = response.json()
        if not (isinstance(body, dict) and {"code", "message", "field"} <= set(body)):
            problems.append(f"{where}: error shape {body!r}")


@pytest.mark.django_db
def test_no_operation_fails_on_extreme_values(
    cast: Cast,
    known_ids: dict[str, list[int]],  # noqa: F811 - the contract test's fixture
) -> None:
    # given the office's key and a plausible request for every operation
    _token, key = accounts.api_token_create(actor=cast.actor("office_admin"), name="extremes")
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    sent = 0
    for method, path, operation in _operations():
        kind = next((k for prefix, k in _PATH_KINDS if prefix in path), None)
        pk = known_ids[kind][0] if kind else 1
        parameters = operation.get("parameters", [])
        path_values = {
            p["name"]: (pk if p["name"] == "pk" else _sample(p["schema"], p["name"], known_ids))
            for p in parameters
            if p["in"] == "path"
        }
        query = {
            p["name"]: _sample(p["schema"], p["name"], known_ids)
            for p in parameters
            if p["in"] == "query" and p.get("required")
        }
        body_schema = _json_body(operation)
        body = _sample(body_schema, "", known_ids) if body_schema else None
        inputs = [("query", p["name"], p["schema"]) for p in parameters if p["in"] == "query"]
        inputs += [("path", p["name"], p["schema"]) for p in parameters if p["in"] == "path"]
        if body_schema:
            inputs += [("body", k, s) for k, s in body_schema.get("properties", {}).items()]
        # when each input in turn carries each extreme value
        for where, name, schema in inputs:
            for value in _extremes(schema, name):
                values, params, payload = dict(path_values), dict(query), body
                if where == "path":
                    values[name] = value
                elif where == "query":
                    params[name] = value
                else:
                    payload = {**(body or {}), name: value}
                url = "/api/v1" + path.removeprefix("/api/v1")
                for placeholder, filled in values.items():
                    url = url.replace("{" + placeholder + "}", str(filled).replace("\x00", "%00"))
                response = _send(client, key, method, url, params, payload)
                sent += 1
                # then the server answers the client, never with a server error
                _check(response, f"{method.upper()} {path} {where}.{name}={value!r:.40}", problems)
    print(f"{sent} requests with extreme values")  # noqa: T201 - shown with -s
    assert sent > 1000
    assert not problems, "\n".join(problems[:40])
