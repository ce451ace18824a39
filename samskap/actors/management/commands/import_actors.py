from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.actors.transfer import ImportFailed, import_file
from samskap.core.cli_access import acting_user
from samskap.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Import actors or settings (CSV or JSON), all or nothing: "
            "samskap import-actors PATH --municipality NNNN [--dry-run]")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file to import")
        parser.add_argument("--municipality", metavar="NNNN", required=True)
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would change, write nothing")
        parser.add_argument("--as", dest="as_user", metavar="EMAIL",
                            help="act as this user (their permission to change actors is "
                                 "checked)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(number=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality numbered {options['municipality']}.")
        user = acting_user(options["as_user"], "samskap.edit_actors", municipality)
        path = Path(options["path"])
        try:
            result = import_file(path.read_bytes(), str(path), municipality=municipality,
                                 user=user, dry_run=options["dry_run"])
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from error
        self.stdout.write(result.summary())
