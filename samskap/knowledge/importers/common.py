"""What every importer shares: the error that names file, line and column, the decimal mark,
and the normalisation of geography, period, sex and age codes. Decoding and the separator
are in samskap.lib.fileimport, shared with the actors import.

The importers turn a file into *cells*: one cell is one future :class:`Observation`, keyed by
``(indicator_id, geo, period_start, period_end, sex, age, dimensions_key, measure)`` and
carrying ``(value, flag, flag_symbol, n_years, line)``. ``value`` is a plain decimal string
(``"12.5"``) or ``None``; a flagged cell always has ``None`` (never 0).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from samskap.knowledge.models import Flag, GeoLevel, Observation
from samskap.lib.fileimport import ImportFailed

if TYPE_CHECKING:
    from samskap.knowledge.importers.table import CellTable
    from samskap.knowledge.models import Indicator
    from samskap.municipalities.models import Municipality

#: (indicator_id, geo, period_start, period_end, sex, age, dimensions_key, measure)
CellKey = tuple[Any, ...]
#: (value, flag, flag_symbol, n_years, line)
CellData = tuple[str | None, str, str, int | None, int]

#: FHI's SPVFLAGG and the symbols of its flag metadata (norwegian-data.md 2.3).
FHI_FLAGS: dict[str, tuple[str, str]] = {
    "0": (Flag.NONE.value, ""),
    "1": (Flag.MISSING.value, ".."),
    "2": (Flag.NOT_COMPUTABLE.value, "."),
    "3": (Flag.SUPPRESSED.value, ":"),
    "4": (Flag.NOT_AVAILABLE.value, "-"),
}
FHI_SYMBOLS: dict[str, str] = {symbol: flag for flag, symbol in FHI_FLAGS.values() if symbol}
#: SSB uses the same symbols with other meanings (norwegian-data.md 0.3 and 3.1).
SSB_SYMBOLS: dict[str, str] = {
    ".": Flag.NOT_APPLICABLE.value,
    "..": Flag.NOT_AVAILABLE.value,
    ":": Flag.CONFIDENTIAL.value,
}
#: The symbol written for a flag when a file names the flag but not its symbol (tidy CSV).
SYMBOL_OF_FLAG: dict[str, str] = {
    Flag.NONE.value: "",
    Flag.MISSING.value: "..",
    Flag.NOT_COMPUTABLE.value: ".",
    Flag.SUPPRESSED.value: ":",
    Flag.NOT_AVAILABLE.value: "-",
    Flag.NOT_APPLICABLE.value: ".",
    Flag.CONFIDENTIAL.value: ":",
}
EMPTY_VALUES = frozenset({"", "NA", "NaN", "nan", "NULL", "null"})

MAX_WARNINGS_KEPT = 20
#: ASCII digits only: a text of other digits (Arabic-Indic, full width) is read as a number and
#: stored with ASCII digits, as the database reads them.
PLAIN_NUMBER = re.compile(r"-?\d{1,14}(?:\.\d{1,6})?", re.ASCII)
_COMMA_NUMBER = re.compile(r"-?\d+,\d+")
_QUANTUM = Decimal("0.000001")
_LIMIT = Decimal("1E14")
_PERIOD = re.compile(r"(\d{4})(?:_(\d{4}))?")
_AGE = re.compile(r"(\d{1,3})_(\d{1,3})")
_DIMENSION_KEY = re.compile(r"\w[^;=\r\n\t]*")
_DIMENSION_VALUE = re.compile(r"[^;=\r\n\t]+")
_MEASURE = re.compile(r"\w[\w.\-]{0,29}")


def cell_facts(table: CellTable, geos: list[str],
               periods: list[tuple[int, int]]) -> dict[str, Any]:
    """What an import's summary says of its cells (``geos`` and ``periods``: the ones the
    cells have)."""
    return {
        "observations": len(table),
        "flags": table.flag_counts(),
        "geographies": len(geos),
        "first_year": min((start for start, _end in periods), default=None),
        "last_year": max((end for _start, end in periods), default=None),
    }


@dataclass
class Parsed:
    """What a parser read: the cells, and what the summary needs to say about the file."""

    cells: dict[CellKey, CellData] = field(default_factory=dict)
    indicators: dict[int, Indicator] = field(default_factory=dict)
    dimensions: dict[str, dict[str, str]] = field(default_factory=lambda: {"": {}})
    rows: int = 0
    rejected: int = 0
    empty: int = 0
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    delimiter: str = ""
    decimal: str = "."
    #: The cells in columns, when a reader produced them that way (then ``cells`` is empty).
    table: CellTable | None = None
    #: The cells as blocks (samskap.knowledge.storage.Packed), once computed.
    packed: Any = None
    #: What the summary says of the cells (:meth:`cell_facts`), once computed.
    facts: dict[str, Any] | None = None
    #: Whether the cells were let go (:meth:`drop_cells`): only the blocks are left.
    dropped: bool = False

    def cell_table(self) -> CellTable:
        """The cells in columns, however they were read."""
        from samskap.knowledge.importers.table import CellTable

        if self.dropped:
            raise RuntimeError("the cells were let go; only their blocks are left")
        if self.table is None:
            self.table = CellTable.from_cells(self.cells)
        return self.table

    def cell_facts(self) -> dict[str, Any]:
        """How many cells, how many of them flagged with what, how many places, which years."""
        if self.facts is None:
            table = self.cell_table()
            self.facts = cell_facts(table, table.geo.used(), table.period.used())
        return self.facts

    def drop_cells(self) -> None:
        """Let the cells go once they are packed (``packed`` set), keeping their facts: a
        file read ahead then waits for its turn to be written in little memory."""
        self.cell_facts()
        self.table, self.cells, self.dropped = None, {}, True

    def all_cells(self) -> dict[CellKey, CellData]:
        """The cells as a dict, however they were read (slow for large column tables)."""
        if self.cells or self.table is None:
            return self.cells
        return self.table.to_cells()

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS_KEPT:
            self.warnings.append(message)

    def dimensions_key(self, dimensions: dict[str, str]) -> str:
        key = Observation.key_for(dimensions)
        if key not in self.dimensions:
            self.dimensions[key] = dict(sorted(dimensions.items()))
        return key


def column_positions(path: str, written: list[str], names: list[str]) -> dict[str, int]:
    """Where each column is, by its name; a column without a name or named twice fails."""
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            raise ImportFailed(path, 1, f"{index + 1}", "a column has no name")
        if name in positions:
            raise ImportFailed(path, 1, written[index], f"the column {name} appears twice")
        positions[name] = index
    return positions


class NumberReader:
    """Reads measure cells as plain decimal strings, learning the file's decimal mark."""

    def __init__(self, path: str, delimiter: str) -> None:
        self.path = path
        # A comma is a decimal mark only where it cannot be the separator.
        self.comma_allowed = delimiter != ","
        self.decimal = ""

    def read(self, text: str, line: int, column: str) -> str | None:
        """``text`` as a normalised decimal string; ``None`` when empty; error when not a number."""
        try:
            value, mark = read_number(text, self.comma_allowed)
        except ValueError as error:
            # A decimal comma is checked against the file's mark before the number itself.
            if self.comma_allowed and _COMMA_NUMBER.fullmatch(text.strip()):
                self.mark(",", text, line, column)
            raise ImportFailed(self.path, line, column, str(error)) from None
        if mark:
            self.mark(mark, text, line, column)
        return value

    def mark(self, mark: str, text: str, line: int, column: str) -> None:
        """Note the decimal mark ``text`` uses; a file uses one mark throughout."""
        if not self.decimal:
            self.decimal = mark
        elif self.decimal != mark:
            raise ImportFailed(self.path, line, column,
                               f"{text!r} uses '{mark}' as decimal mark, earlier lines "
                               f"'{self.decimal}'")


