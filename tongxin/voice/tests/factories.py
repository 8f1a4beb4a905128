"""Plain valid rows for query and page tests that need many of them quickly.

Workflow states come from the services (see conftest); these factories only make bulk
``submitted`` rows with their first timeline step, for data-size tests.
"""

import datetime as dt

from tongxin.members.models import Person
from tongxin.voice.choices import EventKind, ItemCategory, ItemKind, Party, WishStatus
from tongxin.voice.models import VoiceItem, VoiceItemEvent, VoiceReply, Wish


def make_items(person: Person, count: int, *, on: dt.date) -> list[VoiceItem]:
    items = VoiceItem.objects.bulk_create(
        [
            VoiceItem(
                kind=ItemKind.SUGGESTION,
                category=ItemCategory.TEACHING,
                title=f"Suggestion {number}",
                text="More study rooms for teachers.",
                person=person,
                node_id=person.node_id,
                filed_on=on,
            )
            for number in range(count)
        ]
    )
    VoiceItemEvent.objects.bulk_create(
        [
            VoiceItemEvent(item=item, kind=EventKind.FILED, party=Party.FILER, occurred_on=on)
            for item in items
        ]
    )
    return items


def make_wishes(people: list[Person], *, year: int, visibility: str) -> list[Wish]:
    return Wish.objects.bulk_create(
        [
            Wish(
                person=person,
                node_id=person.node_id,
                year=year,
                text=f"Wish of {person.staff_number}",
                visibility=visibility,
                status=WishStatus.SUBMITTED,
                submitted_on=dt.date(year - 1, 12, 20),
            )
            for person in people
        ]
    )


def make_stray_reply(item: VoiceItem, *, on: dt.date) -> VoiceReply:
    """A reply row for the item's current round, as a concurrent reply would have left it."""
    return VoiceReply.objects.create(
        item=item, round=item.round, text="Concurrent reply", replied_on=on
    )
