"""Reads of the staff congress, scoped through ``orgs.access``; a fixed number of queries
per page or API list whatever the number of rows."""

import datetime as dt

from django.db.models import Q, QuerySet

from tongxin.orgs.models import OrgNode

from .choices import RepresentativeKind, TermStatus
from .models import CongressTerm, Representative


def seated_on_q(on: dt.date, prefix: str = "") -> Q:
    """Representatives seated on day ``on``: elected by then and not ended by then."""
    return Q(**{f"{prefix}elected_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


def term_current(*, school_node: OrgNode, on: dt.date) -> CongressTerm | None:
    """The term of ``school_node``'s congress covering day ``on`` (not closed), if any."""
    return (
        CongressTerm.objects.filter(school=school_node, starts_on__lte=on, ends_on__gte=on)
        .exclude(status=TermStatus.CLOSED)
        .select_related("school")
        .order_by("-number")
        .first()
    )


def representative_current(*, person_id: int, term: CongressTerm) -> Representative | None:
    """The person's open seat in ``term`` (any kind), or ``None``."""
    return (
        Representative.objects.filter(term=term, person_id=person_id, ended_on__isnull=True)
        .select_related("delegation__node", "person", "term__school")
        .first()
    )


def representatives_seated(
    *, term: CongressTerm, on: dt.date | None = None
) -> QuerySet[Representative]:
    """Formal representatives (with a vote) seated in ``term`` on day ``on`` (default: the open
    seats today)."""
    qs = Representative.objects.filter(term=term, kind=RepresentativeKind.FORMAL)
    qs = qs.filter(ended_on__isnull=True) if on is None else qs.filter(seated_on_q(on))
    return qs.select_related("person", "delegation")
