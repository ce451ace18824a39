"""Import a file of indicator data: all or nothing, with a dry run that writes nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from samskap.audit import log
from samskap.knowledge import storage
from samskap.knowledge.importers import fhi_cube, json_stat, store, tidy_csv
from samskap.knowledge.importers.common import ImportFailed, Parsed, Scope
from samskap.knowledge.importers.detect import detect_format
from samskap.knowledge.models import ImportBatch, Indicator
from samskap.lib.fileimport import decode
from samskap.municipalities.models import Municipality

__all__ = ["ImportFailed", "ImportFile", "ImportResult", "import_indicator_files",
           "import_indicators"]

#: How many FHI cube files are read ahead of the one being written, and by how many threads
#: (two overlap the parts of reading that let go of the interpreter: pyarrow's, numpy's).
READ_AHEAD = 3
READERS = 2

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
    return import_indicator_files([ImportFile(data, file_name, indicator, format)],
                                  municipality=municipality, user=user, dry_run=dry_run)[0]


@dataclass(frozen=True)
class ImportFile:
    """One file of an import: its bytes and name, and the indicator when the file can't say."""

    data: bytes
    file_name: str
    indicator: Indicator | None = None
    format: str | None = None


def import_indicator_files(files: Sequence[ImportFile], *,
                           municipality: Municipality | None = None, user: Any = None,
                           dry_run: bool = False) -> list[ImportResult]:
    """Import several files all or nothing, in one transaction (an import record each).

    The operator's way to bring a whole release of FHI's cube files (one file per indicator):
    the first problem in any file stops the whole import and nothing is written. An indicator
    may be in only one of the files.

    FHI cube files are read and packed into blocks up to :data:`READ_AHEAD` files ahead of
    the one being written, in :data:`READERS` worker threads, so that reading overlaps the
    database's work (their reader never touches the database; the other formats look their
    indicators up and are read here). A forked process instead of the threads was measured
    slower (``benchmarks/import_fhi.py``): the two cores are busy either way, and the
    process pays for the fork.

    On PostgreSQL the files' blocks go into one ``COPY`` (:class:`storage.BlockStream`),
    which the database works through while the next files are read; any other query (a
    layout not stored yet, a series to compare or delete) ends it first. The import records
    are stored first, since the blocks refer to them, and completed with each file's summary,
    indicators and audit entry at the end.
    """
    scope = Scope(municipality)
    for file in files:
        _check_indicator(file, municipality)
    owner: dict[int, str] = {}
    results = []
    written: list[tuple[ImportBatch, list[int]]] = []  # (record, its indicators)
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="samskap-import") as pool:
        ahead: dict[int, Future[_Read]] = {}

        def read_ahead(index: int) -> None:
            """One file (an upload) is read where it is written; several, ahead in the
            workers (which never touch the database), from before the import's first query."""
            for later in range(index, min(index + 1 + READ_AHEAD, len(files))):
                if later not in ahead and len(files) > 1:
                    ahead[later] = pool.submit(_read_cube, files[later], scope)

        try:
            read_ahead(0)
            with nullcontext() if dry_run else transaction.atomic(), \
                    storage.BlockStream() as stream:  # (a dry run writes nothing into it)
                named = [file.indicator.pk for file in files if file.indicator]
                if not dry_run:
                    _lock(named)
                known = store.Known(scope, named)
                if known.stored:  # (a re-import: the stored series read, then deleted, at once)
                    known.fetch()
                    if not dry_run:
                        known.delete()
                # The import records first: the blocks refer to them.
                batches = [] if dry_run else _new_batches(files, municipality, user)
                for index, file in enumerate(files):
                    read_ahead(index)
                    decoded, early = (ahead.pop(index).result() if index in ahead
                                      else (_decoded(file), None))
                    parsed, facts = early or _parsed(file, *decoded, scope)
                    for pk, found in parsed.indicators.items():
                        if pk in owner:
                            raise ImportFailed(
                                file.file_name, None, "",
                                f"the indicator {found.code} is also in {owner[pk]}")
                        owner[pk] = file.file_name
                    if dry_run:
                        results.append(ImportResult(
                            summary=facts | store.compare(parsed, scope, known), dry_run=True))
                        continue
                    if not known.indicators.issuperset(parsed.indicators):
                        _lock(list(parsed.indicators))  # (named by the file: not locked yet)
                    summary = facts | store.compare(parsed, scope, known)
                    store.replace_series(parsed, scope, batches[index], known, stream)
                    _completed(batches[index], file, summary)
                    results.append(ImportResult(summary=summary, dry_run=False,
                                                batch=batches[index]))
                    written.append((batches[index], list(parsed.indicators)))
                if not dry_run:
                    stream.end()
                    _record(written, municipality, user)
        finally:
            for future in ahead.values():
                future.cancel()
    return results


