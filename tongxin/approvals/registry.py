"""Where each kind of subject is decided: domain apps register the URL name of their page.

The inbox lists every pending request; the decision itself happens on the domain page, whose
service calls ``approval_decide`` and then acts on the outcome (pays, joins, …).
"""

from django.urls import reverse

_subject_urls: dict[str, str] = {}


def register_subject_url(subject_type: str, url_name: str) -> None:
    """``subject_type`` is a model's ``label_lower``; the URL takes the subject's pk."""
    _subject_urls[subject_type] = url_name


def subject_url(subject_type: str, subject_id: str) -> str | None:
    url_name = _subject_urls.get(subject_type)
    return reverse(url_name, args=[subject_id]) if url_name else None
