"""Import a file of indicator data: all or nothing, with a dry run that writes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from samskap.audit import log
from samskap.knowledge.importers import fhi_cube, json_stat, store, tidy_csv
from samskap.knowledge.importers.common import ImportFailed, Parsed, Scope
from samskap.knowledge.importers.detect import detect_format
from samskap.knowledge.models import ImportBatch, Indicator
from samskap.lib.fileimport import decode
from samskap.municipalities.models import Municipality

__all__ = ["ImportFailed", "ImportResult", "import_indicators"]

PARSERS = {
    ImportBatch.Format.FHI_CUBE.value: fhi_cube.parse,
    ImportBatch.Format.JSON_STAT.value: json_stat.parse,
    ImportBatch.Format.TIDY_CSV.value: tidy_csv.parse,
}


@dataclass
class ImportResult:
    summary: dict[str, Any]
    dry_run: bool
    batch: ImportBatch | None = None


def import_indicators(
    data: bytes,
    file_name: str,
    *,
    format: str | None = None,
    indicator: Indicator | None = None,
    municipality: Municipality | None = None,
    user: Any = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read ``data`` (the file ``file_name``) and replace the series of its indicators.

    With ``municipality``, only that municipality's geographies (its own and its districts)
    are written; other rows, the county's and Norway's included, are counted as rejected. Raises
    :class:`ImportFailed` naming file, line and column of the first problem; then nothing
    is written, not even the import's record.
    """
    text, encoding = decode(file_name, data)
    format = format or detect_format(file_name, text)
    if format not in PARSERS:
        raise ImportFailed(file_name, None, "", f"unknown format {format!r}")
    scope = Scope(municipality)
    if indicator is not None and municipality is not None and not (
            Indicator.objects.for_municipality(municipality).filter(pk=indicator.pk).exists()):
        raise ImportFailed(file_name, None, "", f"no indicator with the code {indicator.code!r}")
    parsed = PARSERS[format](file_name, text, indicator, scope)
    facts = {"file": file_name, "format": format, "encoding": encoding,
             "delimiter": parsed.delimiter, "decimal": parsed.decimal}
    if dry_run:
        return ImportResult(summary=facts | store.compare(parsed, scope), dry_run=True)
    with transaction.atomic():
        return _write(parsed, scope, data, facts, municipality, user)


def _write(parsed: Parsed, scope: Scope, data: bytes, facts: dict[str, Any],
           municipality: Municipality | None, user: Any) -> ImportResult:
    # Concurrent imports of the same indicator wait for each other (PostgreSQL).
    list(Indicator.objects.select_for_update().filter(pk__in=list(parsed.indicators))
         .values_list("pk", flat=True))
    summary = facts | store.compare(parsed, scope)
    batch = ImportBatch.objects.create(
        municipality=municipality,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
        file_name=facts["file"][:255],
        sha256=hashlib.sha256(data).hexdigest(),
        format=facts["format"],
        encoding=facts["encoding"],
        delimiter=facts["delimiter"],
        summary=summary,
    )
    batch.indicators.set(list(parsed.indicators))
    store.replace_series(parsed, scope, batch)
    log.record(actor=user, action="indicators.import", obj=batch, municipality=municipality,
               after={key: summary[key] for key in (
                   "file", "format", "indicators", "rows", "observations", "new", "changed",
                   "unchanged", "removed", "suppressed", "rejected")} | {"sha256": batch.sha256})
    return ImportResult(summary=summary, dry_run=False, batch=batch)


def summary_line(summary: dict[str, Any], *, dry_run: bool) -> str:
    """One sentence for the command line."""
    verb = "Would import" if dry_run else "Imported"
    return (f"{verb} {summary['observations']} observations of "
            f"{', '.join(summary['indicators']) or 'no indicator'} from {summary['rows']} rows "
            f"({summary['format']}, {summary['encoding']}"
            f"{', separator ' + repr(summary['delimiter']) if summary['delimiter'] else ''}): "
            f"{summary['new']} new, {summary['changed']} changed, {summary['unchanged']} "
            f"unchanged, {summary['removed']} removed; {summary['suppressed']} suppressed "
            f"(no value), {summary['rejected']} rejected, {summary['warnings']} warnings.")
