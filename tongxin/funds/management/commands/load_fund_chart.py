"""Load a version of the fund chart from data: ``manage.py load_fund_chart [source]``."""

from django.core.management.base import BaseCommand, CommandParser

from tongxin.funds.services import chart_load
from tongxin.funds.services.chart import DEFAULT_CHART_MODULE
from tongxin.orgs.actor import Actor


class Command(BaseCommand):
    help = (
        "Load a fund chart version from a data module or a JSON file (idempotent per chart code)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", default=DEFAULT_CHART_MODULE)

    def handle(self, *args: object, **options: object) -> None:
        chart = chart_load(actor=Actor.system(), source=str(options["source"]))
        self.stdout.write(
            f"{chart.code}: {chart.categories.count()} categories, in force from {chart.effective_from}"
        )
