"""Roster import: upload a spreadsheet, preview what it would change, then apply it atomically.

The preview (``roster_import_plan``) writes nothing but the stored job; applying
(``roster_import_apply``) re-reads the stored file and plans again inside the transaction,
under lock, so what is written is what the data says at that moment. If that differs from the
preview the user saw, the preview is refreshed and the apply refused (``import_stale``).
"""

import base64
import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongxin.core import audit
from tongxin.core.errors import Conflict, DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import RosterImportStatus
from ..errors import MembersErrorCode
from ..models import RosterImport
from ..permissions import MembersPermission
from ..roster.apply import apply_plan
from ..roster.parse import parse_roster
from ..roster.plan import ERROR, Plan, RowPlan, plan_roster
from ..roster.state import load_state

P = MembersPermission
S = RosterImportStatus
PREVIEW_KEEP = dt.timedelta(days=7)


def _row_json(row: RowPlan) -> dict[str, Any]:
    return {
        "row": row.number,
        "status": row.status,
        "staff_number": row.staff_number,
        "name": row.name,
        "changes": row.shown if row.status != ERROR else [],
        "steps": [
            {
                "kind": step.kind,
                "on": step.on.isoformat(),
                "to": step.node.name if step.node else "",
                "from": step.from_node.name if step.from_node else "",
            }
            for step in row.steps
        ]
        if row.status != ERROR
        else [],
        "errors": row.errors,
        "warnings": row.warnings,
    }


def _store_plan(job: RosterImport, plan: Plan) -> None:
    job.rows = [_row_json(row) for row in plan.rows]
    job.summary = {**plan.counts(), "columns": plan.columns}
    job.fingerprint = plan.fingerprint()


def _expire_old_previews(school: OrgNode) -> None:
    """Erase stored files of previews nobody applied within ``PREVIEW_KEEP`` (PIPL art. 47)."""
    RosterImport.objects.filter(
        school=school, status=S.PLANNED, created_at__lt=timezone.now() - PREVIEW_KEEP
    ).update(status=S.EXPIRED, file_content="", rows=[], updated_at=timezone.now())


