from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("In service")
    RETIRED = "retired", _("Retired")
    LEFT = "left", _("Left the school")
    DECEASED = "deceased", _("Deceased")


class StaffCategory(models.TextChoices):
    """The staff category the congress composition counts (teachers >= 60% of representatives)."""

    UNKNOWN = "", _("Not recorded")
    TEACHER = "teacher", _("Teaching and research staff")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    SUPPORT = "support", _("Technical and support staff")
    OTHER = "other", _("Other staff")


class MembershipStatus(models.TextChoices):
    """Where a person stands with the union today (derived from the membership history)."""

    NONE = "none", _("Not a member")
    APPLICANT = "applicant", _("Applied")
    MEMBER = "member", _("Member")
    RETAINED = "retained", _("Retained (retired)")
    LEFT = "left", _("Left the union")
    DECEASED = "deceased", _("Deceased")


# Statuses that count as belonging to the union today; only MEMBER pays dues and votes.
IN_UNION_STATUSES = (MembershipStatus.MEMBER, MembershipStatus.RETAINED)


class MembershipEventKind(models.TextChoices):
    APPLIED = "applied", _("Applied to join")
    JOINED = "joined", _("Joined")
    REJECTED = "rejected", _("Application rejected")
    TRANSFERRED = "transferred", _("Transferred")
    RETIRED = "retired", _("Retired (membership retained)")
    LEFT = "left", _("Left")
    DIED = "died", _("Died")


class PeriodStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    RETAINED = "retained", _("Retained")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class SchoolStage(models.TextChoices):
    NONE = "", _("Not in school")
    NURSERY = "nursery", _("Nursery")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    SENIOR_HIGH = "senior_high", _("Senior high school")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class OfficerPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    LIAISON = "liaison", _("Liaison")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    AUDIT_COMMITTEE_MEMBER = "audit_committee_member", _("Audit committee member")


class AgeBand(models.TextChoices):
    UNDER_30 = "under_30", _("Under 30")
    FROM_30 = "30_39", _("30–39")
    FROM_40 = "40_49", _("40–49")
    FROM_50 = "50_59", _("50–59")
    FROM_60 = "60_plus", _("60 and over")


AGE_BAND_LIMITS: dict[str, tuple[int, int | None]] = {
    AgeBand.UNDER_30: (0, 30),
    AgeBand.FROM_30: (30, 40),
    AgeBand.FROM_40: (40, 50),
    AgeBand.FROM_50: (50, 60),
    AgeBand.FROM_60: (60, None),
}


class RosterImportStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("roster import", "Previewed")
    APPLIED = "applied", pgettext_lazy("roster import", "Applied")
    FAILED = "failed", pgettext_lazy("roster import", "Failed")
    EXPIRED = "expired", pgettext_lazy("roster import", "Expired")
