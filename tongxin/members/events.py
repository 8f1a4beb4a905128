"""Audit event kinds of people, families, memberships, officers and dues."""

from django.utils.translation import gettext_lazy as _

PERSON_CREATED = "person.created"
PERSON_UPDATED = "person.updated"
PERSON_ID_NUMBER_VIEWED = "person.id_number_viewed"
PEOPLE_EXPORTED = "person.exported"
ROSTER_IMPORTED = "roster.imported"
FAMILY_MEMBER_ADDED = "family_member.added"
FAMILY_MEMBER_UPDATED = "family_member.updated"
FAMILY_MEMBER_REMOVED = "family_member.removed"
MEMBERSHIP_APPLIED = "membership.applied"
MEMBERSHIP_JOINED = "membership.joined"
MEMBERSHIP_REJECTED = "membership.rejected"
MEMBERSHIP_TRANSFERRED = "membership.transferred"
MEMBERSHIP_RETIRED = "membership.retired"
MEMBERSHIP_LEFT = "membership.left"
MEMBERSHIP_DIED = "membership.died"
OFFICER_APPOINTED = "officer.appointed"
OFFICER_ENDED = "officer.ended"
DUES_COMPUTED = "dues.computed"

LABELS = {
    PERSON_CREATED: _("Person added"),
    PERSON_UPDATED: _("Record changed"),
    PERSON_ID_NUMBER_VIEWED: _("ID number viewed"),
    PEOPLE_EXPORTED: _("People exported"),
    ROSTER_IMPORTED: _("Roster imported"),
    FAMILY_MEMBER_ADDED: _("Family member added"),
    FAMILY_MEMBER_UPDATED: _("Family member changed"),
    FAMILY_MEMBER_REMOVED: _("Family member removed"),
    MEMBERSHIP_APPLIED: _("Applied to join"),
    MEMBERSHIP_JOINED: _("Joined the union"),
    MEMBERSHIP_REJECTED: _("Application rejected"),
    MEMBERSHIP_TRANSFERRED: _("Transferred"),
    MEMBERSHIP_RETIRED: _("Retired"),
    MEMBERSHIP_LEFT: _("Left the union"),
    MEMBERSHIP_DIED: _("Death recorded"),
    OFFICER_APPOINTED: _("Officer appointed"),
    OFFICER_ENDED: _("Officer's term ended"),
    DUES_COMPUTED: _("Dues computed"),
}
