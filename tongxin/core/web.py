"""Small helpers shared by the thin web views: htmx, paging and domain errors on forms."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from .errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
else:
    # django-stubs-ext is a dev dependency; at runtime this is what it defines.
    StrOrPromise = str | Promise

# A label in a choice list: a string or a lazily translated one.
Choices = list[tuple[Any, StrOrPromise]]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page_or_partial(
    request: HttpRequest, page: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render only the partial for htmx requests, the whole page otherwise."""
    template = partial if is_htmx(request) else page
    return render(request, template, context, status=status)


def paginate(request: HttpRequest, qs: QuerySet, per_page: int | None = None) -> Page:
    """One COUNT and one page query whatever the table size; bad page numbers clamp."""
    paginator = Paginator(qs, per_page or settings.TONGXIN_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name`` as the choice field it is, to fill its choices at run time
    (``form.fields`` is typed as holding plain fields)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Attach a service's error to the form field it names, or to the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def message_domain_error(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)
