"""Telling members their goods are ready: one in-app notice per recipient when a batch is
confirmed (called inside the confirmation's transaction; delivery is the notifications app's)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.members.models import Person
from tongxin.notifications.services import notify

from .models import BenefitBatch

KIND_READY = "benefits.ready"


def batch_ready(batch: BenefitBatch, people: Iterable[Person]) -> None:
    notify(
        recipients=people,
        kind=KIND_READY,
        title=_("%(title)s: %(goods)s for you") % {"title": batch.title, "goods": batch.goods},
        body=_(
            "Collect them from your branch's liaison (show the code on your receipt page), "
            "or confirm on your phone once you have them."
        ),
        link=reverse("benefits:my-benefits"),
    )
