"""Audit event kinds of staff voice."""

from django.utils.translation import gettext_lazy as _

WISH_SUBMITTED = "wish.submitted"
WISH_UPDATED = "wish.updated"
WISH_WITHDRAWN = "wish.withdrawn"
WISH_ADOPTED = "wish.adopted"
WISH_FULFILLED = "wish.fulfilled"
WISH_DECLINED = "wish.declined"
WISHES_EXPORTED = "wish.exported"
ITEM_FILED = "voice_item.filed"
ITEM_WITHDRAWN = "voice_item.withdrawn"
ITEM_ACCEPTED = "voice_item.accepted"
ITEM_DECLINED = "voice_item.declined"
ITEM_ROUTED = "voice_item.routed"
ITEM_REPLIED = "voice_item.replied"
ITEM_RATED = "voice_item.rated"
ITEM_REOPENED = "voice_item.reopened"
ITEM_CLOSED = "voice_item.closed"
ITEMS_EXPORTED = "voice_item.exported"
VISIT_RECORDED = "grassroots_visit.recorded"
ITEM_RAISED_AT_VISIT = "voice_item.raised_at_visit"

LABELS = {
    WISH_SUBMITTED: _("Wish made"),
    WISH_UPDATED: _("Wish changed"),
    WISH_WITHDRAWN: _("Wish withdrawn"),
    WISH_ADOPTED: _("Wish adopted"),
    WISH_FULFILLED: _("Wish fulfilled"),
    WISH_DECLINED: _("Wish declined"),
    WISHES_EXPORTED: _("Wishes exported"),
    ITEM_FILED: _("Suggestion or request filed"),
    ITEM_WITHDRAWN: _("Suggestion or request withdrawn"),
    ITEM_ACCEPTED: _("Suggestion or request accepted"),
    ITEM_DECLINED: _("Suggestion or request declined"),
    ITEM_ROUTED: _("Passed to a department"),
    ITEM_REPLIED: _("Department replied"),
    ITEM_RATED: _("Reply rated"),
    ITEM_REOPENED: _("Suggestion or request reopened"),
    ITEM_CLOSED: _("Suggestion or request closed"),
    ITEMS_EXPORTED: _("Suggestions and requests exported"),
    VISIT_RECORDED: _("Grassroots visit recorded"),
    ITEM_RAISED_AT_VISIT: _("Raised at a grassroots visit"),
}
