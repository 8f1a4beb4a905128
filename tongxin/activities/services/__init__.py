"""Every change to activities, sign-ups, lotteries and check-in.

The functions live in sub-modules by sub-domain and are re-exported here, so callers write
``from tongxin.activities import services`` and ``services.activity_sign_up(...)``. Other apps
(clubs, quizzes, submission calls, tournaments) build on these: a club session is an activity
of kind ``club_session``; a quiz or a submission call points at an activity and signs people up
through ``activity_sign_up``.
"""

from ..draw import lottery_replay
from .activities import (
    activity_cancel,
    activity_close,
    activity_create,
    activity_publish,
    activity_update,
)
from .calendar import calendar_feed_reset
from .checkin import CheckIn, activity_self_check_in, signup_check_in
from .costs import activity_cost_post, activity_cost_reverse
from .export import activity_attendance_export
from .lottery import activity_draw_due_lotteries, activity_draw_lottery
from .scheduled import activity_expire_offers, activity_send_reminders
from .setup import activity_branch_quotas_set, activity_slot_add, activity_slot_remove
from .signups import (
    activity_register_outsider,
    activity_sign_up,
    signup_cancel,
    signup_decide,
)
from .waitlist import signup_accept_offer

__all__ = [
    "CheckIn",
    "activity_attendance_export",
    "activity_branch_quotas_set",
    "activity_cancel",
    "activity_close",
    "activity_cost_post",
    "activity_cost_reverse",
    "activity_create",
    "activity_draw_due_lotteries",
    "activity_draw_lottery",
    "activity_expire_offers",
    "activity_publish",
    "activity_register_outsider",
    "activity_self_check_in",
    "activity_send_reminders",
    "activity_sign_up",
    "activity_slot_add",
    "activity_slot_remove",
    "activity_update",
    "calendar_feed_reset",
    "lottery_replay",
    "signup_accept_offer",
    "signup_cancel",
    "signup_check_in",
    "signup_decide",
]