def read_number(text: str, comma_allowed: bool) -> tuple[str | None, str]:
    """A number cell as (normalised decimal string or ``None`` when empty, the decimal mark it
    shows: ``"."``, ``","`` or ``""``); :class:`ValueError` with the message when not a number.

    The one definition both the row-wise reader and the fast cube reader use.
    """
    if PLAIN_NUMBER.fullmatch(text):
        return text, "." if "." in text else ""
    text = text.strip()
    if text in EMPTY_VALUES:
        return None, ""
    mark = ""
    if comma_allowed and _COMMA_NUMBER.fullmatch(text):
        mark = ","
        text = text.replace(",", ".")
    return normalise_number(text, ValueError), mark


def normalise_number(text: str, error: Any) -> str:
    """A decimal string with at most 6 decimals, as the database stores it."""
    if PLAIN_NUMBER.fullmatch(text):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise error(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise error(f"not a number: {text!r}")
    number = number.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if abs(number) >= _LIMIT:
        raise error(f"number too large: {text!r}")
    return format_decimal(number)


def format_decimal(number: Decimal) -> str:
    """A decimal without exponent and without trailing zeros: 12.5, 120, 0.004."""
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def same_value(stored: Decimal | float | str | None, new: str | None) -> bool:
    """Whether a stored value (a Decimal; a float or text as SQLite returns it) is ``new``."""
    if stored is None or new is None:
        return stored is None and new is None
    if not isinstance(stored, Decimal):
        stored = Decimal(str(stored))
    return stored == Decimal(new)


# --- codes ----------------------------------------------------------------------------------

#: A digit count and what FHI means by it, with the length to pad to (norwegian-data.md 2.3).
_GEO_PADDING = {1: 2, 2: 2, 3: 4, 4: 4, 5: 6, 6: 6, 7: 8, 8: 8, 9: 10, 10: 10}
_LEVEL_BY_LENGTH = {
    1: GeoLevel.COUNTRY.value, 2: GeoLevel.COUNTY.value, 4: GeoLevel.MUNICIPALITY.value,
    6: GeoLevel.DISTRICT.value, 8: GeoLevel.ZONE.value, 10: GeoLevel.ZONE.value,
}


@functools.lru_cache(maxsize=8192)  # files repeat the same few hundred codes
def normalise_geo(code: str) -> str | None:
    """``301`` → ``0301``; ``3`` → ``03``; ``0`` → ``0``; ``K-3103`` → ``3103``; else None.

    FHI writes codes without leading zeros: 1–2 digits are a county, 3–4 a municipality, 5–6 a
    district (bydel); 7–8 (grunnkrets) and 9–10 digits (levekårssone) are zones. SSB prefixes
    codes of its aggregated code lists with ``K-`` (municipality) or ``F-`` (county).
    """
    code = code.strip()
    if code[:2] in {"K-", "F-", "B-"}:
        code = code[2:]
    if not code.isdigit() or not code.isascii():
        return None
    if code.strip("0") == "":
        return "0"
    padded = _GEO_PADDING.get(len(code))
    return code.zfill(padded) if padded else None


def geo_level(geo: str) -> str:
    return _LEVEL_BY_LENGTH[len(geo)]


def parse_period(text: str) -> tuple[int, int] | None:
    """``2022_2024`` → (2022, 2024); ``2024`` → (2024, 2024); None when not a period."""
    match = _PERIOD.fullmatch(text.strip())
    if not match:
        return None
    start = int(match[1])
    end = int(match[2] or match[1])
    if not (1800 <= start <= end <= 2200):
        return None
    return start, end


def parse_age(text: str) -> str | None:
    """``45_120`` stays; ``0_120`` stays; None when not a ``from_to`` age group."""
    match = _AGE.fullmatch(text.strip())
    if not match or int(match[1]) > int(match[2]):
        return None
    return f"{int(match[1])}_{int(match[2])}"


def check_dimension(path: str, line: int | None, column: str, key: str, value: str) -> None:
    """Dimension codes are stored as ``KEY=VALUE`` pairs joined by ``;``: keep that readable.

    A name starts with a letter, digit or underscore, so an exported cell never starts like a
    spreadsheet formula.
    """
    if not _DIMENSION_KEY.fullmatch(key):
        raise ImportFailed(path, line, column,
                           f"a dimension name starts with a letter or digit and has no ';', "
                           f"'=' or line break: {key!r}")
    if not _DIMENSION_VALUE.fullmatch(value):
        raise ImportFailed(path, line, column,
                           f"a dimension code may not be empty or contain ';', '=' or a line "
                           f"break: {value!r}")


def check_measure(path: str, line: int | None, column: str, measure: str) -> None:
    """Measure codes are short words such as MEIS, RATE.n or Personer1."""
    if not _MEASURE.fullmatch(measure):
        raise ImportFailed(path, line, column,
                           f"a measure code is 1–30 letters, digits, '_', '.' or '-', starting "
                           f"with a letter or digit: {measure!r}")


@dataclass(frozen=True)
class Scope:
    """The geographies an import may write: all of them, or a municipality's own.

    A municipality's staff bring data for their municipality, its districts and zones; rows
    of other places are rejected (counted, not written). That includes the county and
    Norway: every municipality compares with those series, so they are maintained by the
    operator's import (``samskap import-indicators`` without ``--municipality``), never
    replaced by one municipality's upload.
    """

    municipality: Municipality | None = None

    def allows(self, geo: str) -> bool:
        municipality = self.municipality
        if municipality is None:
            return True
        number = municipality.number
        return geo.startswith(number)

    def filter(self, queryset: Any) -> Any:

        municipality = self.municipality
        if municipality is None:
            return queryset
        # Four-digit numbers are unique, so "starts with it" is the municipality, its
        # districts and zones; the county (two digits) and Norway ("0") never match.
        return queryset.filter(geo__startswith=municipality.number)
