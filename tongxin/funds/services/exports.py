"""Exporting the funds reports as .xlsx; every export is logged."""

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events, exports
from ..permissions import FundsPermission
from ..queries.ledger import LedgerFilters, ledger_line_list
from ..queries.reports import budget_vs_actual, fund_settlement, income_expense_statement

REPORTS = ("statement", "budget", "settlement", "ledger")


def funds_report_export(
    *,
    actor: Actor,
    report: str,
    node: OrgNode,
    fiscal_year: int,
    filters: LedgerFilters | None = None,
) -> tuple[str, bytes]:
    """Build one report of ``node``'s subtree for ``fiscal_year`` as an .xlsx workbook.

    Needs ``funds.export_report`` on the node; the content is limited to what the actor may
    see, exactly as on the page. Records ``funds_report.exported``. Returns (file name, bytes).
    """
    access.require_at(actor, FundsPermission.EXPORT_REPORT, node)
    if report not in REPORTS:
        raise ValidationFailed(_("Unknown report."), field="report")
    if report == "statement":
        content = exports.statement_xlsx(
            income_expense_statement(actor=actor, node=node, fiscal_year=fiscal_year)
        )
    elif report == "budget":
        content = exports.budget_xlsx(
            budget_vs_actual(actor=actor, node=node, fiscal_year=fiscal_year)
        )
    elif report == "settlement":
        content = exports.settlement_xlsx(
            fund_settlement(actor=actor, node=node, fiscal_year=fiscal_year)
        )
    else:
        base = filters or LedgerFilters()
        scoped = LedgerFilters(
            **{**base.__dict__, "node": node, "fiscal_year": base.fiscal_year or fiscal_year}
        )
        content = exports.ledger_xlsx(
            ledger_line_list(actor=actor, filters=scoped).iterator(chunk_size=2000)
        )
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.REPORT_EXPORTED,
            target=node,
            changes={"report": report, "fiscal_year": fiscal_year},
            node_path=node.path,
        )
    return f"funds-{report}-{fiscal_year}-{node.pk}.xlsx", content
