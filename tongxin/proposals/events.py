"""Audit event kinds of proposals."""

from django.utils.translation import gettext_lazy as _

COLLECTION_CREATED = "proposal_collection.created"
COLLECTION_UPDATED = "proposal_collection.updated"
PROPOSAL_DRAFTED = "proposal.drafted"
PROPOSAL_UPDATED = "proposal.updated"
PROPOSAL_SENT_FOR_CO_SIGNING = "proposal.sent_for_co_signing"
PROPOSAL_CO_SIGNED = "proposal.co_signed"
PROPOSAL_SUBMITTED = "proposal.submitted"
PROPOSAL_WITHDRAWN = "proposal.withdrawn"
PROPOSAL_SENT_AS_SUGGESTION = "proposal.sent_as_suggestion"
PROPOSAL_ACCEPTED = "proposal.accepted"
PROPOSAL_MERGED = "proposal.merged"
PROPOSAL_CONVERTED = "proposal.converted"
PROPOSAL_REJECTED = "proposal.rejected"
PROPOSAL_DISPUTED = "proposal.disputed"
PROPOSAL_DISPUTE_DECIDED = "proposal.dispute_decided"
PROPOSAL_ASSIGNED = "proposal.assigned"
PROPOSAL_REPLIED = "proposal.replied"
PROPOSAL_RATED = "proposal.rated"
PROPOSAL_REOPENED = "proposal.reopened"
PROPOSAL_CLOSED = "proposal.closed"
PROPOSAL_MARKED_OUTSTANDING = "proposal.marked_outstanding"
PROPOSALS_OVERDUE_REMINDED = "proposal.overdue_reminded"

LABELS = {
    COLLECTION_CREATED: _("Proposal collection created"),
    COLLECTION_UPDATED: _("Proposal collection changed"),
    PROPOSAL_DRAFTED: _("Proposal drafted"),
    PROPOSAL_UPDATED: _("Proposal changed"),
    PROPOSAL_SENT_FOR_CO_SIGNING: _("Proposal sent for co-signing"),
    PROPOSAL_CO_SIGNED: _("Proposal co-signed"),
    PROPOSAL_SUBMITTED: _("Proposal submitted"),
    PROPOSAL_WITHDRAWN: _("Proposal withdrawn"),
    PROPOSAL_SENT_AS_SUGGESTION: _("Late proposal sent as a suggestion"),
    PROPOSAL_ACCEPTED: _("Proposal accepted"),
    PROPOSAL_MERGED: _("Proposal merged"),
    PROPOSAL_CONVERTED: _("Proposal converted to a suggestion"),
    PROPOSAL_REJECTED: _("Proposal not accepted"),
    PROPOSAL_DISPUTED: _("Review of the proposal disputed"),
    PROPOSAL_DISPUTE_DECIDED: _("Dispute over the proposal decided"),
    PROPOSAL_ASSIGNED: _("Proposal assigned to departments"),
    PROPOSAL_REPLIED: _("Reply to the proposal sent"),
    PROPOSAL_RATED: _("Reply to the proposal rated"),
    PROPOSAL_REOPENED: _("Proposal reopened"),
    PROPOSAL_CLOSED: _("Proposal closed"),
    PROPOSAL_MARKED_OUTSTANDING: _("Proposal marked outstanding"),
    PROPOSALS_OVERDUE_REMINDED: _("Overdue replies reminded"),
}
