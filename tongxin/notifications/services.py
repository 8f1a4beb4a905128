"""Sending notifications: in-app rows in the caller's transaction, e-mail after commit.

``notify`` is a building block: domain services call it by name inside their own transaction
(an offer from the waitlist, a changed start time, a reminder). The in-app rows commit or roll
back with the change they announce; e-mail leaves the process only after the commit, through a
Celery task that runs in-process when no broker is configured.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tongxin.members.models import Person
from tongxin.orgs.actor import Actor

from .models import Notification
from .queries import own_q

MAX_TITLE = 200


def _recipients(recipients: Iterable[Any]) -> list[tuple[int | None, int | None]]:
    """``(user_id, person_id)`` pairs, one per distinct recipient, in a single query."""
    user_model = get_user_model()
    person_ids: list[int] = []
    users: list[Any] = []
    for recipient in recipients:
        if isinstance(recipient, Person):
            person_ids.append(recipient.pk)
        elif isinstance(recipient, user_model):
            users.append(recipient)
        else:
            raise TypeError(f"notify() takes people or users, not {type(recipient).__name__}")
    pairs: dict[tuple[str, int], tuple[int | None, int | None]] = {}
    if person_ids:
        accounts = dict(
            user_model.objects.filter(person_id__in=set(person_ids)).values_list("person_id", "pk")
        )
        for person_id in person_ids:
            pairs[("person", person_id)] = (accounts.get(person_id), person_id)
    for user in users:
        key = ("person", user.person_id) if user.person_id else ("user", user.pk)
        pairs.setdefault(key, (user.pk, user.person_id))
    return list(pairs.values())


def notify(
    *, recipients: Iterable[Any], kind: str, title: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Notify each recipient (``Person`` or ``User``) once, in the caller's transaction.

    Effects: one in-app row per distinct recipient (a person and their account count once);
    after commit, an e-mail to each recipient with an address when ``TONGXIN_NOTIFY_EMAIL``
    is on. The caller has decided who may be told what; no access check here.
    """
    now = timezone.now()
    rows = [
        Notification(
            user_id=user_id,
            person_id=person_id,
            kind=kind,
            title=title[:MAX_TITLE],
            body=body,
            link=link,
            created_at=now,
        )
        for user_id, person_id in _recipients(recipients)
    ]
    if not rows:
        return []
    with transaction.atomic(savepoint=False):
        created = Notification.objects.bulk_create(rows, batch_size=500)
    if settings.TONGXIN_NOTIFY_EMAIL:
        ids = [row.pk for row in created if row.pk is not None]
        if ids:
            from .tasks import send_notification_emails

            transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return created


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (a second call changes nothing)."""
    with transaction.atomic(durable=True):
        updated = Notification.objects.filter(
            own_q(actor), pk=notification.pk, read_at__isnull=True
        ).update(read_at=timezone.now())
    if updated:
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    with transaction.atomic(durable=True):
        return Notification.objects.filter(own_q(actor), read_at__isnull=True).update(
            read_at=timezone.now()
        )
