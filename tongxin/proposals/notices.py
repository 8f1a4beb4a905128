"""Telling people about proposals: co-signers asked to sign, the proposer at each outcome,
departments when a proposal is assigned or overdue, the secretariat about overdue replies.

Called by the proposal services inside their transaction; delivery is the notifications app's.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.members.models import Person
from tongxin.notifications.services import notify
from tongxin.orgs.choices import Role
from tongxin.orgs.models import RoleAssignment, SchoolDepartment

from .models import Proposal

KIND_CO_SIGN = "proposals.co_sign_requested"
KIND_SUBMITTED = "proposals.submitted"
KIND_OUTCOME = "proposals.reviewed"
KIND_ASSIGNED = "proposals.assigned"
KIND_REPLIED = "proposals.replied"
KIND_OVERDUE = "proposals.overdue"


def _detail(proposal: Proposal) -> str:
    return reverse("proposals:proposal-detail", args=[proposal.pk])


def handlers_of(departments: Iterable[SchoolDepartment]) -> list[Any]:
    """The active users answering for ``departments`` now."""
    return list(
        get_user_model()
        .objects.filter(
            department_handlings__department__in=list(departments),
            department_handlings__removed_at__isnull=True,
            is_active=True,
        )
        .distinct()
    )


def secretariat_of(school_path: str) -> list[Any]:
    """The users holding the congress secretariat role on the school (or above it)."""
    ancestors = [school_path[:end] for end in range(8, len(school_path) + 1, 8)]
    holders = (
        RoleAssignment.objects.active()
        .filter(role=Role.CONGRESS_SECRETARIAT)
        .filter(Q(node__path__in=ancestors))
        .values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=holders, is_active=True))


def co_sign_requested(proposal: Proposal, people: Iterable[Person]) -> None:
    notify(
        recipients=list(people),
        kind=KIND_CO_SIGN,
        title=_("%(name)s asks you to co-sign a proposal: %(title)s")
        % {"name": proposal.proposer.name, "title": proposal.title},
        body=_("Read it and co-sign it if you support it."),
        link=_detail(proposal),
    )


def submitted(proposal: Proposal) -> None:
    notify(
        recipients=[proposal.proposer],
        kind=KIND_SUBMITTED,
        title=_("Your proposal has enough co-signers and is submitted: %(title)s")
        % {"title": proposal.title},
        link=_detail(proposal),
    )


def outcome(proposal: Proposal, people: Iterable[Person], title: str, body: str = "") -> None:
    """Tell the proposers how the committee (or the presidium) decided."""
    notify(
        recipients=list(people), kind=KIND_OUTCOME, title=title, body=body, link=_detail(proposal)
    )


def assigned(proposal: Proposal, departments: Iterable[SchoolDepartment]) -> None:
    notify(
        recipients=handlers_of(departments),
        kind=KIND_ASSIGNED,
        title=_("A proposal for your department: %(title)s") % {"title": proposal.title},
        body=_("Please reply by %(date)s.") % {"date": proposal.due_on.isoformat()}
        if proposal.due_on
        else "",
        link=reverse("proposals:department-proposal", args=[proposal.pk]),
    )


def replied(proposal: Proposal, people: Iterable[Person]) -> None:
    notify(
        recipients=list(people),
        kind=KIND_REPLIED,
        title=_("The proposal has a reply: %(title)s") % {"title": proposal.title},
        body=_("Read the reply and tell us whether you are satisfied with it."),
        link=_detail(proposal),
    )


def overdue(proposal: Proposal, recipients: list[Any]) -> None:
    notify(
        recipients=recipients,
        kind=KIND_OVERDUE,
        title=_("A proposal's reply is overdue: %(title)s") % {"title": proposal.title},
        body=_("The reply was due on %(date)s.")
        % {"date": proposal.due_on.isoformat() if proposal.due_on else ""},
        link=_detail(proposal),
    )
