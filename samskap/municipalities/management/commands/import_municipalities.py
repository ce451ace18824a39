from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.municipalities.importer import DEFAULT_PATH, ImportError_, import_municipalities


class Command(BaseCommand):
    help = "Load or update all Norwegian municipalities from the register CSV (all-or-nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH),
                            help="CSV file (default: the bundled 2025 register)")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = import_municipalities(options["path"], dry_run=options["dry_run"])
        except (ImportError_, OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        prefix = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{prefix} {len(summary.numbers)} municipalities: {summary.created} new, "
            f"{summary.updated} changed, {summary.unchanged} unchanged."
        )
