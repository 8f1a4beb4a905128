"""Audit event kinds of clubs."""

from django.utils.translation import gettext_lazy as _

CLUB_CREATED = "club.created"
CLUB_UPDATED = "club.updated"
CLUB_ARCHIVED = "club.archived"
CLUB_LEADER_ADDED = "club_leader.added"
CLUB_LEADER_ENDED = "club_leader.ended"
CLUB_MEMBER_JOINED = "club_membership.joined"
CLUB_MEMBER_LEFT = "club_membership.left"
CLUB_BUDGET_SET = "club_budget.set"
CLUB_SERIES_CREATED = "club_session_series.created"
CLUB_EXPENSE_POSTED = "club_expense.posted"
CLUB_EXPENSE_REVERSED = "club_expense.reversed"
CLUB_EXPORTED = "club.exported"

LABELS = {
    CLUB_CREATED: _("Club created"),
    CLUB_UPDATED: _("Club changed"),
    CLUB_ARCHIVED: _("Club archived"),
    CLUB_LEADER_ADDED: _("Club leader added"),
    CLUB_LEADER_ENDED: _("Club leader stepped down"),
    CLUB_MEMBER_JOINED: _("Joined the club"),
    CLUB_MEMBER_LEFT: _("Left the club"),
    CLUB_BUDGET_SET: _("Club budget set"),
    CLUB_SERIES_CREATED: _("Weekly sessions planned"),
    CLUB_EXPENSE_POSTED: _("Club expense posted"),
    CLUB_EXPENSE_REVERSED: _("Club expense reversed"),
    CLUB_EXPORTED: _("Club list exported"),
}