def _new_batches(files: Sequence[ImportFile], municipality: Municipality | None,
                 user: Any) -> list[ImportBatch]:
    """An import record per file, stored before the file's blocks (which refer to it) and
    completed when the file is written (:func:`_completed`, :func:`_record`)."""
    return ImportBatch.objects.bulk_create([ImportBatch(
        municipality=municipality,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
        file_name=file.file_name[:255], sha256="", format=file.format or "")
        for file in files])


def _completed(batch: ImportBatch, file: ImportFile, summary: dict[str, Any]) -> None:
    """What the import record says of its file, once it is read (stored by :func:`_record`)."""
    batch.sha256 = hashlib.sha256(file.data).hexdigest()
    batch.format = summary["format"]
    batch.encoding = summary["encoding"]
    batch.delimiter = summary["delimiter"]
    batch.summary = summary


def _record(written: list[tuple[ImportBatch, list[int]]], municipality: Municipality | None,
            user: Any) -> None:
    """Store the import records' summaries and indicators, and an audit entry per file."""
    batches = [batch for batch, _indicators in written]
    _update_batches(batches)
    ImportBatch.indicators.through.objects.bulk_create([
        ImportBatch.indicators.through(importbatch_id=batch.pk, indicator_id=pk)
        for batch, indicators in written for pk in indicators])
    log.record_many({
        "actor": user, "action": "indicators.import", "obj": batch,
        "municipality": municipality,
        "after": {key: batch.summary[key] for key in (
            "file", "format", "indicators", "rows", "observations", "new", "changed",
            "unchanged", "removed", "suppressed", "rejected")} | {"sha256": batch.sha256}}
        for batch in batches)


def _lock(indicators: list[int]) -> None:
    """Concurrent imports of the same indicator wait for each other (PostgreSQL)."""
    list(Indicator.objects.select_for_update().filter(pk__in=sorted(indicators))
         .order_by("pk").values_list("pk", flat=True))


def _check_indicator(file: ImportFile, municipality: Municipality | None) -> None:
    indicator = file.indicator
    if indicator is not None and municipality is not None and not (
            Indicator.objects.for_municipality(municipality).filter(pk=indicator.pk).exists()):
        raise ImportFailed(file.file_name, None, "",
                           f"no indicator with the code {indicator.code!r}")


#: (text, encoding, format) of a file, and what was read of it where it was read ahead.
_Read = tuple[tuple[str, str, str], tuple[Parsed, dict[str, Any]] | None]


def _decoded(file: ImportFile) -> tuple[str, str, str]:
    text, encoding = decode(file.file_name, file.data)
    format = file.format or detect_format(file.file_name, text)
    if format not in PARSERS:
        raise ImportFailed(file.file_name, None, "", f"unknown format {format!r}")
    return text, encoding, format


def _read_cube(file: ImportFile, scope: Scope) -> _Read:
    """A file decoded (ahead, in a worker thread), and read and packed into blocks too
    when it is an FHI cube file: then only the blocks and what the summary says of the cells
    are kept (the memory of the cells is let go at once)."""
    decoded = _decoded(file)
    if decoded[2] != ImportBatch.Format.FHI_CUBE.value:
        return decoded, None
    parsed, facts = _parsed(file, *decoded, scope)
    store.packed(parsed)
    parsed.drop_cells()
    return decoded, (parsed, facts)


def _parsed(file: ImportFile, text: str, encoding: str, format: str,
            scope: Scope) -> tuple[Parsed, dict[str, Any]]:
    parsed = PARSERS[format](file.file_name, text, file.indicator, scope)
    facts = {"file": file.file_name, "format": format, "encoding": encoding,
             "delimiter": parsed.delimiter, "decimal": parsed.decimal}
    return parsed, facts


_COMPLETED = ("sha256", "format", "encoding", "delimiter", "summary")


def _update_batches(batches: list[ImportBatch]) -> None:
    """Store what :func:`_completed` set on the import records: on PostgreSQL in one
    ``UPDATE … FROM (VALUES …)`` (Django's ``bulk_update`` took 40 ms for 60 files, most of
    it building its ``CASE`` expressions)."""
    if not batches:
        return
    if connection.vendor != "postgresql":
        ImportBatch.objects.bulk_update(batches, list(_COMPLETED))
        return
    quote = connection.ops.quote_name
    summary = ImportBatch._meta.get_field("summary")
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s::jsonb)"] * len(batches))
    sql = (f"UPDATE {quote(ImportBatch._meta.db_table)} AS batch SET "  # noqa: S608 - names
           + ", ".join(f"{quote(name)} = completed.{quote(name)}" for name in _COMPLETED)
           + f" FROM (VALUES {rows}) AS completed (id, "
           + ", ".join(quote(name) for name in _COMPLETED) + ") WHERE batch.id = completed.id")
    params = [value for batch in batches for value in (
        batch.pk, batch.sha256, batch.format, batch.encoding, batch.delimiter,
        summary.get_db_prep_value(batch.summary, connection))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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
