"""Tell the format of a file from its content."""

from __future__ import annotations

import csv

from samskap.knowledge.importers.common import ImportFailed
from samskap.knowledge.importers.fhi_cube import MEASURES, canonical
from samskap.knowledge.models import ImportBatch
from samskap.lib.fileimport import first_line, sniff_delimiter

Format = ImportBatch.Format
FHI_NAMES = frozenset({"GEO", "AAR", "KJONN", "ALDER", "SPVFLAGG", "MEASURE_TYPE", "UTDANN",
                       "INNVKAT", "LANDBAK"})


def detect_format(path: str, text: str) -> str:
    """JSON → JSON-stat 2; a header with GEO and AAR → FHI cube; indicator and geo → tidy."""
    stripped = text.lstrip()
    if not stripped:
        raise ImportFailed(path, 1, "", "the file is empty")
    if stripped[0] in "{[":
        return Format.JSON_STAT.value
    first = first_line(text).rstrip("\r")
    delimiter = sniff_delimiter(path, first)
    written = [name.strip() for name in next(csv.reader([first], delimiter=delimiter))]
    lower = {name.lower() for name in written}
    names = {canonical(name) for name in written}
    if "indicator" in lower and "geo" in lower:
        return Format.TIDY_CSV.value
    if {"geo", "value"} <= lower and ({"period", "period_start"} & lower):
        return Format.TIDY_CSV.value
    # GEO and AAR make a cube; FHI's other names do too, so that the cube importer can say
    # which column is missing.
    if {"GEO", "AAR"} <= names or names & (FHI_NAMES | MEASURES):
        return Format.FHI_CUBE.value
    raise ImportFailed(path, 1, "", "cannot tell the format: expected JSON-stat 2, an FHI cube "
                       "(columns GEO and AAR) or a tidy CSV (columns indicator, geo, period, "
                       "value)")
