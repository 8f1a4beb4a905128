"""Scheduled work as Celery tasks (thin wrappers over the idempotent services); schedule
``proposals.remind_overdue`` daily with Celery beat, or run ``manage.py proposals_remind_overdue``."""

from tongxin.celery import app
from tongxin.orgs.actor import Actor

from . import services


@app.task(name="proposals.remind_overdue")
def proposals_remind_overdue() -> int:
    return services.proposal_overdue_remind(actor=Actor.system())
