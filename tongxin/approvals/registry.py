"""What domain apps tell the engine at start-up: their flows, and where each kind of subject
is decided (the URL name of their page).

The inbox lists every pending request; the decision itself happens on the domain page, whose
service calls ``approval_decide`` and then acts on the outcome (pays, joins, …). Every flow a
domain app opens requests in is registered here, so checks that must hold for all flows
(separation of duties) iterate this list and cover a new flow automatically.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.urls import reverse

from .choices import ConflictRoute


@dataclass(frozen=True)
class FlowSpec:
    """A flow's definition: code, name, ``(step name, permission)`` pairs and conflict routes."""

    code: str
    name: str
    steps: Sequence[tuple[str, str]]
    conflict_route: str = ConflictRoute.SAME_ROLE_OTHER_HOLDER
    step_routes: Mapping[int, str] = field(default_factory=dict)


_flows: dict[str, FlowSpec] = {}


def register_flow(spec: FlowSpec) -> None:
    _flows[spec.code] = spec


def flow_spec(code: str) -> FlowSpec:
    return _flows[code]


def registered_flows() -> list[FlowSpec]:
    return [_flows[code] for code in sorted(_flows)]


_subject_urls: dict[str, str] = {}


def register_subject_url(subject_type: str, url_name: str) -> None:
    """``subject_type`` is a model's ``label_lower``; the URL takes the subject's pk."""
    _subject_urls[subject_type] = url_name


def subject_url(subject_type: str, subject_id: str) -> str | None:
    url_name = _subject_urls.get(subject_type)
    return reverse(url_name, args=[subject_id]) if url_name else None
