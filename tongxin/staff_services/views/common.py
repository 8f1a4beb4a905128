"""Helpers shared by the staff-services pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tongxin.core.http import ActorRequest
from tongxin.orgs import access
from tongxin.orgs.actor import Actor


def require_console(actor: Actor, permission: str) -> None:
    """Console pages are for those holding ``permission`` through a role (403 otherwise)."""
    if not access.holds_somewhere(actor, permission):
        raise PermissionDenied


def require_person(actor: Actor) -> int:
    if actor.person_id is None:
        raise PermissionDenied
    return actor.person_id


def form_page(
    request: ActorRequest, form: Any, title: str, back_url: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "staff_services/form.html",
        {"form": form, "title": title, "back_url": back_url, **extra},
    )


def xlsx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response
