"""CSV for spreadsheets: text that Excel or LibreOffice would run as a formula is defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Prefix text that would start a formula with an apostrophe (OWASP's advice).

    Numbers are left alone, so a negative number stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_for_excel(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads æøå), every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
