"""Parsed cells as columns: the form the fast cube reader produces and the store writes from.

A :class:`CellTable` holds the same cells as :attr:`Parsed.cells <samskap.knowledge.importers.
common.Parsed.cells>` (same keys, same data, same order), one numpy array per field. Fields
whose values repeat (geography, period, sex, age, dimensions, measure, flag, years) are kept
*coded*: an array of small integers into a list of the distinct values, so that writing the
cells out builds each distinct text once instead of once per cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
import pandas
import pyarrow

from samskap.knowledge.importers.common import CellData, CellKey

#: pyarrow's memory for the importers' columns: the C library's allocator, not pyarrow's
#: default (mimalloc), which gave pages back and faulted them in again file after file:
#: 50,000-70,000 page faults and 0.07-0.12 s of system time for the benchmark's 60 files,
#: against about none (``benchmarks/import_fhi.py``).
ARROW_MEMORY = pyarrow.system_memory_pool()


@dataclass
class Coded:
    """A column as codes into the list of its distinct values."""

    codes: numpy.ndarray
    values: list[Any]

    @classmethod
    def of(cls, items: Sequence[Any] | numpy.ndarray) -> Coded:
        array = numpy.fromiter(items, dtype=object, count=len(items))
        codes, uniques = pandas.factorize(array, use_na_sentinel=False)
        # pandas gives None back as NaN.
        return cls(codes.astype(numpy.intp, copy=False),
                   [None if value is None or value != value else value for value in uniques])

    def array(self) -> numpy.ndarray:
        """The column itself: one object per cell."""
        values = numpy.fromiter(self.values, dtype=object, count=len(self.values))
        return values[self.codes]

    def used(self) -> list[Any]:
        """The distinct values that occur, in the order of their codes."""
        present = numpy.zeros(len(self.values), dtype=bool)
        present[self.codes] = True
        return [value for value, there in zip(self.values, present, strict=True) if there]

    def values_at(self, cells: numpy.ndarray) -> list[Any]:
        """The values of some cells."""
        values = self.values
        return [values[code] for code in self._codes_at(cells).tolist()]

    def _codes_at(self, cells: numpy.ndarray) -> numpy.ndarray:
        return self.codes[cells]


class RowCoded(Coded):
    """A column of a file's rows seen cell by cell: cell ``i`` has the code of row
    ``rows[i]``. The codes per cell are gathered when first asked for: packing a cube file
    needs them for few of its columns."""

    def __init__(self, row_codes: numpy.ndarray, values: list[Any], rows: numpy.ndarray) -> None:
        self.row_codes, self.values, self.rows = row_codes, values, rows
        self._codes: numpy.ndarray | None = None

    @property  # type: ignore[override]
    def codes(self) -> numpy.ndarray:
        if self._codes is None:
            self._codes = self.row_codes[self.rows]
        return self._codes

    @codes.setter
    def codes(self, codes: numpy.ndarray) -> None:
        self._codes = codes

    def _codes_at(self, cells: numpy.ndarray) -> numpy.ndarray:
        return self.row_codes[self.rows[cells]]


@dataclass
class CellTable:
    """Cells in columns; ``period`` values are ``(start, end)``, ``flag`` values
    ``(flag, symbol)``; a value is a plain decimal string or ``None``: one per cell in
    ``value``, or ``None`` there when ``value_coded`` holds them (no object per cell)."""

    indicator: Coded
    geo: Coded
    period: Coded
    sex: Coded
    age: Coded
    dimensions: Coded
    measure: Coded
    flag: Coded
    n_years: Coded
    value: numpy.ndarray | None
    line: numpy.ndarray
    #: The same values coded, when the reader has them that way.
    value_coded: Coded | None = None
    #: Each cell's kind (period, stratum, measure, years) as a code and how many codes there
    #: can be, when the reader knows it (a cube file, from its rows): the same distinctions as
    #: :func:`radix` of those columns would make.
    kind_hint: tuple[numpy.ndarray, int] | None = None
    #: The reader's rows, when the cells are every row's measures in order (cell ``i`` is
    #: row ``i // measures``'s measure ``i % measures``) and ``kind_hint`` is each row's kind
    #: × measures + the measure: (each row's geography code, each row's kind, measures).
    #: Packing then orders the cells from the rows.
    grid: tuple[numpy.ndarray, numpy.ndarray, int] | None = None

    def __len__(self) -> int:
        return len(self.line)

    def values(self) -> numpy.ndarray:
        """The value of each cell (an object each)."""
        if self.value is None:
            assert self.value_coded is not None
            return self.value_coded.array()
        return self.value

    @classmethod
    def from_cells(cls, cells: dict[CellKey, CellData]) -> CellTable:
        if not cells:
            empty = Coded(numpy.zeros(0, dtype=numpy.intp), [])
            return cls(empty, empty, empty, empty, empty, empty, empty, empty, empty,
                       numpy.zeros(0, dtype=object), numpy.zeros(0, dtype=numpy.int64))
        indicator, geo, start, end, sex, age, dimensions, measure = zip(*cells, strict=True)
        value, flag, symbol, n_years, line = zip(*cells.values(), strict=True)
        values = numpy.fromiter(value, dtype=object, count=len(value))
        return cls(Coded.of(indicator), Coded.of(geo), Coded.of(list(zip(start, end,
                                                                          strict=True))),
                   Coded.of(sex), Coded.of(age), Coded.of(dimensions), Coded.of(measure),
                   Coded.of(list(zip(flag, symbol, strict=True))), Coded.of(n_years), values,
                   numpy.asarray(line, dtype=numpy.int64))

    def keys(self) -> Iterator[CellKey]:
        periods = self.period.array()
        return zip(self.indicator.array(), self.geo.array(),
                   (period[0] for period in periods), (period[1] for period in periods),
                   self.sex.array(), self.age.array(), self.dimensions.array(),
                   self.measure.array(), strict=True)

    def data(self) -> Iterator[CellData]:
        flags = self.flag.array()
        return zip(self.values(), (flag[0] for flag in flags), (flag[1] for flag in flags),
                   self.n_years.array(), self.line.tolist(), strict=True)

    def to_cells(self) -> dict[CellKey, CellData]:
        """The cells as :attr:`Parsed.cells` has them (plain Python values)."""
        return {tuple(_plain(part) for part in key): tuple(_plain(part) for part in data)
                for key, data in zip(self.keys(), self.data(), strict=True)}

    def value_codes(self) -> Coded:
        """The values as codes into their distinct texts (``None`` among them)."""
        if self.value_coded is None:
            self.value_coded = Coded.of(self.values())
        return self.value_coded

    def flag_counts(self) -> dict[str, int]:
        """How many cells carry each flag (cells without one left out)."""
        counts = numpy.bincount(self.flag.codes, minlength=len(self.flag.values))
        found: dict[str, int] = {}
        for (flag, _symbol), count in zip(self.flag.values, counts.tolist(), strict=True):
            if flag and count:
                found[flag] = found.get(flag, 0) + count
        return found


def _plain(value: Any) -> Any:
    """numpy scalars as the Python values the row-wise readers produce."""
    return value.item() if isinstance(value, numpy.generic) else value


def combine(first: numpy.ndarray, first_size: int, second: numpy.ndarray,
            second_size: int) -> tuple[numpy.ndarray, int]:
    """Codes of the pairs of two coded columns, renumbered densely: (codes, distinct count)."""
    pairs = first.astype(numpy.int64) * max(second_size, 1) + second
    codes, uniques = pandas.factorize(pairs)
    return codes.astype(numpy.intp, copy=False), len(uniques)


def radix(parts: Sequence[tuple[numpy.ndarray, int]], rows: int) -> tuple[numpy.ndarray, int]:
    """Codes of the combinations of coded columns ((codes, distinct count) each): mixed-radix
    numbers while they stay small (a few per row), renumbered densely beyond; (codes, how many
    codes there can be)."""
    limit = max(16 * rows, 1 << 16)
    key = numpy.zeros(rows, dtype=numpy.intp)
    size = 1
    for codes, count in parts:
        count = max(count, 1)
        if size * count <= limit:
            key = key * count + codes
            size *= count
        else:  # renumbered densely (at most one code per row) to stay small
            key, size = combine(key, size, codes, count)
    return key, size
