"""Writing person-times. Building blocks: they join the caller's transaction and do no access
check of their own (the domain service that grants the gift or checks the person in has)."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, models, transaction

from tongxin.members.models import Person

from .models import Participation


def _occasion(occasion: models.Model) -> tuple[str, str, str]:
    return occasion._meta.label_lower, str(occasion.pk), str(occasion)[:200]


def participation_record(
    *,
    person: Person,
    kind: str,
    occasion: models.Model,
    occurred_on: dt.date,
    amount_fen: int = 0,
) -> Participation:
    """Record that ``person`` took part in ``occasion``; a second call returns the first row.

    The person's current node is stored, so the record counts for the branch they were in.
    """
    occasion_type, occasion_id, label = _occasion(occasion)
    with transaction.atomic(savepoint=False):
        try:
            with transaction.atomic():
                return Participation.objects.create(
                    person=person,
                    node_id=person.node_id,
                    kind=kind,
                    occasion_type=occasion_type,
                    occasion_id=occasion_id,
                    occasion_label=label,
                    occurred_on=occurred_on,
                    amount_fen=amount_fen,
                )
        except IntegrityError:
            return Participation.objects.get(
                person=person, kind=kind, occasion_type=occasion_type, occasion_id=occasion_id
            )


def participation_record_many(
    *,
    people: Iterable[Person],
    kind: str,
    occasion: models.Model,
    occurred_on: dt.date,
    amount_fen: int = 0,
) -> int:
    """Record many people at one occasion in one insert; existing rows are skipped."""
    occasion_type, occasion_id, label = _occasion(occasion)
    rows = [
        Participation(
            person=person,
            node_id=person.node_id,
            kind=kind,
            occasion_type=occasion_type,
            occasion_id=occasion_id,
            occasion_label=label,
            occurred_on=occurred_on,
            amount_fen=amount_fen,
        )
        for person in people
    ]
    with transaction.atomic(savepoint=False):
        before = Participation.objects.filter(
            kind=kind, occasion_type=occasion_type, occasion_id=occasion_id
        ).count()
        Participation.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        after = Participation.objects.filter(
            kind=kind, occasion_type=occasion_type, occasion_id=occasion_id
        ).count()
    return after - before


def participation_record_each(
    *,
    kind: str,
    items: Iterable[tuple[Person, models.Model, dt.date, int]],
) -> None:
    """Record one person-time per ``(person, occasion, occurred_on, amount_fen)``, each at its
    own occasion (a batch of donations), in one insert; rows already recorded are kept as they
    are, as ``participation_record`` keeps the first row."""
    rows = []
    for person, occasion, occurred_on, amount_fen in items:
        occasion_type, occasion_id, label = _occasion(occasion)
        rows.append(
            Participation(
                person=person,
                node_id=person.node_id,
                kind=kind,
                occasion_type=occasion_type,
                occasion_id=occasion_id,
                occasion_label=label,
                occurred_on=occurred_on,
                amount_fen=amount_fen,
            )
        )
    if rows:
        Participation.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def participation_remove(*, person: Person, kind: str, occasion: models.Model) -> int:
    """Remove a person-time recorded in error (an undone check-in, a re-issued gift)."""
    occasion_type, occasion_id, _label = _occasion(occasion)
    with transaction.atomic(savepoint=False):
        deleted, _detail = Participation.objects.filter(
            person=person, kind=kind, occasion_type=occasion_type, occasion_id=occasion_id
        ).delete()
    return deleted
