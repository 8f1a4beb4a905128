"""The OpenAPI document describes what the server validates.

Ninja names a schema component after its class and keeps the last definition it meets, so two
apps' ``ExpenseIn`` once documented the funds expense endpoint with the clubs' body. These
tests fail on any two schema classes sharing a name, and on any operation whose documented
request body differs from the model its endpoint validates with.
"""

import json
from collections import defaultdict
from typing import Any

import pytest
from ninja import NinjaAPI, Router, Schema
from ninja.openapi.schema import REF_TEMPLATE, NinjaGenerateJsonSchema
from ninja.params.models import TModel
from pydantic import BaseModel

from tongxin.api import api
from tongxin.core.api import DuplicateSchemaName, TongxinAPI

BODY_SOURCES = ("body", "form", "file")
DOCUMENT = api.get_openapi_schema()


def _operations(ninja_api: NinjaAPI) -> list[Any]:
    return [
        operation
        for bound in ninja_api._get_bound_routers()
        for view in bound.path_operations.values()
        for operation in view.operations
        if operation.include_in_schema
    ]


def _documented(operation_id: str) -> dict[str, Any]:
    for item in DOCUMENT["paths"].values():
        for details in item.values():
            if details.get("operationId") == operation_id:
                return details
    raise AssertionError(f"{operation_id} is not documented")


def _resolve(node: Any, definitions: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """The schema with every ``$ref`` replaced by its definition (recursion cut by name)."""
    if isinstance(node, list):
        return [_resolve(item, definitions, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {"recursive": name}
        return _resolve(definitions[name], definitions, (*seen, name))
    return {key: _resolve(value, definitions, seen) for key, value in node.items()}


def _validated_body(models: list[TModel]) -> dict[str, Any]:
    """The body schema of one operation built from its own models alone."""
    schemas = []
    for model in models:
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE, by_alias=True, schema_generator=NinjaGenerateJsonSchema
        )
        definitions = schema.pop("$defs", {})
        schemas.append(_resolve(schema, definitions))
    if len(models) == 1 and models[0].__ninja_param_source__ == "body":
        (only,) = schemas[0]["properties"].values()
        return only
    return {name: prop for schema in schemas for name, prop in schema["properties"].items()}


def _documented_body(operation_id: str, multipart: bool) -> dict[str, Any]:
    (content,) = _documented(operation_id)["requestBody"]["content"].values()
    schema = _resolve(content["schema"], DOCUMENT["components"]["schemas"])
    return schema["properties"] if multipart else schema


def _body_models(operation: Any) -> list[TModel]:
    return [m for m in operation.models if m.__ninja_param_source__ in BODY_SOURCES]


OPERATIONS_WITH_BODIES = [op for op in _operations(api) if _body_models(op)]


def test_there_are_bodies_to_check() -> None:
    assert len(OPERATIONS_WITH_BODIES) > 50


@pytest.mark.parametrize("operation", OPERATIONS_WITH_BODIES, ids=lambda op: op.operation_id)
def test_documented_body_is_the_validated_body(operation: Any) -> None:
    # given the models the endpoint validates its body with
    models = _body_models(operation)
    multipart = not (len(models) == 1 and models[0].__ninja_param_source__ == "body")
    # then the document shows exactly that schema
    assert _documented_body(operation.operation_id, multipart) == _validated_body(models)


def _schema_classes(annotation: Any, found: dict[str, set[type]]) -> None:
    """Every pydantic model in ``annotation`` or reachable through its fields, by name."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        stack.extend(getattr(current, "__args__", ()))
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        if current in found[current.__name__]:
            continue
        found[current.__name__].add(current)
        stack.extend(field.annotation for field in current.model_fields.values())


def test_schema_names_are_unique() -> None:
    # given every schema class a documented operation takes or answers with
    found: dict[str, set[type]] = defaultdict(set)
    for operation in _operations(api):
        for model in operation.models:  # ninja's wrapper of the parameters: not documented
            for field in model.model_fields.values():
                _schema_classes(field.annotation, found)
        for response in operation.response_models.values():
            _schema_classes(response, found)
    # then no two classes of different shapes share a name (ninja makes one ``Paged<Item>``
    # class per paged list: the same shape under the same name is one schema)
    shared = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in found.items()
        if name != "NinjaResponseSchema"
        and len({json.dumps(c.model_json_schema(), sort_keys=True) for c in classes}) > 1
    }
    assert len(found) > 100
    assert not shared, shared


def test_the_kernel_refuses_two_schemas_of_one_name() -> None:
    # given two routers whose bodies are different classes of the same name
    first, second = Router(), Router()

    class ExpenseIn(Schema):
        amount_fen: int

    @first.post("/a", operation_id="a")
    def a(request: Any, payload: ExpenseIn) -> None:  # pragma: no cover - never called
        return None

    class ExpenseIn(Schema):  # type: ignore[no-redef]
        title: str

    @second.post("/b", operation_id="b")
    def b(request: Any, payload: ExpenseIn) -> None:  # pragma: no cover - never called
        return None

    tiny = TongxinAPI(urls_namespace="tiny")
    tiny.add_router("/first/", first)
    tiny.add_router("/second/", second)
    # then building its document fails with the name
    with pytest.raises(DuplicateSchemaName, match="ExpenseIn"):
        tiny.get_openapi_schema(path_prefix="")
