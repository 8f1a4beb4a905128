"""Audit event kinds of submission calls."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CALL_CREATED = "submission_call.created"
CALL_UPDATED = "submission_call.updated"
CALL_OPENED = "submission_call.opened"
CALL_JUDGING = "submission_call.judging"
CALL_PUBLISHED = "submission_call.published"
CALL_EXPORTED = "submission_call.exported"
JUDGE_APPOINTED = "submission_judge.appointed"
JUDGE_REMOVED = "submission_judge.removed"
PRIZE_LEVEL_ADDED = "submission_prize_level.added"
PRIZE_LEVEL_REMOVED = "submission_prize_level.removed"
WORK_SUBMITTED = "submission_work.submitted"
WORK_WITHDRAWN = "submission_work.withdrawn"
WORK_ACCEPTED = "submission_work.accepted"
WORK_REJECTED = "submission_work.rejected"
WORK_SCORED = "submission_work.scored"
WORK_AWARDED = "submission_work.awarded"
AWARD_REVOKED = "submission_work.award_revoked"

LABELS = {
    CALL_CREATED: _("Submission call created"),
    CALL_UPDATED: _("Submission call changed"),
    CALL_OPENED: _("Submission call opened"),
    CALL_JUDGING: _("Submission call closed for judging"),
    CALL_PUBLISHED: _("Submission call results published"),
    CALL_EXPORTED: _("Submission call results exported"),
    JUDGE_APPOINTED: _("Judge appointed"),
    JUDGE_REMOVED: _("Judge removed"),
    PRIZE_LEVEL_ADDED: _("Prize added"),
    PRIZE_LEVEL_REMOVED: _("Prize removed"),
    WORK_SUBMITTED: pgettext_lazy("event", "Work submitted"),
    WORK_WITHDRAWN: _("Work withdrawn"),
    WORK_ACCEPTED: _("Work accepted"),
    WORK_REJECTED: _("Work not accepted"),
    WORK_SCORED: _("Work scored"),
    WORK_AWARDED: _("Prize given"),
    AWARD_REVOKED: _("Prize revoked"),
}
