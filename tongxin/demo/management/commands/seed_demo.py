from django.core.management.base import BaseCommand

from tongxin.demo import seed


class Command(BaseCommand):
    help = "Load the demo union (idempotent) and print a login for each role."

    def handle(self, *args: object, **options: object) -> None:
        ctx = seed.run(self.stdout)
        from tongxin.demo.people import print_logins

        print_logins(self.stdout)
        if ctx is not None:
            self.stdout.write(self.style.SUCCESS("The demo union is ready."))
