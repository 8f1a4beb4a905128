import pytest
from django.urls import reverse

from tongxin.core.errors import Forbidden, NotFound
from tongxin.notifications.models import Notification
from tongxin.voice import notices, services


def test_routing_tells_the_departments_handlers(cast, routed_item):
    # given an item passed to the academic affairs office
    # then its handler, and only they, were told, with a link to their reply page
    rows = list(Notification.objects.filter(kind=notices.KIND_ROUTED))
    assert [row.user_id for row in rows] == [cast.users["department_handler"].pk]
    assert rows[0].link == reverse("voice:department-item-detail", args=[routed_item.pk])


def test_a_reply_tells_the_filer(cast, replied_item):
    rows = list(Notification.objects.filter(kind=notices.KIND_REPLIED))
    assert [row.person_id for row in rows] == [cast.people["branch_a_member"].pk]
    assert replied_item.title in rows[0].title


def test_a_decline_tells_the_filer_the_reason(cast, submitted_item):
    services.voice_item_decline(
        actor=cast.actor("office_admin"), item=submitted_item, reason="Not a union matter."
    )
    row = Notification.objects.get(kind=notices.KIND_DECLINED)
    assert row.person_id == cast.people["branch_a_member"].pk
    assert row.body == "Not a union matter."


def test_a_refused_reply_tells_nobody(cast, routed_item):
    # given the other department's handler, who may not answer this item
    from tongxin.testing.personas import add_department_handler

    add_department_handler(
        cast, "other_handler", department_name="Logistics Office", code="LOG", staff_number="B2002"
    )
    before = Notification.objects.count()
    with pytest.raises((NotFound, Forbidden)):
        services.voice_item_reply(actor=cast.actor("other_handler"), item=routed_item, text="No")
    assert Notification.objects.count() == before
