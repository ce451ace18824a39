"""Write stored observations as CSV or JSON: the format the tidy importer reads back.

CSV columns: ``indicator,geo,period_start,period_end,sex,age,dimensions,measure,value,flag``.
``dimensions`` are sorted ``KEY=VALUE`` pairs joined by ``;``; ``value`` has a decimal point
and no trailing zeros, and is empty when the cell is flagged. Every cell starts with a letter,
a digit or a minus sign (codes are checked on import), so no cell reads as a formula.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Q

from samskap.knowledge.importers.common import format_decimal
from samskap.knowledge.models import Indicator, Observation
from samskap.municipalities.models import Municipality

HEADER = ["indicator", "geo", "period_start", "period_end", "sex", "age", "dimensions",
          "measure", "value", "flag"]
_FIELDS = ("indicator__code", "geo", "period_start", "period_end", "sex", "age",
           "dimensions_key", "measure", "value", "flag")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def observations(municipality: Municipality | None = None,
                 indicator: Indicator | None = None) -> Any:
    """The rows to export, in a stable order: the municipality's geographies, its county,
    Norway and its districts when a municipality is given."""
    queryset = Observation.objects.all()
    if municipality is not None:
        queryset = queryset.filter(
            Q(indicator__municipality__isnull=True) | Q(indicator__municipality=municipality),
            Q(geo__in=["0", municipality.county_number])
            | Q(geo__startswith=municipality.number))
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    return (queryset.order_by("indicator__code", "geo", "period_start", "period_end", "sex",
                              "age", "dimensions_key", "measure")
            .values_list(*_FIELDS))


def _value(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def write_csv(rows: Any, out: Writable) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows.iterator(chunk_size=5000):
        writer.writerow([*row[:8], "" if row[9] else _value(row[8]), row[9]])
        count += 1
    return count


def write_json(rows: Any, out: Writable) -> int:
    """A JSON object ``{"observations": [...]}``; values are exact JSON numbers or null."""
    out.write('{"observations": [')
    count = 0
    for row in rows.iterator(chunk_size=5000):
        dimensions = dict(pair.split("=", 1) for pair in row[6].split(";") if pair)
        head = json.dumps(dict(zip(HEADER[:6], row[:6], strict=True)) | {
            "dimensions": dimensions, "measure": row[7]}, ensure_ascii=False)
        value = "null" if row[9] or row[8] is None else _value(row[8])
        out.write(f"{',' if count else ''}\n  {head[:-1]}, \"value\": {value}, "
                  f"\"flag\": {json.dumps(row[9])}}}")
        count += 1
    out.write("\n]}\n")
    return count
