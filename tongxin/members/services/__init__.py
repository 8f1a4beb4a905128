"""Every change to people, families, memberships, officers and dues.

The functions live in sub-modules by entity and are re-exported here, so callers write
``from tongxin.members import services`` and ``services.person_create(...)``.
"""

from .dues import dues_amount, dues_compute_month
from .family import family_member_add, family_member_remove, family_member_update
from .membership import (
    membership_application_decide,
    membership_apply,
    membership_join,
    membership_leave,
    membership_record_death,
    membership_retire,
    membership_transfer,
)
from .officers import officer_appoint, officer_end
from .people import person_create, person_reveal_id_number, person_update

__all__ = [
    "dues_amount",
    "dues_compute_month",
    "family_member_add",
    "family_member_remove",
    "family_member_update",
    "membership_application_decide",
    "membership_apply",
    "membership_join",
    "membership_leave",
    "membership_record_death",
    "membership_retire",
    "membership_transfer",
    "officer_appoint",
    "officer_end",
    "person_create",
    "person_reveal_id_number",
    "person_update",
]