def roster_import_plan(
    *,
    actor: Actor,
    school_node: OrgNode,
    filename: str,
    content: bytes,
    effective_on: dt.date | None = None,
) -> RosterImport:
    """Read a roster file and store its preview: per row create / update / unchanged / error.

    Needs ``members.import_roster`` on the school union. ``effective_on`` (default today, not
    in the future) dates the transfers and status changes the file implies. A file that
    cannot be read raises ``import_invalid_file`` and stores nothing.
    """
    access.require_at(actor, P.IMPORT_ROSTER, school_node)
    if school_node.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(
            _("A roster is imported into a school union."),
            code=MembersErrorCode.NODE_NOT_IN_SCHOOL,
            field="school",
        )
    today = timezone.localdate()
    effective_on = effective_on or today
    if effective_on > today:
        raise ValidationFailed(
            _("The date of the changes cannot be in the future."),
            code=MembersErrorCode.INVALID_DATE,
            field="effective_on",
        )
    parsed = parse_roster(filename, content)
    # Planned outside the transaction: a preview takes no write lock while it reads; the
    # apply plans again under lock.
    plan = plan_roster(parsed, load_state(school_node, lock=False), effective_on=effective_on)
    with transaction.atomic(durable=True):
        _expire_old_previews(school_node)
        job = RosterImport(
            school=school_node,
            filename=filename[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
            file_content=base64.b64encode(content).decode("ascii"),
            uploaded_by_id=actor.user_id,
            uploaded_by_label=actor.label[:120],
            effective_on=effective_on,
        )
        _store_plan(job, plan)
        job.save(force_insert=True)
    return job


def _check_plannable(job: RosterImport) -> RosterImport:
    if job.status == S.APPLIED:
        raise Conflict(
            _("This import has already been applied."), code=MembersErrorCode.IMPORT_ALREADY_APPLIED
        )
    if job.status != S.PLANNED or job.created_at < timezone.now() - PREVIEW_KEEP:
        raise Conflict(
            _("This preview can no longer be applied; upload the file again."),
            code=MembersErrorCode.IMPORT_STALE,
        )
    return job


def roster_import_apply(
    *, actor: Actor, roster_import: RosterImport, skip_invalid: bool = False
) -> RosterImport:
    """Apply a previewed import in one transaction: all rows or none.

    Refused with ``import_has_errors`` while rows have errors, unless ``skip_invalid`` (then
    those rows are left out and listed in the audit). If the data changed since the preview,
    the preview is refreshed and the apply refused with ``import_stale``. Re-applying the same
    file changes nothing: every row is unchanged. Audit: ``roster.imported`` with the counts;
    each person and membership change is audited as the single-person services do.
    """
    access.require(actor, P.IMPORT_ROSTER, roster_import)
    # The stored preview rows are not read here: they are rewritten, never compared.
    stored = _check_plannable(RosterImport.objects.defer("rows").get(pk=roster_import.pk))
    # The stored file never changes, so it is read before the transaction takes its locks.
    parsed = parse_roster(stored.filename, base64.b64decode(stored.file_content))
    stale = False
    try:
        with transaction.atomic(durable=True):
            locked = (
                RosterImport.objects.select_for_update()
                .select_related("school")
                .defer("file_content", "rows")
            )
            job = _check_plannable(locked.get(pk=roster_import.pk))
            state = load_state(job.school, lock=True)
            plan = plan_roster(parsed, state, effective_on=job.effective_on)
            if plan.fingerprint() != job.fingerprint:
                _store_plan(job, plan)
                job.save(update_fields=["rows", "summary", "fingerprint", "updated_at"])
                stale = True
            else:
                _apply(job, plan, actor=actor, skip_invalid=skip_invalid)
    except _ApplyFailed as failed:
        _record_failure(roster_import, failed.error)
        raise failed.error from None
    if stale:
        raise Conflict(
            _(
                "The people changed since this preview; it has been refreshed. "
                "Check it and apply again."
            ),
            code=MembersErrorCode.IMPORT_STALE,
        )
    roster_import.refresh_from_db()
    return roster_import


class _ApplyFailed(Exception):
    """A rule refused a write half-way; the transaction is rolled back and the job failed."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


def _apply(job: RosterImport, plan: Plan, *, actor: Actor, skip_invalid: bool) -> None:
    counts = plan.counts()
    error_rows = [row.number for row in plan.rows if row.status == ERROR]
    if error_rows and not skip_invalid:
        raise ValidationFailed(
            ngettext(
                "%(count)d row has errors; fix the file or choose to skip it.",
                "%(count)d rows have errors; fix the file or choose to skip them.",
                len(error_rows),
            )
            % {"count": len(error_rows)},
            code=MembersErrorCode.IMPORT_HAS_ERRORS,
            extra={"error_rows": error_rows[:100]},
        )
    note = _("Roster import %(file)s") % {"file": job.filename}
    try:
        written = apply_plan(plan, actor=actor, note=note[:200])
    except DomainError as error:
        raise _ApplyFailed(error) from error
    now = timezone.now()
    job.status, job.skip_invalid, job.applied_at = S.APPLIED, skip_invalid, now
    job.applied_by_id = actor.user_id
    job.file_content = ""
    job.summary = {**job.summary, "applied": written}
    job.save(
        update_fields=[
            "status",
            "skip_invalid",
            "applied_at",
            "applied_by",
            "file_content",
            "summary",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        event=events.ROSTER_IMPORTED,
        target=job,
        changes={
            "filename": job.filename,
            "sha256": job.sha256,
            **{key: counts[key] for key in counts if key != "columns"},
            "skip_invalid": skip_invalid,
            "skipped_error_rows": error_rows,
        },
        node_path=job.school.path,
    )


def _record_failure(job: RosterImport, error: DomainError) -> None:
    """Mark the job failed after its transaction rolled back; its stored file is erased."""
    with transaction.atomic(durable=True):
        RosterImport.objects.filter(pk=job.pk, status=S.PLANNED).update(
            status=S.FAILED,
            file_content="",
            summary={**job.summary, "failure": error.as_dict()},
            updated_at=timezone.now(),
        )
