"""Bulk import of questions from an .xlsx sheet, with a dry run that saves nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..errors import QuizzesErrorCode
from ..importing import SheetRow, read_sheet
from ..models import Question, QuestionCategory
from ..permissions import QuizzesPermission

P = QuizzesPermission


@dataclass
class ImportReport:
    rows: list[SheetRow]
    new_categories: list[str]
    applied: bool
    created: int = 0

    @property
    def valid(self) -> int:
        return sum(1 for row in self.rows if row.ok)

    @property
    def invalid(self) -> int:
        return len(self.rows) - self.valid


def question_import(
    *, actor: Actor, node: OrgNode, content: bytes, apply: bool = False, skip_invalid: bool = False
) -> ImportReport:
    """Read a question sheet into ``node``'s bank.

    Dry run (``apply=False``): every row checked and reported, nothing saved. Apply: the
    valid rows are added, with the categories they name that do not exist yet; a sheet with
    invalid rows is refused whole unless ``skip_invalid``. Each question and new category is
    audited.
    """
    access.require_at(actor, P.MANAGE_BANK, node)
    rows = read_sheet(content)
    existing = {
        c.name: c for c in QuestionCategory.objects.filter(node=node).order_by("sort_order")
    }
    wanted = []
    for row in rows:
        if row.ok and row.category not in existing and row.category not in wanted:
            wanted.append(row.category)
    report = ImportReport(rows=rows, new_categories=wanted, applied=False)
    if not apply:
        return report
    if report.invalid and not skip_invalid:
        raise DomainError(
            _("%(count)d rows have problems; fix them or import only the valid rows.")
            % {"count": report.invalid},
            code=QuizzesErrorCode.IMPORT_HAS_ERRORS,
            field="file",
        )
    if not report.valid:
        raise DomainError(
            _("No row can be imported."), code=QuizzesErrorCode.IMPORT_HAS_ERRORS, field="file"
        )
    with transaction.atomic():
        start = len(existing)
        for offset, name in enumerate(wanted, start=1):
            category = QuestionCategory.objects.create(
                node=node, name=name[:60], sort_order=start + offset
            )
            existing[name] = category
            audit.record(
                actor=actor,
                event=events.CATEGORY_CREATED,
                target=category,
                changes={"name": category.name, "import": True},
                node_path=node.path,
            )
        questions = Question.objects.bulk_create(
            [
                Question(
                    node=node,
                    category=existing[row.category],
                    kind=row.data.kind,
                    stem=row.data.stem,
                    options=row.data.options,
                    answer=row.data.answer,
                    explanation=row.data.explanation,
                    points=row.data.points,
                )
                for row in rows
                if row.ok and row.data is not None
            ]
        )
        audit.record_many(
            actor=actor,
            event=events.QUESTIONS_IMPORTED,
            items=[(q, {"category": q.category_id, "kind": q.kind}, node.path) for q in questions],
        )
    report.applied, report.created = True, len(questions)
    return report
