from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClubKind(models.TextChoices):
    BASKETBALL = "basketball", _("Basketball")
    FOOTBALL = "football", _("Football")
    BADMINTON = "badminton", _("Badminton")
    TABLE_TENNIS = "table_tennis", _("Table tennis")
    YOGA = "yoga", _("Yoga")
    RUNNING = "running", pgettext_lazy("club kind", "Running")
    OTHER = "other", _("Other")


class ClubStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("club status", "Active")
    ARCHIVED = "archived", _("Archived")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# A club's spending is booked under the staff activities categories of the chart, this one
# unless the club says otherwise.
DEFAULT_CATEGORY_KEY = "expense.staff_activities.culture_sports"
# A session series is at most a school year of weeks.
MAX_SERIES_WEEKS = 53
