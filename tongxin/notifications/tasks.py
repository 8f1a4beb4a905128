"""Background delivery: e-mail copies of notifications, sent after the commit that made them."""

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db.models import Q
from django.utils import timezone

from tongxin.celery import app

from .models import Notification


@app.task(name="notifications.send_emails")
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification whose recipient has an address; idempotent (``emailed_at``).

    A row already e-mailed is skipped, so a retried task sends nothing twice.
    """
    rows = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .filter(~Q(person__email="") & Q(person__isnull=False))
        .select_related("person")
        .order_by("pk")
    )
    sent = 0
    connection = get_connection()
    for row in rows:
        if row.person is None:  # excluded by the query; this tells the type checker
            continue
        link = f"{settings.TONGXIN_SITE_URL}{row.link}" if row.link.startswith("/") else row.link
        body = f"{row.body}\n\n{link}" if link else row.body
        send_mail(
            row.title,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [row.person.email],
            connection=connection,
        )
        Notification.objects.filter(pk=row.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent
