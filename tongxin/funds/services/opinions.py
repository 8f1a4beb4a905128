"""Audit opinions: the audit committee's record on a node's funds for a year."""

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import AuditConclusion
from ..models import AuditOpinion
from ..permissions import FundsPermission
from .budgets import check_year
from .checks import check_text


def audit_opinion_add(
    *, actor: Actor, node: OrgNode, fiscal_year: int, conclusion: str, text: str
) -> AuditOpinion:
    """Record the audit committee's opinion on ``node``'s funds for ``fiscal_year``.

    Only the audit committee holds ``funds.add_audit_opinion``. Opinions are never edited;
    a later opinion on the same year stands beside the earlier one.
    """
    access.require_at(actor, FundsPermission.ADD_AUDIT_OPINION, node)
    fiscal_year = check_year(fiscal_year)
    if conclusion not in AuditConclusion.values:
        raise ValidationFailed(_("Choose a conclusion."), field="conclusion")
    text = check_text(
        text, field="text", message=_("Write the opinion."), limit=10000, single_line=False
    )
    with transaction.atomic(durable=True):
        opinion = AuditOpinion.objects.create(
            node=node,
            fiscal_year=fiscal_year,
            conclusion=conclusion,
            text=text,
            author_id=actor.user_id,
            author_label=actor.label[:120],
        )
        audit.record(
            actor=actor,
            event=events.AUDIT_OPINION_ADDED,
            target=opinion,
            changes={"fiscal_year": fiscal_year, "conclusion": conclusion},
            node_path=node.path,
        )
    return opinion
