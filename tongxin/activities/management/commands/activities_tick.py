from django.core.management.base import BaseCommand

from tongxin.activities import services
from tongxin.orgs.actor import Actor


class Command(BaseCommand):
    help = "Expire unanswered waitlist offers, draw due lotteries and send reminders (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        system = Actor.system()
        expired = services.activity_expire_offers(actor=system)
        drawn = services.activity_draw_due_lotteries(actor=system)
        reminded = services.activity_send_reminders(actor=system)
        self.stdout.write(
            f"offers expired: {expired}, lotteries drawn: {drawn}, reminders sent: {reminded}"
        )
