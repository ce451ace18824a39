from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.knowledge.catalogue import CatalogueError, load_catalogue


class Command(BaseCommand):
    help = ("Load the national indicator catalogue and its legal references from the data "
            "files. Idempotent: updates indicators by code.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update-legal", action="store_true",
            help="also overwrite existing legal references with the data file (by default "
                 "they are only created, so corrections made in the admin are kept)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_catalogue(update_legal=options["update_legal"])
        except CatalogueError as error:
            raise CommandError(str(error)) from error
        for line in counts.lines():
            self.stdout.write(line)
