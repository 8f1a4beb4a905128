"""What the proposal pages share: running one service from a form, and the detail's URL."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error

from ..models import Proposal


def posted(request: ActorRequest) -> Any:
    """The POST data on a POST (even when empty: a form of optional fields), else ``None``."""
    return request.POST if request.method == "POST" else None


def detail_url(proposal: Proposal) -> str:
    return reverse("proposals:proposal-detail", args=[proposal.pk])


def run_form(
    request: ActorRequest,
    proposal: Proposal | None,
    form: forms.Form,
    title: str,
    run: Callable[[dict[str, Any]], object],
    done: str,
    *,
    back_url: str = "",
    next_url: Callable[[object], str] | None = None,
    submit_label: str = "",
) -> HttpResponse:
    """Render a form; on a valid POST run the one service, then go on (the proposal by default).

    A refusal shows on the form (its field, or the top of the form) and nothing is changed.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            if next_url is not None:
                return redirect(next_url(result))
            assert proposal is not None  # noqa: S101
            return redirect(detail_url(proposal))
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "title": title,
            "proposal": proposal,
            "back_url": back_url or (detail_url(proposal) if proposal else ""),
            "submit_label": submit_label,
        },
    )
