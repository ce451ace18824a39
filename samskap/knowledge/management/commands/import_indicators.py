from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samskap.core.cli_access import acting_user
from samskap.knowledge.actions_import import (
    ImportFailed,
    ImportFile,
    import_indicator_files,
    summary_line,
)
from samskap.knowledge.models import ImportBatch, Indicator
from samskap.municipalities.models import Municipality


class Command(BaseCommand):
    help = ("Import indicator data (FHI cube CSV, JSON-stat 2 or tidy CSV), all or nothing: "
            "samskap import-indicators PATH [PATH ...] [--indicator CODE] [--dry-run]. "
            "Several files (or a folder of them) are imported in one transaction; an FHI cube "
            "file among them holds the indicator its file name says (synthetic_01.csv: the "
            "indicator synthetic_01) unless --indicator names it (then only one file).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="+",
                            help="the file to import, or several, or a folder of them")
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
        paths = _paths(options["path"])
        if indicator is not None and len(paths) > 1:
            raise CommandError("--indicator names the indicator of one file; with several "
                               "files, each cube file is named after its indicator's code.")
        codes = {path.stem: path for path in paths}
        by_code = ({} if indicator is not None else
                   Indicator.objects.in_bulk(list(codes), field_name="code"))
        try:
            files = [ImportFile(path.read_bytes(), str(path),
                                indicator or by_code.get(path.stem), options["format"])
                     for path in paths]
            results = import_indicator_files(files, municipality=municipality, user=user,
                                             dry_run=options["dry_run"])
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror or error}") from error
        for result in results:
            self._report(result)
        if len(results) > 1:
            total = sum(result.summary["observations"] for result in results)
            verb = "Would import" if options["dry_run"] else "Imported"
            self.stdout.write(f"{verb} {total} observations from {len(results)} files in one "
                              f"transaction.")

    def _report(self, result: Any) -> None:
        self.stdout.write(summary_line(result.summary, dry_run=result.dry_run))
        for message in result.summary["warning_messages"]:
            self.stdout.write(f"  warning: {message}")


def _paths(given: list[str]) -> list[Path]:
    """The files named, a folder standing for the files in it (sorted, hidden ones left out)."""
    paths: list[Path] = []
    for name in given:
        path = Path(name)
        if path.is_dir():
            paths += sorted(child for child in path.iterdir()
                            if child.is_file() and not child.name.startswith("."))
        else:
            paths.append(path)
    if not paths:
        raise CommandError(f"No files in {', '.join(given)}.")
    return paths
