"""Compare parsed cells with what is stored, and replace the stored series with them.

Re-importing an indicator replaces its whole series (FHI revises history): the indicator's
stored observations within the import's scope are deleted and the file's cells inserted, in
the caller's transaction. On PostgreSQL the cells go in through ``COPY``; elsewhere through
``bulk_create``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection

from samskap.knowledge.importers.common import (
    CellKey,
    Parsed,
    Scope,
    geo_level,
    same_value,
)
from samskap.knowledge.models import ImportBatch, Observation

BATCH_SIZE = 5000
NULL = "\\N"
COPY_COLUMNS = ("indicator_id", "geo", "geo_level", "period_start", "period_end", "sex", "age",
                "dimensions", "dimensions_key", "measure", "value", "flag", "flag_symbol",
                "n_years", "batch_id")
_STORED = ("indicator_id", "geo", "period_start", "period_end", "sex", "age", "dimensions_key",
           "measure", "value", "flag", "flag_symbol", "n_years")


def stored_in_scope(parsed: Parsed, scope: Scope) -> Any:
    return scope.filter(Observation.objects.filter(indicator_id__in=list(parsed.indicators)))


def _stored(parsed: Parsed, scope: Scope) -> dict[CellKey, tuple[Any, ...]]:
    """The stored cells in scope: {key: (value, flag, flag_symbol, n_years)}."""
    queryset = stored_in_scope(parsed, scope).values_list(*_STORED)
    sql, params = queryset.query.sql_with_params()
    stored: dict[CellKey, tuple[Any, ...]] = {}
    # A plain cursor: the ORM's per-row work costs more than the comparison itself.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(20000):
            for row in rows:
                stored[tuple(row[:8])] = tuple(row[8:])
    return stored


def compare(parsed: Parsed, scope: Scope) -> dict[str, Any]:
    """How many cells are new, changed or unchanged, and how many stored ones would go."""
    cells = parsed.cells
    stored = _stored(parsed, scope)
    new = changed = unchanged = 0
    if stored:
        for key, (value, flag, symbol, n_years, _line) in cells.items():
            old = stored.pop(key, None)
            if old is None:
                new += 1
            elif (old[1] == flag and old[2] == symbol and old[3] == n_years
                  and same_value(old[0], value)):
                unchanged += 1
            else:
                changed += 1
    else:
        new = len(cells)
    flags = Counter(data[1] for data in cells.values() if data[1])
    return {
        "rows": parsed.rows,
        "observations": len(cells),
        "new": new,
        "changed": changed,
        "unchanged": unchanged,
        "removed": len(stored),
        "suppressed": sum(flags.values()),
        "flags": dict(sorted(flags.items())),
        "rejected": parsed.rejected,
        "empty": parsed.empty,
        "warnings": parsed.warning_count,
        "warning_messages": list(parsed.warnings),
        "indicators": sorted(indicator.code for indicator in parsed.indicators.values()),
        "geographies": len({key[1] for key in cells}),
        "first_year": min((key[2] for key in cells), default=None),
        "last_year": max((key[3] for key in cells), default=None),
    }


def replace_series(parsed: Parsed, scope: Scope, batch: ImportBatch) -> None:
    """Delete the indicators' stored observations in scope, then insert the parsed cells."""
    stored_in_scope(parsed, scope).delete()
    if connection.vendor == "postgresql":
        _copy(parsed, batch)
    else:
        objects = (Observation(
            indicator_id=key[0], geo=key[1], geo_level=geo_level(key[1]), period_start=key[2],
            period_end=key[3], sex=key[4], age=key[5], dimensions=parsed.dimensions[key[6]],
            dimensions_key=key[6], measure=key[7], value=data[0], flag=data[1],
            flag_symbol=data[2], n_years=data[3], batch=batch,
        ) for key, data in parsed.cells.items())
        for chunk in _chunks(objects, BATCH_SIZE):
            Observation.objects.bulk_create(chunk, batch_size=BATCH_SIZE)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _escape(text: str) -> str:
    """A value in PostgreSQL's COPY text format."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _copy(parsed: Parsed, batch: ImportBatch) -> None:
    """Stream the cells into the table with COPY: the fast path for large files."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    sql = f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN"
    dimensions = {key: _escape(json.dumps(value, ensure_ascii=False, sort_keys=True)) + "\t"
                  + _escape(key) for key, value in parsed.dimensions.items()}
    # The cells' dimensions text, then the columns written as they are (validated codes).
    texts: dict[str, str] = {}
    levels: dict[str, str] = {}
    tail = f"\t{batch.pk}\n"
    lines: list[str] = []
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for key, data in parsed.cells.items():
            geo, measure, value, symbol, n_years = key[1], key[7], data[0], data[2], data[3]
            level = levels.get(geo) or levels.setdefault(geo, geo_level(geo))
            measure_text = texts.get(measure) or texts.setdefault(measure, _escape(measure))
            lines.append(
                f"{key[0]}\t{geo}\t{level}\t{key[2]}\t{key[3]}\t{key[4]}\t{key[5]}\t"
                f"{dimensions[key[6]]}\t{measure_text}\t{NULL if value is None else value}\t"
                f"{data[1]}\t{_escape(symbol) if symbol else ''}\t"
                f"{NULL if n_years is None else n_years}{tail}")
            if len(lines) >= BATCH_SIZE:
                copy.write("".join(lines))
                lines.clear()
        if lines:
            copy.write("".join(lines))
