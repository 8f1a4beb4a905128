"""Audit event kinds of activities, sign-ups, lotteries and check-in."""

from django.utils.translation import gettext_lazy as _

ACTIVITY_CREATED = "activity.created"
ACTIVITY_UPDATED = "activity.updated"
ACTIVITY_PUBLISHED = "activity.published"
ACTIVITY_CANCELLED = "activity.cancelled"
ACTIVITY_CLOSED = "activity.closed"
ACTIVITY_SLOT_ADDED = "activity_slot.added"
ACTIVITY_SLOT_REMOVED = "activity_slot.removed"
BRANCH_QUOTAS_SET = "activity.branch_quotas_set"
ATTENDANCE_EXPORTED = "activity.attendance_exported"
SIGNUP_CREATED = "sign_up.created"
SIGNUP_CANCELLED = "sign_up.cancelled"
SIGNUP_APPROVED = "sign_up.approved"
SIGNUP_REJECTED = "sign_up.rejected"
SIGNUP_OFFERED = "sign_up.offered"
SIGNUP_PROMOTED = "sign_up.promoted"
SIGNUP_ACCEPTED = "sign_up.accepted"
SIGNUP_EXPIRED = "sign_up.expired"
SIGNUP_CHECKED_IN = "sign_up.checked_in"
SIGNUP_NO_SHOW = "sign_up.no_show"
LOTTERY_DRAWN = "lottery.drawn"
CALENDAR_FEED_CREATED = "calendar_feed.created"
CALENDAR_FEED_RESET = "calendar_feed.reset"
ACTIVITY_COST_POSTED = "activity_cost.posted"
ACTIVITY_COST_REVERSED = "activity_cost.reversed"

LABELS = {
    ACTIVITY_CREATED: _("Activity created"),
    ACTIVITY_UPDATED: _("Activity changed"),
    ACTIVITY_PUBLISHED: _("Activity published"),
    ACTIVITY_CANCELLED: _("Activity cancelled"),
    ACTIVITY_CLOSED: _("Activity closed"),
    ACTIVITY_SLOT_ADDED: _("Time slot added"),
    ACTIVITY_SLOT_REMOVED: _("Time slot removed"),
    BRANCH_QUOTAS_SET: _("Branch quotas set"),
    ATTENDANCE_EXPORTED: _("Attendance exported"),
    SIGNUP_CREATED: _("Signed up"),
    SIGNUP_CANCELLED: _("Sign-up cancelled"),
    SIGNUP_APPROVED: _("Sign-up approved"),
    SIGNUP_REJECTED: _("Sign-up rejected"),
    SIGNUP_OFFERED: _("Place offered from the waitlist"),
    SIGNUP_PROMOTED: _("Moved up from the waitlist"),
    SIGNUP_ACCEPTED: _("Offered place accepted"),
    SIGNUP_EXPIRED: _("Offered place expired"),
    SIGNUP_CHECKED_IN: _("Checked in"),
    SIGNUP_NO_SHOW: _("Marked as absent"),
    LOTTERY_DRAWN: _("Lottery drawn"),
    CALENDAR_FEED_CREATED: _("Calendar feed created"),
    CALENDAR_FEED_RESET: _("Calendar feed address reset"),
    ACTIVITY_COST_POSTED: _("Activity cost posted"),
    ACTIVITY_COST_REVERSED: _("Activity cost reversed"),
}
