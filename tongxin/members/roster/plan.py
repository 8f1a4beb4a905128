"""The dry run: what importing each row would do, and every reason a row cannot be imported.

Each row becomes *create*, *update* (with the field changes and the membership steps),
*unchanged* or *error*. Field rules come from ``members.validation`` and membership rules from
the membership building blocks' own checks, so the plan predicts exactly what applying does.
Matching is by staff number within the school; a blank cell leaves the recorded value alone.
"""

import copy
import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.crypto import lookup_hash
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs.models import OrgNode

from ..choices import IN_UNION_STATUSES, EmploymentStatus, MembershipStatus
from ..errors import MembersErrorCode
from ..models import Person
from ..services.membership import check_join, check_period_close
from ..services.people import apply_person_fields
from ..validation import PERSON_FIELDS, clean_person_data
from .parse import ParsedFile, ParsedRow
from .state import SchoolState

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
STATUSES = (ERROR, CREATE, UPDATE, UNCHANGED)
JOIN, TRANSFER, RETIRE, DEATH, LEAVE = "join", "transfer", "retire", "death", "leave"
# The file's column for a person field, where the two differ.
COLUMN_OF = {"wage_base_fen": "wage_base"}
_COMPARED = tuple(name for name in PERSON_FIELDS if name != "id_number")

A = EmploymentStatus
# (recorded, in the file) → how the change is made; a pair not listed is refused.
EMPLOYMENT_STEPS: dict[tuple[str, str], tuple[str, str | None]] = {
    (A.ACTIVE, A.RETIRED): ("action", RETIRE),
    (A.ACTIVE, A.DECEASED): ("action", DEATH),
    (A.RETIRED, A.DECEASED): ("action", DEATH),
    (A.LEFT, A.DECEASED): ("action", DEATH),
    (A.ACTIVE, A.LEFT): ("field", LEAVE),  # leaving the school ends union membership here
    (A.LEFT, A.ACTIVE): ("field", None),  # re-hired
}


@dataclass
class Step:
    """One membership step of a row, done by the matching building block."""

    kind: str
    on: dt.date
    node: OrgNode | None = None
    from_node: OrgNode | None = None


@dataclass
class RowPlan:
    number: int
    staff_number: str
    name: str
    status: str = UNCHANGED
    person: Person | None = None  # the recorded person (None for a new one)
    target: Person | None = None  # the new person, or a copy of the recorded one with new values
    delta: dict[str, list[Any]] = field(default_factory=dict)  # field → [old, new], as audited
    shown: list[list[Any]] = field(default_factory=list)  # [field, old, new] for the preview
    steps: list[Step] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    def problem(self, error: DomainError, *, warning: bool = False) -> None:
        entry = {
            "field": COLUMN_OF.get(error.field or "", error.field or ""),
            "code": error.code,
            "message": error.message,
        }
        (self.warnings if warning else self.errors).append(entry)


