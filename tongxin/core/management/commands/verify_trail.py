"""``manage.py verify_trail``: check every hash chain and name the first broken row."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tongxin.core import trail


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the audit trail and the ledger; store the result (shown on "
        "the audit committee's page) and fail naming the first broken row."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checks = trail.verify_all(checked_by_label="manage.py verify_trail")
        broken = []
        for check in checks:
            if check.is_intact:
                self.stdout.write(f"{check.chain}: intact, {check.rows_checked} rows")
            else:
                where = (
                    f"{check.broken_table} id {check.broken_id}"
                    if check.broken_id
                    else f"after position {(check.broken_seq or 1) - 1}"
                )
                line = (
                    f"{check.chain}: BROKEN at position {check.broken_seq} "
                    f"({where}): {check.problem}"
                )
                self.stdout.write(line)
                broken.append(line)
        if broken:
            raise CommandError(f"{len(broken)} chain(s) broken; first: {broken[0]}")
        self.stdout.write(self.style.SUCCESS(f"{len(checks)} chain(s) intact."))
