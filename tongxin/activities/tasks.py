"""Scheduled work as Celery tasks (thin wrappers over the idempotent services); schedule
``activities.tick`` every few minutes with Celery beat, or run ``manage.py activities_tick``."""

from tongxin.celery import app
from tongxin.orgs.actor import Actor

from . import services


@app.task(name="activities.tick")
def activities_tick() -> dict[str, int]:
    system = Actor.system()
    return {
        "expired": services.activity_expire_offers(actor=system),
        "drawn": services.activity_draw_due_lotteries(actor=system),
        "reminded": services.activity_send_reminders(actor=system),
    }
