"""The people picker: an htmx partial listing the people matching what was typed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import queries

MAX_QUERY_LENGTH = 50


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    """Up to 20 people the actor may see whose name (characters, pinyin or initials), staff
    number or phone number matches ``q``."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    people = queries.person_search(actor=request.actor, text=text)
    return render(
        request, "members/_person_search_results.html", {"people": people, "q": text.strip()}
    )
