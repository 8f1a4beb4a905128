from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.participation.choices import ParticipationKind


class ActivityKind(models.TextChoices):
    """What an activity is; quizzes, submission calls, tournaments and club sessions attach to
    or reuse these rather than being separate event models."""

    STUDY_SESSION = "study_session", _("Study session")
    CULTURE = "culture", _("Culture")
    SPORTS = "sports", _("Sports")
    COMPETITION = "competition", _("Competition")
    SERVICE_DAY = "service_day", _("Service day")
    WOMENS_DAY = "womens_day", _("Women's day")
    CHILDRENS_DAY = "childrens_day", _("Children's day")
    CHARITY = "charity", _("Charity")
    VISIT = "visit", _("Visit or tea party")
    TRAINING = "training", _("Training")
    CLUB_SESSION = "club_session", _("Club session")
    OTHER = "other", _("Other")


# The person-time an attendance records, by activity kind (everything else: "activity").
PARTICIPATION_KIND: dict[str, str] = {
    ActivityKind.STUDY_SESSION: ParticipationKind.STUDY,
    ActivityKind.TRAINING: ParticipationKind.TRAINING,
    ActivityKind.CLUB_SESSION: ParticipationKind.CLUB_SESSION,
    ActivityKind.SERVICE_DAY: ParticipationKind.SERVICE,
}


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed")


class Allocation(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    LOTTERY = "lottery", _("Lottery after the deadline")


class StaffScope(models.TextChoices):
    MEMBERS = "members", _("Union members only")
    ALL_STAFF = "all_staff", _("All staff")


class FamilyScope(models.TextChoices):
    NONE = "none", _("No family members")
    CHILDREN = "children", _("Children")
    ALL = "all", _("Spouses, children and parents")


class SignUpStatus(models.TextChoices):
    """CiviCRM's participant statuses, plus the lottery's "entered"."""

    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    ENTERED = "entered", _("In the lottery")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Place offered")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Offer expired")


S = SignUpStatus
# A person has at most one sign-up in these statuses per activity (the unique constraint).
LIVE_STATUSES = (
    S.PENDING_APPROVAL,
    S.ENTERED,
    S.CONFIRMED,
    S.WAITLISTED,
    S.OFFERED,
    S.ATTENDED,
    S.NO_SHOW,
)
# Sign-ups in these statuses take a place (count against the quotas).
HOLDING_STATUSES = (S.CONFIRMED, S.OFFERED, S.ATTENDED, S.NO_SHOW)
# Sign-ups that may still be cancelled.
CANCELLABLE_STATUSES = (S.PENDING_APPROVAL, S.ENTERED, S.CONFIRMED, S.WAITLISTED, S.OFFERED)
# Sign-ups that are told when the activity changes.
INFORMED_STATUSES = (S.PENDING_APPROVAL, S.ENTERED, S.CONFIRMED, S.WAITLISTED, S.OFFERED)
