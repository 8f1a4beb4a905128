from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.members.choices import SchoolStage


class ClaimStatus(models.TextChoices):
    """Where the union's help with one insurance claim stands."""

    REPORTED = "reported", _("Reported to the union")
    SUBMITTED = "submitted", _("Submitted to the insurer")
    PAID = "paid", _("Paid by the insurer")
    REFUSED = "refused", _("Refused by the insurer")


CLAIM_TRANSITIONS: dict[str, frozenset[str]] = {
    ClaimStatus.REPORTED: frozenset({ClaimStatus.SUBMITTED}),
    ClaimStatus.SUBMITTED: frozenset({ClaimStatus.PAID, ClaimStatus.REFUSED}),
    ClaimStatus.PAID: frozenset(),
    ClaimStatus.REFUSED: frozenset(),
}


class PlacementStatus(models.TextChoices):
    """Where a school-place application stands."""

    SUBMITTED = "submitted", _("Submitted")
    FORWARDED = "forwarded", _("Forwarded to the education bureau")
    PLACED = "placed", _("Placed")
    NOT_PLACED = "not_placed", _("Not placed")


PLACEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    PlacementStatus.SUBMITTED: frozenset({PlacementStatus.FORWARDED}),
    PlacementStatus.FORWARDED: frozenset({PlacementStatus.PLACED, PlacementStatus.NOT_PLACED}),
    PlacementStatus.PLACED: frozenset(),
    PlacementStatus.NOT_PLACED: frozenset(),
}

# The stages the town's education bureau places children in (kindergarten to junior high);
# senior high goes through the entrance examination and university is not the bureau's.
PLACEMENT_STAGES: tuple[str, ...] = (
    SchoolStage.NURSERY,
    SchoolStage.KINDERGARTEN,
    SchoolStage.PRIMARY,
    SchoolStage.JUNIOR_HIGH,
)

# A child may apply for their recorded stage (changing school) or the next one (moving up).
NEXT_STAGE: dict[str, str] = {
    SchoolStage.NURSERY: SchoolStage.KINDERGARTEN,
    SchoolStage.KINDERGARTEN: SchoolStage.PRIMARY,
    SchoolStage.PRIMARY: SchoolStage.JUNIOR_HIGH,
}
