"""Every change to proposals: collections, drafting and co-signing, review, replies, ratings.

The functions live in sub-modules by stage and are re-exported here, so callers write
``from tongxin.proposals import services`` and ``services.proposal_co_sign(...)``.
"""

from .collections import proposal_collection_create, proposal_collection_update
from .common import Upload
from .drafting import (
    proposal_co_sign,
    proposal_draft,
    proposal_send_as_suggestion,
    proposal_send_for_co_signing,
    proposal_update,
    proposal_withdraw,
)
from .handling import proposal_close, proposal_overdue_remind, proposal_rate, proposal_reply
from .review import (
    proposal_accept,
    proposal_assign,
    proposal_convert,
    proposal_dispute,
    proposal_dispute_decide,
    proposal_mark_outstanding,
    proposal_merge,
    proposal_reject,
)

__all__ = [
    "Upload",
    "proposal_accept",
    "proposal_assign",
    "proposal_close",
    "proposal_co_sign",
    "proposal_collection_create",
    "proposal_collection_update",
    "proposal_convert",
    "proposal_dispute",
    "proposal_dispute_decide",
    "proposal_draft",
    "proposal_mark_outstanding",
    "proposal_merge",
    "proposal_overdue_remind",
    "proposal_rate",
    "proposal_reject",
    "proposal_reply",
    "proposal_send_as_suggestion",
    "proposal_send_for_co_signing",
    "proposal_update",
    "proposal_withdraw",
]
