"""Audit event kinds of the staff congress. ``poll.voted`` records THAT a representative
voted (and on which channel), never what: the ballot itself is not referenced."""

from django.utils.translation import gettext_lazy as _

TERM_CREATED = "congress_term.created"
TERM_UPDATED = "congress_term.updated"
ROLL_CONFIRMED = "congress_term.roll_confirmed"
DELEGATION_CREATED = "delegation.created"
DELEGATION_UPDATED = "delegation.updated"
REPRESENTATIVE_SEATED = "representative.seated"
REPRESENTATIVE_ENDED = "representative.ended"
COMMITTEE_CREATED = "committee.created"
COMMITTEE_MEMBER_ADDED = "committee_member.added"
COMMITTEE_MEMBER_ENDED = "committee_member.ended"
SESSION_CREATED = "congress_session.created"
SESSION_OPENED = "congress_session.opened"
SESSION_CLOSED = "congress_session.closed"
AGENDA_ITEM_ADDED = "agenda_item.added"
CHECKED_IN = "congress_session.checked_in"
POLL_CREATED = "poll.created"
POLL_OPENED = "poll.opened"
POLL_VOTED = "poll.voted"
POLL_PAPER_ISSUED = "poll.paper_issued"
POLL_PAPER_ENTERED = "poll.paper_entered"
POLL_HANDS_RECORDED = "poll.hands_recorded"
POLL_COUNTED = "poll.counted"
POLL_VOID = "poll.void"
ELECTION_CREATED = "election.created"
CANDIDATE_ADDED = "election.candidate_added"
ELECTION_DONE = "election.done"

LABELS = {
    TERM_CREATED: _("Congress term created"),
    TERM_UPDATED: _("Congress term changed"),
    ROLL_CONFIRMED: _("Roll of representatives confirmed"),
    DELEGATION_CREATED: _("Delegation created"),
    DELEGATION_UPDATED: _("Delegation changed"),
    REPRESENTATIVE_SEATED: _("Representative seated"),
    REPRESENTATIVE_ENDED: _("Representative's seat ended"),
    COMMITTEE_CREATED: _("Committee created"),
    COMMITTEE_MEMBER_ADDED: _("Committee member added"),
    COMMITTEE_MEMBER_ENDED: _("Committee member left"),
    SESSION_CREATED: _("Congress session created"),
    SESSION_OPENED: _("Congress session opened"),
    SESSION_CLOSED: _("Congress session closed"),
    AGENDA_ITEM_ADDED: _("Agenda item added"),
    CHECKED_IN: _("Representative checked in"),
    POLL_CREATED: _("Vote prepared"),
    POLL_OPENED: _("Voting opened"),
    POLL_VOTED: _("Representative voted"),
    POLL_PAPER_ISSUED: _("Paper ballot issued"),
    POLL_PAPER_ENTERED: _("Paper ballot entered"),
    POLL_HANDS_RECORDED: _("Show of hands recorded"),
    POLL_COUNTED: _("Votes counted"),
    POLL_VOID: _("Round declared void"),
    ELECTION_CREATED: _("Election created"),
    CANDIDATE_ADDED: _("Candidate added"),
    ELECTION_DONE: _("Election completed"),
}
