"""Telling people about their suggestions and requests: the filer when a reply arrives or the
office declines, the department's handlers when an item is passed to them.

Called by the voice services inside their transaction; delivery (in-app now, e-mail after
commit) is the notifications app's. Texts never name an anonymous filer.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.notifications.services import notify
from tongxin.orgs.models import SchoolDepartment

from .models import VoiceItem

KIND_REPLIED = "voice.item_replied"
KIND_DECLINED = "voice.item_declined"
KIND_ROUTED = "voice.item_routed"


def item_replied(item: VoiceItem) -> None:
    if item.person_id is None:
        return
    notify(
        recipients=[item.person],
        kind=KIND_REPLIED,
        title=_("Your %(kind)s has a reply: %(title)s")
        % {"kind": item.get_kind_display(), "title": item.title},
        body=_("Read the reply and tell us whether you are satisfied with it."),
        link=reverse("voice:item-detail", args=[item.pk]),
    )


def item_declined(item: VoiceItem) -> None:
    if item.person_id is None:
        return
    notify(
        recipients=[item.person],
        kind=KIND_DECLINED,
        title=_("Your %(kind)s was not taken up: %(title)s")
        % {"kind": item.get_kind_display(), "title": item.title},
        body=item.decline_reason,
        link=reverse("voice:item-detail", args=[item.pk]),
    )


def item_routed(item: VoiceItem, department: SchoolDepartment) -> None:
    """Tell the department's current handlers that a reply is owed, and by when."""
    handlers = get_user_model().objects.filter(
        department_handlings__department=department,
        department_handlings__removed_at__isnull=True,
        is_active=True,
    )
    notify(
        recipients=list(handlers),
        kind=KIND_ROUTED,
        title=_("A %(kind)s for %(department)s: %(title)s")
        % {"kind": item.get_kind_display(), "department": department.name, "title": item.title},
        body=_("Please reply by %(date)s.") % {"date": item.due_on.isoformat()}
        if item.due_on
        else "",
        link=reverse("voice:department-item-detail", args=[item.pk]),
    )
