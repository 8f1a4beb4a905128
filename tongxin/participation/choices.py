from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipationKind(models.TextChoices):
    """What kind of person-time a record is; reports group by it."""

    ACTIVITY = "activity", _("Activity attended")
    STUDY = "study", _("Study session attended")
    BENEFIT = "benefit", _("Holiday benefit received")
    CARE_VISIT = "care_visit", _("Care visit received")
    SERVICE = "service", _("Staff service received")
    DONATION = "donation", _("Donation made")
    CLUB_SESSION = "club_session", _("Club session attended")
    QUIZ = "quiz", _("Quiz taken")
    SUBMISSION = "submission", _("Work submitted")
    MATCH = "match", _("Match played")
    TRAINING = "training", _("Training attended")
    WISH = "wish", _("Wish made")
    OTHER = "other", _("Other")
