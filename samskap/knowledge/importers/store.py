"""Compare parsed cells with what is stored, and replace the stored series with them.

Re-importing an indicator replaces its whole series (FHI revises history): the indicator's
stored blocks within the import's scope are deleted and the file's cells stored
(:func:`samskap.knowledge.storage.write_table`), in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from samskap.knowledge import storage
from samskap.knowledge.importers.common import CellKey, Parsed, Scope, same_value
from samskap.knowledge.models import ImportBatch, Observation, ObservationBlock

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
    """Delete the indicators' stored blocks in scope, then store the parsed cells."""
    scope.filter(ObservationBlock.objects.filter(
        indicator_id__in=list(parsed.indicators))).delete()
    storage.write_table(parsed.cell_table(), parsed.dimensions, batch.pk)
