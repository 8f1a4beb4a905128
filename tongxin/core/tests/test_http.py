"""``core.http.ActorRequest`` names the actor and user classes for the type checker only: the
kernel sits below ``orgs`` and ``accounts`` and must not import them at run time."""

import ast
from pathlib import Path

from django.http import HttpRequest

from tongxin.core import http


def _runtime_imports(source: str) -> list[str]:
    """Modules imported at the top level (not under ``if TYPE_CHECKING:``)."""
    modules = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
        elif isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
    return modules


def test_imports_no_tongxin_app_at_run_time():
    modules = _runtime_imports(Path(http.__file__).read_text(encoding="utf-8"))
    assert "django.http" in modules
    assert [module for module in modules if module.startswith("tongxin")] == []


def test_is_a_request_with_the_middleware_attributes_declared():
    assert issubclass(http.ActorRequest, HttpRequest)
    assert set(http.ActorRequest.__annotations__) == {"actor", "user"}
