"""Every change to staff voice: wishes, suggestions and requests, grassroots visits.

The functions live in sub-modules by entity and are re-exported here, so callers write
``from tongxin.voice import services`` and ``services.voice_item_file(...)``.
"""

from .exports import voice_item_export, wish_export
from .items import (
    department_owes_replies,
    voice_item_accept,
    voice_item_decline,
    voice_item_file,
    voice_item_file_within,
    voice_item_route,
    voice_item_withdraw,
)
from .replies import voice_item_close, voice_item_rate, voice_item_reply
from .visits import RaisedItem, grassroots_visit_record
from .wishes import wish_adopt, wish_decline, wish_fulfil, wish_submit, wish_update, wish_withdraw

__all__ = [
    "RaisedItem",
    "department_owes_replies",
    "grassroots_visit_record",
    "voice_item_accept",
    "voice_item_close",
    "voice_item_decline",
    "voice_item_export",
    "voice_item_file",
    "voice_item_file_within",
    "voice_item_rate",
    "voice_item_reply",
    "voice_item_route",
    "voice_item_withdraw",
    "wish_adopt",
    "wish_decline",
    "wish_export",
    "wish_fulfil",
    "wish_submit",
    "wish_update",
    "wish_withdraw",
]