@dataclass
class Plan:
    rows: list[RowPlan]
    columns: dict[str, str]
    skipped_empty: int

    def counts(self) -> dict[str, int]:
        statuses = Counter(row.status for row in self.rows)
        steps = Counter(step.kind for row in self.rows if row.status != ERROR for step in row.steps)
        return {
            "rows": len(self.rows),
            **{status: statuses.get(status, 0) for status in STATUSES},
            "skipped_empty": self.skipped_empty,
            **{f"{kind}s": steps.get(kind, 0) for kind in (JOIN, TRANSFER, RETIRE, DEATH, LEAVE)},
        }

    def fingerprint(self) -> str:
        """A digest of what applying would write, independent of the display language."""
        parts = [
            [
                row.number,
                row.status,
                row.person.pk if row.person else None,
                sorted((key, str(new)) for key, (_old, new) in row.delta.items()),
                (row.target.id_number_hash if row.target else ""),
                [(s.kind, s.on.isoformat(), s.node.pk if s.node else None) for s in row.steps],
                sorted((e["field"], e["code"]) for e in row.errors),
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _duplicates(rows: list[ParsedRow], name: str) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        value = str(row.values.get(name, "")).upper()
        if value:
            seen[value].append(row.number)
    return {value: numbers for value, numbers in seen.items() if len(numbers) > 1}


def plan_roster(parsed: ParsedFile, state: SchoolState, *, effective_on: dt.date) -> Plan:
    """Plan every row of ``parsed`` against ``state``; writes nothing."""
    planner = _Planner(state, effective_on, parsed)
    return Plan(
        rows=[planner.row(row) for row in parsed.rows],
        columns=parsed.columns,
        skipped_empty=parsed.skipped_empty,
    )


class _Planner:
    def __init__(self, state: SchoolState, effective_on: dt.date, parsed: ParsedFile) -> None:
        self.state = state
        self.effective_on = effective_on
        self.today = timezone.localdate()
        self.duplicate_staff = _duplicates(parsed.rows, "staff_number")
        self.duplicate_ids = _duplicates(parsed.rows, "id_number")

    def row(self, parsed: ParsedRow) -> RowPlan:
        values = parsed.values
        plan = RowPlan(
            number=parsed.number,
            staff_number=str(values.get("staff_number", "")),
            name=str(values.get("name", "")),
        )
        for problem in parsed.problems:
            plan.problem(problem)
        unreadable = {COLUMN_OF.get(p.field or "", p.field) for p in parsed.problems}
        data = {name: values[name] for name in PERSON_FIELDS if name in values}
        if "wage_base" in values:
            data["wage_base_fen"] = values["wage_base"]
        cleaned, problems = clean_person_data(data)
        for problem in problems:
            if COLUMN_OF.get(problem.field or "", problem.field) not in unreadable:
                plan.problem(problem)
        node = self._node(plan, values, unreadable)
        self._check_file_duplicates(plan, cleaned)
        person = self.state.people.get(cleaned.get("staff_number", ""))
        self._check_id_owner(plan, cleaned, person)
        joined_on = self._joined_on(plan, values, cleaned, person)
        if plan.errors or node is None:
            plan.status = ERROR
            return plan
        if person is None:
            self._create(plan, cleaned, node, joined_on)
        else:
            if not values.get("group") and person.node.path.startswith(node.path):
                node = person.node  # the file names the branch; the person's group stays
            self._update(plan, person, cleaned, node, joined_on)
        if plan.errors:
            plan.status = ERROR
        return plan

    def _node(self, plan: RowPlan, values: dict[str, Any], unreadable: set) -> OrgNode | None:
        branch = str(values.get("branch", ""))
        if not branch:
            if "branch" not in unreadable:
                plan.problem(ValidationFailed(_("This field is required."), field="branch"))
            return None
        try:
            return self.state.nodes.resolve(branch, str(values.get("group", "")))
        except ValidationFailed as problem:
            plan.problem(problem)
            return None

    def _check_file_duplicates(self, plan: RowPlan, cleaned: dict[str, Any]) -> None:
        numbers = self.duplicate_staff.get(str(cleaned.get("staff_number", "")).upper())
        if numbers:
            plan.problem(
                DomainError(
                    _("Staff number %(number)s appears more than once in the file (rows %(rows)s).")
                    % {"number": cleaned["staff_number"], "rows": ", ".join(map(str, numbers))},
                    code=MembersErrorCode.DUPLICATE_STAFF_NUMBER,
                    field="staff_number",
                )
            )
        numbers = self.duplicate_ids.get(str(cleaned.get("id_number", "")).upper())
        if numbers:
            plan.problem(
                DomainError(
                    _("This ID number appears more than once in the file (rows %(rows)s).")
                    % {"rows": ", ".join(map(str, numbers))},
                    code=MembersErrorCode.DUPLICATE_ID_NUMBER,
                    field="id_number",
                )
            )

    def _check_id_owner(
        self, plan: RowPlan, cleaned: dict[str, Any], person: Person | None
    ) -> None:
        if not cleaned.get("id_number"):
            return
        owner = self.state.id_owners.get(lookup_hash(cleaned["id_number"]))
        if owner is not None and (person is None or owner != person.pk):
            plan.problem(
                DomainError(
                    _("Another person (staff number %(number)s) already has this ID number.")
                    % {"number": self.state.staff_number_by_pk[owner]},
                    code=MembersErrorCode.DUPLICATE_ID_NUMBER,
                    field="id_number",
                )
            )

    def _joined_on(
        self,
        plan: RowPlan,
        values: dict[str, Any],
        cleaned: dict[str, Any],
        person: Person | None,
    ) -> dt.date | None:
        joined_on = values.get("joined_on")
        if joined_on is None:
            return None
        birth_on = cleaned.get("birth_on") or (person.birth_on if person else None)
        if joined_on > self.today:
            message = _("The date of joining cannot be in the future.")
        elif birth_on and joined_on <= birth_on:
            message = _("The date of joining is before the birth date.")
        else:
            return joined_on
        plan.problem(
            ValidationFailed(message, code=MembersErrorCode.INVALID_DATE, field="joined_on")
        )
        return None

    def _create(
        self, plan: RowPlan, cleaned: dict[str, Any], node: OrgNode, joined_on: dt.date | None
    ) -> None:
        person = Person(school_id=self.state.school.pk, node=node)
        apply_person_fields(person, cleaned)
        plan.status, plan.target = CREATE, person
        plan.shown = [[name, "", _shown(person, name)] for name in PERSON_FIELDS if name in cleaned]
        plan.shown.append(["branch", "", node.name])
        if joined_on is not None:
            try:
                check_join(person, on=joined_on, previous_end=None)
            except DomainError as error:
                error.field = "joined_on"
                plan.problem(error)
            else:
                plan.steps.append(Step(JOIN, joined_on, node))

    def _employment(self, plan: RowPlan, person: Person, wanted: str | None) -> Step | None:
        """Split an employment change into a plain field change or a membership step."""
        if wanted is None or wanted == person.employment_status:
            return None
        how = EMPLOYMENT_STEPS.get((person.employment_status, wanted))
        if how is None:
            plan.problem(
                DomainError(
                    _(
                        "The employment status cannot change from “%(old)s” to “%(new)s” by "
                        "import; record it on the person's page."
                    )
                    % {
                        "old": EmploymentStatus(person.employment_status).label,
                        "new": EmploymentStatus(wanted).label,
                    },
                    code=MembersErrorCode.NOT_ELIGIBLE,
                    field="employment_status",
                )
            )
            return None
        kind, step = how
        assert plan.target is not None  # noqa: S101 - set by the caller
        if kind == "field":
            plan.target.employment_status = wanted
            if step == LEAVE and person.membership_status not in IN_UNION_STATUSES:
                return None
        return Step(step, self.effective_on) if step else None

    def _update(
        self,
        plan: RowPlan,
        person: Person,
        cleaned: dict[str, Any],
        node: OrgNode,
        joined_on: dt.date | None,
    ) -> None:
        target = copy.copy(person)
        plan.person, plan.target = person, target
        wanted = cleaned.pop("employment_status", None)
        apply_person_fields(target, cleaned)
        closing = self._employment(plan, person, wanted)
        plan.delta = _delta(person, target)
        plan.shown = [[name, _shown(person, name), _shown(target, name)] for name in plan.delta]
        open_since = self.state.open_started.get(person.pk)
        joined = self._join_existing(plan, person, target, node, joined_on)
        if joined:
            open_since = joined_on
        elif node.pk != person.node_id:
            plan.steps.append(Step(TRANSFER, self.effective_on, node, person.node))
        if closing is not None:
            plan.steps.append(closing)
        for step in plan.steps:
            if step.kind != JOIN and open_since is not None:
                try:
                    check_period_close(open_since, step.on)
                except DomainError as error:
                    error.field = "branch" if step.kind == TRANSFER else "employment_status"
                    plan.problem(error)
        plan.status = UPDATE if plan.delta or plan.steps else UNCHANGED

    def _join_existing(
        self,
        plan: RowPlan,
        person: Person,
        target: Person,
        node: OrgNode,
        joined_on: dt.date | None,
    ) -> bool:
        if joined_on is None:
            return False
        if person.membership_status in (*IN_UNION_STATUSES, MembershipStatus.DECEASED):
            if person.joined_on and person.joined_on != joined_on:
                plan.problem(
                    DomainError(
                        _(
                            "Recorded as a member since %(recorded)s; the file says %(file)s. "
                            "The recorded date is kept."
                        )
                        % {"recorded": person.joined_on.isoformat(), "file": joined_on.isoformat()},
                        code="joined_on_differs",
                        field="joined_on",
                    ),
                    warning=True,
                )
            return False
        if person.membership_status == MembershipStatus.APPLICANT:
            plan.problem(
                DomainError(
                    _("%(name)s has an application waiting for a decision; decide it first.")
                    % {"name": person.name},
                    code=MembersErrorCode.ALREADY_APPLIED,
                    field="joined_on",
                )
            )
            return False
        try:
            check_join(target, on=joined_on, previous_end=self.state.previous_end.get(person.pk))
        except DomainError as error:
            error.field = "joined_on"
            plan.problem(error)
            return False
        plan.steps.append(Step(JOIN, joined_on, node, person.node))
        return True


def _delta(person: Person, target: Person) -> dict[str, list[Any]]:
    """The changed fields as ``person.updated`` audits them (ID numbers redacted)."""
    delta = {}
    for name in _COMPARED:
        old, new = getattr(person, name), getattr(target, name)
        if old != new:
            delta[name] = [_json(old), _json(new)]
    if person.id_number_hash != target.id_number_hash:
        delta["id_number"] = [
            audit.REDACTED if person.id_number_hash else "",
            audit.REDACTED if target.id_number_hash else "",
        ]
    return dict(sorted(delta.items()))


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _shown(person: Person, name: str) -> Any:
    """A value for the preview: never the clear ID number."""
    if name == "id_number":
        return person.id_number_masked
    return _json(getattr(person, name))
