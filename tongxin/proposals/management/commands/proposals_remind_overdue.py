from django.core.management.base import BaseCommand

from tongxin.orgs.actor import Actor
from tongxin.proposals import services


class Command(BaseCommand):
    help = (
        "Remind departments and the congress secretariat of overdue proposal replies (once a day)."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = services.proposal_overdue_remind(actor=Actor.system())
        self.stdout.write(f"overdue proposals reminded: {count}")
