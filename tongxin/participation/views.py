"""A person's person-times: the panel on their record and on "Me" (htmx), or its own page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from tongxin.core.http import ActorRequest
from tongxin.core.web import render_page_or_partial
from tongxin.members import queries as members_queries
from tongxin.orgs import access

from . import queries
from .permissions import ParticipationPermission

RECENT = 10


@login_required
def person_summary(request: ActorRequest, pk: int) -> HttpResponse:
    """This year's person-times by kind and the latest few (three queries)."""
    actor = request.actor
    person = members_queries.person_get(actor=actor, pk=pk)
    access.require(actor, ParticipationPermission.VIEW_PARTICIPATION, person)
    today = timezone.localdate()
    year_start = today.replace(month=1, day=1)
    stats = queries.participation_stats_for_person(
        actor=actor,
        person_id=person.pk,
        start=year_start,
        end=today.replace(year=today.year + 1, month=1, day=1),
    )
    context = {
        "person": person,
        "year": today.year,
        "stats": stats,
        "recent": list(queries.person_participations(actor=actor, person_id=person.pk)[:RECENT]),
    }
    return render_page_or_partial(
        request, "participation/person_summary.html", "participation/_person_summary.html", context
    )
