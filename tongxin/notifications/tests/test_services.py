import pytest
from django.core import mail
from django.db import transaction

from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.notifications import queries, services
from tongxin.notifications.models import Notification
from tongxin.notifications.tasks import send_notification_emails


def test_notify_once_per_recipient_person_or_user(cast):
    # given a person with an account, the same person's user, a person without one, a bare user
    member = cast.people["branch_a_member"]
    newcomer = cast.people["branch_a_non_member"]
    # when all are notified together
    rows = services.notify(
        recipients=[member, cast.users["branch_a_member"], newcomer, cast.users["outsider"]],
        kind="test.kind",
        title="Hello",
        body="Body",
        link="/activities/",
    )
    # then three rows: the member (user and person), the newcomer (person only), the outsider
    assert len(rows) == 3
    assert Notification.objects.get(person=member).user_id == cast.users["branch_a_member"].pk
    assert Notification.objects.get(person=newcomer).user_id is None
    assert Notification.objects.get(user=cast.users["outsider"]).person_id is None


def test_each_sees_only_their_own(cast):
    services.notify(recipients=[cast.people["branch_a_member"]], kind="k", title="Mine")
    services.notify(recipients=[cast.people["branch_b_member"]], kind="k", title="Theirs")
    mine = queries.notification_list(actor=cast.actor("branch_a_member"))
    assert [n.title for n in mine] == ["Mine"]
    assert queries.notification_unread_count(actor=cast.actor("branch_a_member")) == 1
    assert queries.notification_unread_count(actor=cast.actor("anonymous")) == 0
    other = Notification.objects.get(title="Theirs")
    with pytest.raises(NotFound):
        queries.notification_get(actor=cast.actor("branch_a_member"), pk=other.pk)


def test_mark_read_only_touches_own_rows(cast):
    services.notify(
        recipients=[cast.people["branch_a_member"], cast.people["branch_b_member"]],
        kind="k",
        title="T",
    )
    other = Notification.objects.get(person=cast.people["branch_b_member"])
    services.notification_mark_read(actor=cast.actor("branch_a_member"), notification=other)
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert services.notification_mark_all_read(actor=cast.actor("branch_a_member")) == 1
    assert services.notification_mark_all_read(actor=cast.actor("branch_a_member")) == 0
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_email_goes_after_commit_when_configured(
    cast, settings, django_capture_on_commit_callbacks
):
    # given e-mail switched on and a member with an address
    settings.TONGXIN_NOTIFY_EMAIL = True
    Person.objects.filter(pk=cast.people["branch_a_member"].pk).update(email="a@example.edu.cn")
    # when a notice is sent inside a transaction that commits
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        services.notify(
            recipients=[cast.people["branch_a_member"], cast.people["branch_b_member"]],
            kind="k",
            title="Place free",
            link="/activities/1/",
        )
        assert mail.outbox == []
    # then only the person with an address is e-mailed, once, with an absolute link
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.edu.cn"]
    assert f"{settings.TONGXIN_SITE_URL}/activities/1/" in mail.outbox[0].body
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert send_notification_emails(ids) == 0


def test_no_email_when_not_configured(cast, settings, django_capture_on_commit_callbacks):
    settings.TONGXIN_NOTIFY_EMAIL = False
    Person.objects.filter(pk=cast.people["branch_a_member"].pk).update(email="a@example.edu.cn")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(recipients=[cast.people["branch_a_member"]], kind="k", title="T")
    assert callbacks == []
    assert mail.outbox == []


def test_notify_refuses_other_objects(cast):
    with pytest.raises(TypeError):
        services.notify(recipients=[cast.school], kind="k", title="T")
