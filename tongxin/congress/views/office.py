"""The secretariat's (union office's) and tellers' pages: terms and the roll, sessions, check-in
by list, motions, elections and counting."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error
from tongxin.orgs import access

from .. import queries, services
from ..choices import (
    AgendaKind,
    CommitteeKind,
    ElectionKind,
    EndReason,
    PollKind,
    PollMethod,
    RepresentativeKind,
)
from ..composition import composition_report
from ..models import CongressSession, Poll, Representative
from ..permissions import CongressPermission as P
from ..services.common import counts, quorum_needed, today
from ..tally import CHOICES
from .member import _content_from, result_context


def _run(request: ActorRequest, call: Callable[[], object], done: str) -> bool:
    try:
        call()
    except DomainError as error:
        message_domain_error(request, error)
        return False
    messages.success(request, done)
    return True


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
def office_home(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_CONGRESS):
        raise NotFound()
    terms = list(queries.terms_for(actor=actor))
    if request.method == "POST":
        if not access.holds_somewhere(actor, P.MANAGE_CONGRESS):
            raise Forbidden()
        school = queries.school_for_office(actor=actor)
        starts_on = parse_date(request.POST.get("starts_on", "") or "")
        ok = _run(
            request,
            lambda: services.term_create(
                actor=actor,
                school=school,
                number=_int(request.POST.get("number")) or 0,
                starts_on=starts_on,  # type: ignore[arg-type]
                years=_int(request.POST.get("years")) or 0,
            ),
            _("The term was created."),
        )
        if ok:
            return redirect("congress:office-home")
    return render(request, "congress/office_home.html", {"terms": terms})


@login_required
def term_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    term = queries.term_get(actor=actor, pk=pk)
    report = composition_report(term=term, on=today())
    context = {
        "term": term,
        "report": report,
        "delegations": queries.delegations(term),
        "roll": queries.roll(term),
        "sessions": queries.sessions_of(term),
        "committees": queries.committees_of(term),
        "branches": queries.branches_of(term),
        "can_manage": access.can(actor, P.MANAGE_CONGRESS, term),
        "kinds": RepresentativeKind.choices,
        "end_reasons": [
            (EndReason.RECALL, EndReason.RECALL.label),
            (EndReason.LEFT, EndReason.LEFT.label),
        ],
        "committee_kinds": CommitteeKind.choices,
    }
    return render(request, "congress/term_detail.html", context)


@login_required
@require_POST
def term_action(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    actor = request.actor
    term = queries.term_get(actor=actor, pk=pk)
    post = request.POST
    calls: dict[str, tuple[Callable[[], object], str]] = {
        "delegation": (
            lambda: services.delegation_create(
                actor=actor,
                term=term,
                node=next(n for n in queries.branches_of(term) if n.pk == _int(post.get("node"))),
                name=post.get("name", ""),
            ),
            _("The delegation was added."),
        ),
        "seat": (
            lambda: services.representative_seat(
                actor=actor,
                delegation=next(
                    d for d in queries.delegations(term) if d.pk == _int(post.get("delegation"))
                ),
                person=queries.person_by_staff_number(
                    school=term.school, staff_number=post.get("staff_number", "")
                ),
                kind=post.get("kind", RepresentativeKind.FORMAL),
            ),
            _("The representative was seated."),
        ),
        "confirm": (
            lambda: services.roll_confirm(
                actor=actor, term=term, override_reason=post.get("override_reason", "")
            ),
            _("The roll is confirmed."),
        ),
        "session": (
            lambda: services.session_create(
                actor=actor,
                term=term,
                title=post.get("title", ""),
                starts_at=_aware(post.get("starts_at", "")),  # type: ignore[arg-type]
                place=post.get("place", ""),
            ),
            _("The session was planned."),
        ),
        "committee": (
            lambda: services.committee_create(
                actor=actor, term=term, kind=post.get("kind", ""), name=post.get("name", "")
            ),
            _("The committee was added."),
        ),
    }
    if action not in calls:
        raise NotFound()
    call, done = calls[action]
    try:
        _run(request, call, done)
    except StopIteration:
        messages.error(request, _("Choose one of the options."))
    return redirect("congress:term-detail", pk=term.pk)


def _aware(text: str) -> dt.datetime | None:
    moment = parse_datetime(text or "")
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@login_required
@require_POST
def representative_end(request: ActorRequest, pk: int) -> HttpResponse:
    rep = queries.representative_get(actor=request.actor, pk=pk)
    _run(
        request,
        lambda: services.representative_end(
            actor=request.actor, representative=rep, reason=request.POST.get("reason", "")
        ),
        _("The seat has ended."),
    )
    return redirect("congress:term-detail", pk=rep.term_id)


def _session_for_office(request: ActorRequest, pk: int) -> CongressSession:
    session, _seat = queries.session_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.VIEW_CONGRESS, session)
    return session


@login_required
def session_manage(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    session = _session_for_office(request, pk)
    now_counts = counts(session)
    base = now_counts.base(session.term.quorum_base)
    context = {
        "session": session,
        "counts": now_counts,
        "base": base,
        "needed": quorum_needed(base),
        "board": queries.attendance_board(session),
        "agenda": list(session.agenda_items.order_by("position")),
        "polls": queries.polls_of(session),
        "elections": queries.elections_of(session),
        "can_manage": access.can(actor, P.MANAGE_CONGRESS, session),
        "can_count": access.can(actor, P.COUNT_BALLOTS, session),
        "agenda_kinds": AgendaKind.choices,
        "methods": PollMethod.choices,
        "election_kinds": ElectionKind.choices,
    }
    return render(request, "congress/session_manage.html", context)


@login_required
@require_POST
def session_action(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    actor = request.actor
    session = _session_for_office(request, pk)
    post = request.POST
    calls: dict[str, tuple[Callable[[], object], str]] = {
        "open": (
            lambda: services.session_open(actor=actor, session=session),
            _("The session is open."),
        ),
        "close": (
            lambda: services.session_close(actor=actor, session=session),
            _("The session is closed."),
        ),
        "agenda": (
            lambda: services.agenda_item_add(
                actor=actor,
                session=session,
                kind=post.get("kind", ""),
                title=post.get("title", ""),
                description=post.get("description", ""),
                document=request.FILES.get("document"),
            ),
            _("The agenda item was added."),
        ),
        "check-in": (
            lambda: services.session_check_in_by_list(
                actor=actor,
                session=session,
                representative=queries.representative_get(
                    actor=actor, pk=_int(post.get("representative")) or 0
                ),
            ),
            _("Checked in."),
        ),
        "motion": (
            lambda: services.motion_create(
                actor=actor,
                session=session,
                title=post.get("title", ""),
                method=post.get("method", PollMethod.BALLOT),
            ),
            _("The motion was prepared."),
        ),
        "election": (
            lambda: services.election_create(
                actor=actor,
                session=session,
                title=post.get("title", ""),
                kind=post.get("kind", ""),
                seats=_int(post.get("seats")) or 0,
            ),
            _("The election was prepared."),
        ),
    }
    if action not in calls:
        raise NotFound()
    call, done = calls[action]
    _run(request, call, done)
    return redirect("congress:session-manage", pk=session.pk)


@login_required
def poll_manage(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    poll, _seat = queries.poll_get(actor=actor, pk=pk)
    access.require(actor, P.VIEW_CONGRESS, poll)
    context: dict[str, Any] = result_context(poll)
    context.update(
        {
            "can_manage": access.can(actor, P.MANAGE_CONGRESS, poll),
            "can_count": access.can(actor, P.COUNT_BALLOTS, poll),
            "board": queries.attendance_board(poll.session),
            "candidates": list(queries.candidates_by_id(poll).values()),
            "issued": poll.voter_marks.count(),
            "returned": poll.ballots.count(),
            "choices": CHOICES,
            "write_in_slots": range(poll.seats) if poll.kind == PollKind.ELECTION else range(0),
        }
    )
    return render(request, "congress/poll_manage.html", context)


@login_required
@require_POST
def poll_action(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    actor = request.actor
    poll, _seat = queries.poll_get(actor=actor, pk=pk)
    post = request.POST
    if action == "paper":
        try:
            receipt = services.paper_ballot_enter(
                actor=actor,
                poll=poll,
                content=_content_from(request, poll.kind, poll.candidate_ids)
                if post.get("choice") != "spoiled"
                else {"choice": "spoiled"},
            )
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(
                request,
                _("Paper ballot entered. Write its receipt code on it: %(code)s")
                % {"code": receipt},
            )
        return redirect("congress:poll-manage", pk=poll.pk)
    calls: dict[str, tuple[Callable[[], object], str]] = {
        "open": (lambda: services.poll_open(actor=actor, poll=poll), _("Voting is open.")),
        "close": (
            lambda: services.poll_close(actor=actor, poll=poll),
            _("Voting is closed and counted."),
        ),
        "issue": (
            lambda: services.paper_issue(
                actor=actor,
                poll=poll,
                representative=queries.representative_get(
                    actor=actor, pk=_int(post.get("representative")) or 0
                ),
            ),
            _("Paper ballot issued."),
        ),
        "hands": (
            lambda: services.hands_record(
                actor=actor,
                poll=poll,
                yes=_int(post.get("yes")) or 0,
                no=_int(post.get("no")) or 0,
                abstain=_int(post.get("abstain")) or 0,
            ),
            _("The show of hands was recorded."),
        ),
    }
    if action not in calls:
        raise NotFound()
    call, done = calls[action]
    _run(request, call, done)
    return redirect("congress:poll-manage", pk=poll.pk)


@login_required
@require_POST
def election_action(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    actor = request.actor
    election = queries.election_get(actor=actor, pk=pk)
    if action == "candidate":
        _run(
            request,
            lambda: services.candidate_add(
                actor=actor,
                election=election,
                person=queries.person_by_staff_number(
                    school=election.session.term.school,
                    staff_number=request.POST.get("staff_number", ""),
                ),
            ),
            _("The candidate was added."),
        )
        return redirect("congress:session-manage", pk=election.session_id)
    if action != "round":
        raise NotFound()
    try:
        poll = services.election_open_round(actor=actor, election=election)
    except DomainError as error:
        message_domain_error(request, error)
        return redirect("congress:session-manage", pk=election.session_id)
    messages.success(request, _("Ballots issued: voting is open."))
    return redirect("congress:poll-manage", pk=poll.pk)


def _hall_context(session: CongressSession) -> dict[str, Any]:
    now_counts = counts(session)
    base = now_counts.base(session.term.quorum_base)
    latest = Poll.objects.filter(session=session).select_related("election").order_by("-id").first()
    context: dict[str, Any] = {
        "session": session,
        "counts": now_counts,
        "base": base,
        "needed": quorum_needed(base),
        "latest": latest,
    }
    if latest is not None:
        context.update(result_context(latest))
        context["voted"] = latest.voter_marks.count()
    return context


@login_required
def hall(request: ActorRequest, pk: int) -> HttpResponse:
    """The big screen in the hall: presence, the door's QR code, the latest vote."""
    import segno
    from django.urls import reverse
    from django.utils.safestring import mark_safe

    session = _session_for_office(request, pk)
    url = request.build_absolute_uri(
        reverse("congress:check-in", args=[session.pk]) + f"?code={session.check_in_code}"
    )
    context = _hall_context(session)
    context["qr"] = mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=2))
    return render(request, "congress/hall.html", context)


@login_required
def hall_live(request: ActorRequest, pk: int) -> HttpResponse:
    session = _session_for_office(request, pk)
    return render(request, "congress/_hall_live.html", _hall_context(session))


__all__ = ["Representative"]
