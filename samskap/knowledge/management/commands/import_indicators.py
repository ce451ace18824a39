from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.core.cli_access import acting_user
from samskap.knowledge.actions_import import ImportFailed, import_indicators, summary_line
from samskap.knowledge.models import ImportBatch, Indicator
from samskap.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Import indicator data (FHI cube CSV, JSON-stat 2 or tidy CSV), all or nothing: "
            "samskap import-indicators PATH [--indicator CODE] [--dry-run]")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file to import")
        parser.add_argument("--indicator", metavar="CODE",
                            help="the indicator the file holds (needed for FHI cube files)")
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would change, write nothing")
        parser.add_argument("--format", choices=[value for value, _ in
                                                 ImportBatch.Format.choices],
                            help="the file's format (default: detected from its content)")
        parser.add_argument("--municipality", metavar="NNNN",
                            help="import for this municipality: only its own geographies, "
                                 "districts, county and Norway are written")
        parser.add_argument("--as", dest="as_user", metavar="EMAIL",
                            help="act as this user (needs --municipality; their permission "
                                 "to import is checked)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(number=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"No municipality numbered {options['municipality']}.")
        elif options["as_user"]:
            raise CommandError("--as needs --municipality.")
        user = acting_user(options["as_user"], "samskap.import_indicators", municipality)
        indicator = None
        if options["indicator"]:
            indicator = Indicator.objects.filter(code=options["indicator"]).first()
            if indicator is None:
                raise CommandError(f"No indicator with the code {options['indicator']!r}.")
        path = Path(options["path"])
        try:
            data = path.read_bytes()
            result = import_indicators(
                data, str(path), format=options["format"], indicator=indicator,
                municipality=municipality, user=user, dry_run=options["dry_run"])
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from error
        self.stdout.write(summary_line(result.summary, dry_run=result.dry_run))
        for message in result.summary["warning_messages"]:
            self.stdout.write(f"  warning: {message}")
