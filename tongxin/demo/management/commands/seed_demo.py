import datetime as dt
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.demo import seed


class Command(BaseCommand):
    help = (
        "Load the demo union (idempotent) and print a login for each role. The seed school's "
        "year is played as the last academic year completed before today; the current one is "
        "underway."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help=(
                "Build as if today were this date (YYYY-MM-DD; default: the real date). The "
                "services' clock is shifted to that day while building."
            ),
        )
        parser.add_argument(
            "--url",
            default=None,
            help="The address printed for the demo (default http://127.0.0.1:$PORT, PORT 8000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: {exc}") from exc
        ctx = seed.run(self.stdout, today=today)
        from tongxin.demo.people import print_logins

        url = options["url"] or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
        print_logins(self.stdout, url)
        if ctx is not None:
            self.stdout.write(self.style.SUCCESS("The demo union is ready."))
