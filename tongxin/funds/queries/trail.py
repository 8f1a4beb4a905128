"""Reads of the tamper-evident trail: the latest check of each chain the actor may see."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import trail
from tongxin.core.models import TrailCheck
from tongxin.orgs.actor import Actor

from ..permissions import FundsPermission
from .common import fund_nodes

PROBLEM_LABELS = {
    trail.Problem.CHANGED: gettext_lazy("A row was changed after it was written."),
    trail.Problem.MISSING: gettext_lazy("A row is missing."),
    trail.Problem.UNCHAINED: gettext_lazy("A row was added outside the trail."),
    trail.Problem.HEAD: gettext_lazy("The last rows are missing."),
    trail.Problem.ANCHOR: gettext_lazy("The chain was rewritten since an earlier check."),
}


@dataclass
class ChainStatus:
    label: str
    check: TrailCheck | None

    @property
    def problem(self) -> str:
        if self.check is None or self.check.is_intact:
            return ""
        return str(PROBLEM_LABELS.get(self.check.problem, self.check.problem))


def trail_status(*, actor: Actor) -> list[ChainStatus]:
    """The ledger chain of each school the actor may see audit opinions of, and the audit
    chain of their tree, each with its latest check (or none yet). Three queries."""
    nodes = fund_nodes(actor=actor, permission=FundsPermission.VIEW_AUDIT_OPINION)
    schools = {node.school.pk: node.school for node in nodes if node.school is not None}
    roots = sorted({node.path[: trail.ROOT_SEGMENT] for node in nodes})
    from ..services.trail import chain_of

    wanted = {trail.AUDIT_PREFIX + root: _("Audit trail") for root in roots}
    if roots:
        wanted[trail.AUDIT_PREFIX] = _("Audit trail of the platform")
    for school_id, school in sorted(schools.items()):
        wanted[chain_of(school_id)] = _("Ledger of %(school)s") % {"school": school.name}
    checks = {check.chain: check for check in trail.latest_checks(chains=list(wanted))}
    return [ChainStatus(label=label, check=checks.get(chain)) for chain, label in wanted.items()]
