"""Every number a client can send where a whole class of server errors once hid is bounded in
the schema the server validates with: list offsets, amounts in fen and years.

The bounds come from the kernel (``core.schemas.Pagination``, ``Fen``, ``Year``/``YearIn``),
so a new endpoint that forgets them fails here, not in production with a 500.
"""

from collections.abc import Iterator
from typing import Any

from tongxin.api import api
from tongxin.core.money import MAX_FEN
from tongxin.core.schemas import MAX_OFFSET
from tongxin.core.years import MAX_YEAR, MIN_YEAR

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]


def _deref(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _variants(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The non-null alternatives of a property (``int | None`` is ``anyOf``)."""
    schema = _deref(schema)
    alternatives = schema.get("anyOf") or schema.get("oneOf") or [schema]
    for alternative in alternatives:
        alternative = _deref(alternative)
        if alternative.get("type") != "null":
            yield alternative


def _properties(
    schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, name, schema) of every property of a body, nested objects and lists included."""
    for variant in _variants(schema):
        for name, prop in variant.get("properties", {}).items():
            for inner in _variants(prop):
                yield where, name, inner
                items = inner.get("items")
                nested = [inner] + ([items] if items else [])
                for candidate in nested:
                    ref = candidate.get("$ref", "")
                    if ref and ref not in seen:
                        yield from _properties(candidate, f"{where}.{name}", seen | {ref})
                    elif candidate is not inner and candidate.get("properties"):
                        yield from _properties(candidate, f"{where}.{name}", seen)


def _inputs() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(operation, name, schema) of every query/path parameter and body property."""
    for path, item in SCHEMA["paths"].items():
        for method, operation in item.items():
            here = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                for variant in _variants(parameter["schema"]):
                    yield here, parameter["name"], variant
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield from _properties(content["schema"], here)


INPUTS = list(_inputs())


def _is_integer(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "integer"


def test_every_list_offset_is_bounded() -> None:
    # given the offsets of every paged list
    offsets = [(op, s) for op, name, s in INPUTS if name == "offset"]
    # then each has the kernel paginator's bounds
    assert offsets
    unbounded = [op for op, s in offsets if not 0 <= s.get("maximum", MAX_OFFSET + 1) <= MAX_OFFSET]
    assert not unbounded, unbounded


def test_every_amount_in_fen_is_bounded() -> None:
    # given every number sent as an amount in fen
    amounts = [(op, name, s) for op, name, s in INPUTS if name.endswith("_fen") and _is_integer(s)]
    # then each lies within what a 64-bit fen column and its sums hold
    assert amounts
    unbounded = [
        (op, name)
        for op, name, s in amounts
        if not (
            s.get("minimum", -MAX_FEN - 1) >= -MAX_FEN and s.get("maximum", MAX_FEN + 1) <= MAX_FEN
        )
    ]
    assert not unbounded, unbounded


def test_every_year_is_bounded() -> None:
    # given every number sent as a year
    years = [
        (op, name, s)
        for op, name, s in INPUTS
        if (name == "year" or name.endswith("_year")) and _is_integer(s)
    ]
    # then each lies between the kernel's first and last year
    assert years
    unbounded = [
        (op, name)
        for op, name, s in years
        if not (s.get("minimum", 0) >= MIN_YEAR and s.get("maximum", 10**9) <= MAX_YEAR)
    ]
    assert not unbounded, unbounded
