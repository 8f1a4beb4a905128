"""Representatives' pages (mobile first): my congress, check-in, voting and results."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error

from .. import queries, services
from ..choices import Choice, PollKind, PollStatus, SessionStatus
from ..services.common import today
from ..tally import CHOICES


@login_required
def home(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    term, seat = queries.my_congress(actor=actor, on=today())
    sessions = queries.sessions_of(term) if term else []
    current = next((s for s in sessions if s.status == SessionStatus.OPEN), None)
    current = current or next((s for s in sessions if s.status == SessionStatus.PLANNED), None)
    context: dict[str, Any] = {"term": term, "seat": seat, "sessions": sessions, "current": current}
    if current is not None:
        polls = queries.polls_of(current)
        voted = queries.voted_polls(current, seat)
        context["polls"] = [(poll, poll.pk in voted) for poll in polls]
        context["checked_in"] = queries.checked_in(current, seat)
    return render(request, "congress/home.html", context)


@login_required
def check_in(request: ActorRequest, pk: int) -> HttpResponse:
    """Where the door's QR code leads: confirm, then check in."""
    session, seat = queries.session_get(actor=request.actor, pk=pk)
    code = request.POST.get("code") or request.GET.get("code") or ""
    if request.method == "POST":
        try:
            result = services.session_check_in(actor=request.actor, session=session, code=code)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(
                request,
                _("You were already checked in.") if result.already else _("You are checked in."),
            )
            return redirect("congress:home")
    return render(
        request, "congress/check_in.html", {"session": session, "seat": seat, "code": code}
    )


def _content_from(request: ActorRequest, kind: str, candidate_ids: list[int]) -> dict[str, Any]:
    if kind == PollKind.MOTION:
        return {"choice": request.POST.get("choice", "")}
    marks = {}
    for pk in candidate_ids:
        value = request.POST.get(f"c{pk}", "")
        if value in CHOICES:
            marks[str(pk)] = value
    write_ins = [name for name in request.POST.getlist("write_in") if name.strip()]
    return {"marks": marks, "write_ins": write_ins}


@login_required
def vote(request: ActorRequest, pk: int) -> HttpResponse:
    poll, seat = queries.poll_get(actor=request.actor, pk=pk)
    candidates = list(queries.candidates_by_id(poll).values())
    if request.method == "POST":
        content = _content_from(request, poll.kind, poll.candidate_ids)
        try:
            receipt = services.ballot_cast(actor=request.actor, poll=poll, content=content)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            return render(request, "congress/receipt.html", {"poll": poll, "receipt": receipt})
    context = {
        "poll": poll,
        "seat": seat,
        "candidates": candidates,
        "voted": queries.voted_ids(poll, seat),
        "write_in_slots": range(poll.seats) if poll.kind == PollKind.ELECTION else range(0),
    }
    return render(request, "congress/vote.html", context)


def result_context(poll: Any) -> dict[str, Any]:
    candidates = queries.candidates_by_id(poll)
    rows = []
    if poll.kind == PollKind.ELECTION and poll.status == PollStatus.COUNTED:
        counts = poll.result.get("counts", {})
        elected = set(poll.result.get("elected", []))
        for candidate in candidates.values():
            key = str(candidate.pk)
            rows.append({"name": candidate.name, "elected": key in elected, **counts.get(key, {})})
        for name, votes in sorted(poll.result.get("write_ins", {}).items()):
            rows.append(
                {"name": name, "elected": f"+{name}" in elected, "yes": votes, "write_in": True}
            )
    return {"poll": poll, "rows": rows}


def ballot_summary(content: dict[str, Any], names: dict[int, str]) -> str:
    """A ballot as a person reads it: the choice, or each candidate's mark and the write-ins."""
    labels = dict(Choice.choices)
    if "choice" in content:
        choice = content["choice"]
        return str(labels[choice]) if choice in labels else _("Spoiled (invalid)")
    parts = [
        f"{names.get(int(key), key)} {labels.get(value, value)}"
        for key, value in content.get("marks", {}).items()
    ]
    parts += [_("write-in: %(name)s") % {"name": name} for name in content.get("write_ins", [])]
    return ", ".join(parts) or _("Blank")


@login_required
def result(request: ActorRequest, pk: int) -> HttpResponse:
    poll, seat = queries.poll_get(actor=request.actor, pk=pk)
    receipt = "".join(request.GET.get("receipt", "").split()).upper()
    ballots = queries.bulletin(poll) if poll.status == PollStatus.COUNTED else []
    found = any(b.receipt == receipt for b in ballots) if receipt else None
    context = result_context(poll)
    names = {c.pk: c.name for c in queries.candidates_by_id(poll).values()}
    context.update(
        {
            "seat": seat,
            "ballots": [(b, ballot_summary(b.content, names)) for b in ballots],
            "receipt": receipt,
            "found": found,
        }
    )
    return render(request, "congress/result.html", context)
