"""Exports of items and wishes for the union office: the rows the office may see, logged."""

from django.db import transaction
from django.db.models import Prefetch

from tongxin.core import audit
from tongxin.core.errors import Forbidden
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.actor import Actor

from .. import events
from ..models import VoiceReply
from ..permissions import VoicePermission
from ..queries import items as item_queries
from ..queries import wishes as wish_queries
from ..spreadsheets import items_workbook, wishes_workbook

P = VoicePermission


def voice_item_export(*, actor: Actor, filters: item_queries.ItemFilters) -> bytes:
    """An .xlsx of the office's items matching ``filters``, with their latest replies.

    Rule: the actor exports items of the one school where they hold ``export_item``. The
    export (who, how many, which filters) is audited: the file carries staff names.
    """
    school = orgs_queries.school_for(actor=actor, permission=P.EXPORT_ITEM)
    if school is None:
        raise Forbidden()
    qs = access.scope(
        item_queries.voice_item_office_list(actor=actor, filters=filters), actor, P.EXPORT_ITEM
    )
    items = list(
        qs.prefetch_related(Prefetch("replies", queryset=VoiceReply.objects.order_by("round")))
    )
    data = items_workbook(items)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.ITEMS_EXPORTED,
            target=school,
            changes={"count": len(items), "filters": {k: v for k, v in vars(filters).items() if v}},
            node_path=school.path,
        )
    return data


def wish_export(*, actor: Actor, year: int | None = None) -> bytes:
    """An .xlsx of the wishes of ``year`` (all years when empty) the office may see. Audited."""
    school = orgs_queries.school_for(actor=actor, permission=P.EXPORT_WISH)
    if school is None:
        raise Forbidden()
    wishes = list(
        access.scope(wish_queries.wish_list(actor=actor, year=year), actor, P.EXPORT_WISH)
    )
    data = wishes_workbook(wishes)
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.WISHES_EXPORTED,
            target=school,
            changes={"count": len(wishes), "year": year},
            node_path=school.path,
        )
    return data
