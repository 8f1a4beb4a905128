"""The OpenAPI schema the code generates is the one committed in docs/openapi.json."""

import difflib
from pathlib import Path

import pytest

from tongxin.api import openapi_text

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_schema_matches_the_committed_snapshot() -> None:
    # given
    committed = SNAPSHOT.read_text(encoding="utf-8")
    # when
    generated = openapi_text()
    # then
    if generated != committed:
        diff = difflib.unified_diff(
            committed.splitlines(),
            generated.splitlines(),
            "docs/openapi.json (committed)",
            "generated from the code",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:120])
        pytest.fail(
            "The API schema differs from the snapshot in docs/openapi.json.\n"
            "If the change is intended, run `make openapi` and commit docs/openapi.json "
            "(clients read it); otherwise undo the change to the API.\n\n" + shown,
            pytrace=False,
        )
