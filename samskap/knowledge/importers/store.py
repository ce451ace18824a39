"""Compare parsed cells with what is stored, and replace the stored series with them.

Re-importing an indicator replaces its whole series (FHI revises history): the indicator's
stored observations within the import's scope are deleted and the file's cells inserted, in
the caller's transaction. On PostgreSQL the cells go in through ``COPY``; elsewhere through
one prepared ``INSERT`` run for all of them.
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any

import numpy
import pandas
from django.db import connection

from samskap.knowledge.importers.common import (
    CellKey,
    Parsed,
    Scope,
    geo_level,
    same_value,
)
from samskap.knowledge.importers.table import CellTable, combine
from samskap.knowledge.models import ImportBatch, Observation

#: Cells per piece of COPY text.
COPY_CHUNK = 100_000
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
    table = parsed.cell_table()
    stored = _stored(parsed, scope)
    new = changed = unchanged = 0
    if stored:
        for key, (value, flag, symbol, n_years, _line) in zip(table.keys(), table.data(),
                                                               strict=True):
            old = stored.pop(key, None)
            if old is None:
                new += 1
            elif (old[1] == flag and old[2] == symbol and old[3] == n_years
                  and same_value(old[0], value)):
                unchanged += 1
            else:
                changed += 1
    else:
        new = len(table)
    flags = table.flag_counts()
    periods = table.period.used()
    return {
        "rows": parsed.rows,
        "observations": len(table),
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
        "geographies": len(table.geo.used()),
        "first_year": min((start for start, _end in periods), default=None),
        "last_year": max((end for _start, end in periods), default=None),
    }


def replace_series(parsed: Parsed, scope: Scope, batch: ImportBatch) -> None:
    """Delete the indicators' stored observations in scope, then insert the parsed cells."""
    stored_in_scope(parsed, scope).delete()
    table = parsed.cell_table()
    if not len(table):
        return
    if connection.vendor == "postgresql":
        _copy(table, parsed.dimensions, batch)
    else:
        _insert(table, parsed.dimensions, batch)


def _escape(text: str) -> str:
    """A value in PostgreSQL's COPY text format."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _first_rows(codes: numpy.ndarray) -> numpy.ndarray:
    """For dense codes 0..n-1: the first position of each."""
    return numpy.unique(codes, return_index=True)[1]


def _copy(table: CellTable, dimensions: dict[str, dict[str, str]], batch: ImportBatch) -> None:
    """Stream the cells into the table with COPY: the fast path for large files.

    Each line is three pieces: the indicator and place; the period, stratum, measure and flag
    (few distinct combinations, each written once); the value. The pieces are put in order
    with numpy and joined once, so no text is built per cell in Python.
    """
    quote = connection.ops.quote_name
    columns = (*COPY_COLUMNS[:10], "flag", "flag_symbol", "n_years", "batch_id", "value")
    sql = (f"COPY {quote(Observation._meta.db_table)} ({', '.join(columns)}) "
           f"FROM STDIN")
    dimension_texts = [
        _escape(json.dumps(dimensions[key], ensure_ascii=False, sort_keys=True)) + "\t"
        + _escape(key) for key in table.dimensions.values]

    # Lines start with their newline: the first one's is dropped below.
    head, _heads = combine(table.indicator.codes, len(table.indicator.values),
                               table.geo.codes, len(table.geo.values))
    first = _first_rows(head)
    heads = [f"\n{table.indicator.values[i]}\t{_escape(geo)}\t{geo_level(geo)}\t"
             for i, geo in zip(table.indicator.codes[first].tolist(),
                               (table.geo.values[g] for g in table.geo.codes[first].tolist()),
                               strict=True)]

    parts = [table.period, table.sex, table.age, table.dimensions, table.measure, table.flag,
             table.n_years]
    middle, size = parts[0].codes, len(parts[0].values)
    for part in parts[1:]:
        middle, size = combine(middle, size, part.codes, len(part.values))
    first = _first_rows(middle)
    middles = []
    for row in first.tolist():
        start, end = table.period.values[table.period.codes[row]]
        flag, symbol = table.flag.values[table.flag.codes[row]]
        n_years = table.n_years.values[table.n_years.codes[row]]
        middles.append(
            f"{start}\t{end}\t{_escape(table.sex.values[table.sex.codes[row]])}\t"
            f"{_escape(table.age.values[table.age.codes[row]])}\t"
            f"{dimension_texts[table.dimensions.codes[row]]}\t"
            f"{_escape(table.measure.values[table.measure.codes[row]])}\t{flag}\t"
            f"{_escape(symbol)}\t{NULL if n_years is None else n_years}\t{batch.pk}\t")

    values = table.value.copy()
    values[pandas.isna(values)] = NULL
    head_texts = numpy.array(heads, dtype=object)
    middle_texts = numpy.array(middles, dtype=object)
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for begin in range(0, len(table), COPY_CHUNK):
            stop = min(begin + COPY_CHUNK, len(table))
            pieces = numpy.empty(3 * (stop - begin), dtype=object)
            pieces[0::3] = head_texts[head[begin:stop]]
            pieces[1::3] = middle_texts[middle[begin:stop]]
            pieces[2::3] = values[begin:stop]
            text = "".join(pieces.tolist())
            copy.write(text[1:] if begin == 0 else text)
        copy.write("\n")


def _insert(table: CellTable, dimensions: dict[str, dict[str, str]],
            batch: ImportBatch) -> None:
    """Insert the cells with one prepared statement (SQLite and other databases)."""
    quote = connection.ops.quote_name
    field = Observation._meta.get_field("dimensions")
    dimension_values = [field.get_db_prep_value(dimensions[key], connection)
                        for key in table.dimensions.values]
    periods = table.period.array()
    flags = table.flag.array()
    geos = table.geo.array()
    levels = {geo: geo_level(geo) for geo in table.geo.values}
    rows = zip(table.indicator.array().tolist(), geos.tolist(), (levels[g] for g in geos),
               (p[0] for p in periods), (p[1] for p in periods), table.sex.array().tolist(),
               table.age.array().tolist(),
               (dimension_values[code] for code in table.dimensions.codes.tolist()),
               table.dimensions.array().tolist(), table.measure.array().tolist(),
               table.value.tolist(), (f[0] for f in flags), (f[1] for f in flags),
               table.n_years.array().tolist(), repeat(batch.pk, len(table)), strict=True)
    sql = (f"INSERT INTO {quote(Observation._meta.db_table)} "  # noqa: S608 - names, not data
           f"({', '.join(COPY_COLUMNS)}) VALUES ({', '.join(['%s'] * len(COPY_COLUMNS))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)  # type: ignore[arg-type]  # any iterable does
