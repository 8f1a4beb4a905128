# ruff: noqa: S101 - assertion helpers for tests
"""Calling the API in tests as a persona: a bearer token made through the accounts service."""

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tongxin.accounts import services as accounts
from tongxin.testing.personas import Cast

API = "/api/v1"


@dataclass
class ApiClient:
    """A Django test client that sends ``Authorization: Bearer …`` (none for anonymous)."""

    client: Client
    token: str | None = None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"{API}{path}", params or {}, headers=self._headers())

    def post(self, path: str, data: Any = None) -> Any:
        return self._send("post", path, data)

    def patch(self, path: str, data: Any = None) -> Any:
        return self._send("patch", path, data)

    def delete(self, path: str) -> Any:
        return self.client.delete(f"{API}{path}", headers=self._headers())

    def raw(self, method: str, path: str, body: str | bytes, **kwargs: Any) -> Any:
        """Send a body exactly as given (malformed JSON, odd content types)."""
        send = getattr(self.client, method)
        content_type = kwargs.pop("content_type", "application/json")
        return send(
            f"{API}{path}", body, content_type=content_type, headers=self._headers(), **kwargs
        )

    def _send(self, method: str, path: str, data: Any) -> Any:
        body = json.dumps({} if data is None else data)
        return self.raw(method, path, body)


def api_as(cast: Cast, persona: str) -> ApiClient:
    """An API client acting as ``persona`` (a cast name, or "anonymous")."""
    if persona == "anonymous":
        return ApiClient(Client())
    _token, key = accounts.api_token_create(actor=cast.actor(persona), name="tests")
    return ApiClient(Client(), key)


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> dict:
    """The response is the one error shape with this status, code and field."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) <= {"code", "message", "field", "extra"}, body
    assert (body["code"], body["field"]) == (code, field), body
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


def table_counts() -> dict[str, int]:
    """Rows per model of every Tongxin app (audit events included): the same before and after
    a refused call means the call wrote nothing."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("tongxin.")
    }


def query_count(client: ApiClient, path: str, params: dict[str, Any] | None = None) -> int:
    """How many database queries one successful GET of ``path`` runs."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return len(captured.captured_queries)
