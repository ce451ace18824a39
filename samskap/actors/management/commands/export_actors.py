from __future__ import annotations

import io
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.actors import transfer
from samskap.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Write a municipality's actors (or settings) as CSV for Excel, or both as JSON: "
            "samskap export-actors --municipality NNNN [--format csv|json] "
            "[--table actors|settings] [--output FILE]")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="NNNN", required=True)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        # Not --settings: Django's own option of that name picks the settings module.
        parser.add_argument("--table", choices=["actors", "settings"], default="actors",
                            help="CSV only: the actors, or the settings and their links")
        parser.add_argument("--output", metavar="FILE", help="write here (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(number=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality numbered {options['municipality']}.")
        if options["format"] == "json":
            buffer = io.StringIO()
            transfer.write_json(municipality, buffer)
            data = buffer.getvalue().encode("utf-8")
        elif options["table"] == "settings":
            data = transfer.settings_csv(municipality)
        else:
            data = transfer.actors_csv(municipality)
        if not options["output"]:
            out = getattr(self.stdout, "_out", sys.stdout)
            if hasattr(out, "buffer"):
                out.buffer.write(data)
                out.flush()
            else:
                out.write(data.decode("utf-8"))
            return
        try:
            with open(options["output"], "wb") as file:
                file.write(data)
        except OSError as error:
            raise CommandError(f"{options['output']}: {error.strerror or error}") from error
        self.stderr.write(f"Wrote {options['format'].upper()} to {options['output']}.")
