from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.knowledge import document as overview
from samskap.knowledge.models import OverviewDocument
from samskap.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Write a municipality's overview document as DOCX, PDF or HTML, in the "
            "municipality's language: samskap overview-document --municipality 9999 "
            "--format pdf --output oversikt.pdf [--document ID]")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="municipality number")
        parser.add_argument("--format", required=True, choices=sorted(overview.FORMATS),
                            dest="fmt")
        parser.add_argument("--output", required=True, type=Path, metavar="FILE")
        parser.add_argument("--document", type=int, metavar="ID",
                            help="the document's id (default: the newest)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(number=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality numbered {options['municipality']}.")
        documents = OverviewDocument.objects.filter(municipality=municipality).select_related(
            "municipality", "cycle").order_by("-created_at", "-pk")
        if options["document"] is not None:
            documents = documents.filter(pk=options["document"])
        document = documents.first()
        if document is None:
            raise CommandError(
                f"{municipality} has no overview document"
                + (f" with id {options['document']}." if options["document"] else "."))
        exported = overview.export(document, options["fmt"])
        output: Path = options["output"]
        try:
            output.write_bytes(exported.data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(f"{output}: “{document.title}” ({document.get_status_display()}), "
                          f"{options['fmt'].upper()}, {len(exported.data):,} bytes")
