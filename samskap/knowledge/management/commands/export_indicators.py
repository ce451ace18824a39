from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.knowledge.importers import export
from samskap.knowledge.models import Indicator
from samskap.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Write stored observations as CSV or JSON: samskap export-indicators "
            "[--municipality NNNN] [--indicator CODE] [--format csv|json] [--output FILE]")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="NNNN",
                            help="only the municipality, its districts, its county and Norway")
        parser.add_argument("--indicator", metavar="CODE", help="only this indicator")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", metavar="FILE", help="write here (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = indicator = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(number=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"No municipality numbered {options['municipality']}.")
        if options["indicator"]:
            indicator = Indicator.objects.filter(code=options["indicator"]).first()
            if indicator is None:
                raise CommandError(f"No indicator with the code {options['indicator']!r}.")
        rows = export.observations(municipality, indicator)
        write = export.write_json if options["format"] == "json" else export.write_csv
        if not options["output"]:
            self.stdout.ending = ""  # the writers end their own lines
            write(rows, self.stdout)
            return
        try:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = write(rows, out)
        except OSError as error:
            raise CommandError(f"{options['output']}: {error.strerror or error}") from error
        self.stderr.write(f"Wrote {count} observations to {options['output']}.")
