"""The fast reader of FHI cube files: pyarrow's CSV reader, then every check on distinct values.

A cube file repeats its codes: 357 municipalities, 15 periods, three sexes, a handful of
measure values per municipality. So every column is read *factorised*, straight into a
dictionary-coded column (the distinct texts and, per row, which one it has; no Python object
per cell) and each distinct text is checked and normalised once, with the same functions the
row-wise reader uses. The rules per row (flags, duplicate cells, rows of other places,
warnings) are then array operations on the codes.

This reader never reports an error itself. When it meets anything wrong or unusual (a bad
code or number, a duplicate cell, rows of the wrong width, both decimal marks, quotes, blank
lines between rows, a carriage return other than in a Windows line end, the long variant) it
returns ``None`` and the caller reads the file row by row
(:func:`samskap.knowledge.importers.fhi_cube.parse_rows`), which names the file, line and
column of the first problem. A property test checks that both readers give the same
result on random files.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy
import pyarrow
import pyarrow.csv

from samskap.knowledge.importers.common import (
    EMPTY_VALUES,
    FHI_FLAGS,
    FHI_SYMBOLS,
    MAX_WARNINGS_KEPT,
    PLAIN_NUMBER,
    ImportFailed,
    NumberReader,
    Parsed,
    Scope,
    cell_facts,
    read_number,
)
from samskap.knowledge.importers.table import (
    ARROW_MEMORY,
    CellTable,
    Coded,
    RowCoded,
    combine,
    radix,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from samskap.knowledge.importers.fhi_cube import Layout
    from samskap.knowledge.models import Indicator

#: The (flag, symbol) pairs a cube's cells can have: none, or one of SPVFLAGG 1–4.
FLAG_PAIRS: list[tuple[str, str]] = [FHI_FLAGS["0"], *(FHI_FLAGS[code] for code in "1234")]
_PAIR_INDEX = {pair: index for index, pair in enumerate(FLAG_PAIRS)}

#: Every column is text, coded: never a type guessed from the values. Read as bytes (the body
#: is UTF-8 made from a decoded text: nothing to check), their distinct values decoded where
#: they are needed.
_CODED_BYTES = pyarrow.dictionary(pyarrow.int32(), pyarrow.binary())
#: How much of the file pyarrow parses at a time (a row longer than this fails: row by row).
BLOCK_SIZE = 1 << 22


class Unusual(Exception):
    """Something the row-wise reader has to look at."""


def parse(path: str, text: str, layout: Layout, indicator: Indicator,
          scope: Scope) -> Parsed | None:
    """The file's cells, or ``None`` when it must be read row by row."""
    if layout.long or '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # Windows line ends; a lone \r is left to csv
        if "\r" in text:
            return None
    try:
        data = text.encode("utf-8")
        start = data.find(b"\n") + 1
        end = len(data)
        while end > start and data[end - 1] == ord("\n"):
            end -= 1  # blank lines at the end are nothing; elsewhere they shift line numbers
        # (A blank line between rows: see _parse.)
        if not start or end == start or data[start] == ord("\n") or layout.width < 2:
            return None
        # The rows (without the header) as a view of the encoded text: no copy.
        return _parse(path, memoryview(data)[start:end], layout, indicator, scope)
    # pyarrow.ArrowInvalid (a row of the wrong width, a row longer than a block) and
    # UnicodeEncodeError (a lone surrogate) are ValueErrors; any other pyarrow error is left
    # to the row-wise reader as well.
    except (Unusual, ImportFailed, ValueError, pyarrow.ArrowException):
        return None


def read_coded(body: bytes | memoryview, width: int,
               delimiter: str) -> list[pyarrow.DictionaryArray]:
    """Each column of ``body`` (the rows without the header, UTF-8) as distinct texts and codes.

    Every field is text as written: no type guessed, no null (an empty field is ``""``,
    ``NA`` is ``"NA"``), spaces kept, no quoting; an empty line is a row (of empty fields)
    and a row of another width raises ``pyarrow.ArrowInvalid``.
    """
    names = [str(index) for index in range(width)]
    table = pyarrow.csv.read_csv(
        pyarrow.py_buffer(body),
        read_options=pyarrow.csv.ReadOptions(column_names=names, block_size=BLOCK_SIZE,
                                             use_threads=True),
        parse_options=pyarrow.csv.ParseOptions(delimiter=delimiter, quote_char=False,
                                               escape_char=False, newlines_in_values=False,
                                               ignore_empty_lines=False),
        convert_options=pyarrow.csv.ConvertOptions(
            column_types=dict.fromkeys(names, _CODED_BYTES), strings_can_be_null=False,
            quoted_strings_can_be_null=False),
        memory_pool=ARROW_MEMORY)
    columns = []
    for chunked in table.columns:
        if chunked.type != _CODED_BYTES:
            raise Unusual
        column = (chunked.chunk(0) if chunked.num_chunks == 1
                  else chunked.unify_dictionaries(ARROW_MEMORY).combine_chunks(ARROW_MEMORY))
        columns.append(column)
    return columns


def _parse(path: str, body: memoryview, layout: Layout, indicator: Indicator,
           scope: Scope) -> Parsed:
    width, delimiter, written = layout.width, layout.delimiter, layout.written
    columns = read_coded(body, width, delimiter)
    rows = len(columns[0])
    # pyarrow refuses a row of another width, but reads a blank line between rows as a row
    # of empty fields: its empty GEO is not a place, and that check sends the file to the
    # row-wise reader.
    if rows == 0:
        raise Unusual
    found_codes: dict[int, numpy.ndarray] = {}
    found_texts: dict[int, list[str]] = {}

    def coded(index: int) -> numpy.ndarray:
        """A column's codes (one per row) into its distinct texts."""
        if index not in found_codes:
            found_codes[index] = columns[index].indices.to_numpy()  # (int32, not copied)
        return found_codes[index]

    def factorised(index: int | None) -> tuple[numpy.ndarray, list[str]]:
        """A column's codes (one per row) and its distinct texts."""
        if index is None:
            return numpy.zeros(rows, dtype=numpy.intp), [""]
        if index not in found_texts:
            found_texts[index] = _texts(columns[index])
        return coded(index), found_texts[index]

    def plain_numbers(index: int) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Which distinct texts of a column are plain numbers, and which have a point."""
        bits = numpy.array([_plain_bits(text) for text in factorised(index)[1]],
                           dtype=numpy.uint8)
        return (bits & 1).astype(bool), (bits & 2).astype(bool)

    parsed = Parsed()
    parsed.indicators[indicator.pk] = indicator
    parsed.delimiter = delimiter
    # Each distinct text checked once; a bad one raises ImportFailed (→ row by row).
    from samskap.knowledge.importers import fhi_cube

    def checked(index: int, what: Any, check: Callable[[str], Any]) -> Coded:
        """A column's normalised values; its distinct texts checked once (per import: a
        release's files list the same places and periods, see :func:`_checked`)."""
        mapping, values = _checked(columns[index], what, lambda raw: _mapping(
            [check(text) for text in raw]))
        return Coded(mapping[coded(index)], values)

    within = scope.municipality.number if scope.municipality else None  # (what allows)
    geo_and_allowed = checked(layout.geo_at, ("geo", within),
                              lambda text: fhi_cube._geo(path, 0, "", text, scope))
    allowed = numpy.array([allowed for _geo, allowed in geo_and_allowed.values],
                          dtype=bool)[geo_and_allowed.codes]
    geo = Coded(geo_and_allowed.codes, [geo for geo, _allowed in geo_and_allowed.values])

    period = checked(layout.period_at, "period",
                     lambda text: fhi_cube._period(path, 0, "", text))

    if layout.sex_at is None:
        sex = Coded(numpy.zeros(rows, dtype=numpy.intp), ["0"])
    else:
        sex = checked(layout.sex_at, "sex", _sex)

    if layout.age_at is None:
        age = Coded(numpy.zeros(rows, dtype=numpy.intp), [""])
    else:
        age = checked(layout.age_at, "age", lambda text: fhi_cube._age(path, 0, "", text))
    unknown_ages = int(numpy.count_nonzero(age.codes == age.values.index("999_999"))) if (
        "999_999" in age.values) else 0

    dimensions = _dimensions(path, layout, factorised, rows, parsed)

    numbers = NumberReader(path, delimiter)
    marks: set[str] = set()
    if layout.years_at is None:
        n_years = Coded(numpy.zeros(rows, dtype=numpy.intp), [None])
    else:
        codes, raw = factorised(layout.years_at)
        years = []
        for text in raw:
            years.append(fhi_cube._years(numbers, text, 0, ""))
            marks.add(read_number(text, numbers.comma_allowed)[1])
        n_years = _renumber(codes, years)

    # Two rows for the same cell: the row-wise reader names both lines. (A row's stratum,
    # its period and breakdown, also makes its cells' kinds below.)
    stratum = radix([(part.codes, len(part.values)) for part in (period, sex, age, dimensions)],
                    rows)
    if not _distinct_rows([(geo.codes, len(geo.values)), stratum], rows):
        raise Unusual

    # SPVFLAGG: "0" (or blank) is no flag; 1–4 flag the whole row.
    if layout.flag_at is None:
        row_flag = numpy.zeros(rows, dtype=numpy.intp)
    else:
        codes, raw = factorised(layout.flag_at)
        pairs = [FHI_FLAGS["0"] if text == "0" else fhi_cube._flag(path, 0, "", text)
                 for text in raw]
        row_flag = numpy.array([_PAIR_INDEX[pair] for pair in pairs], dtype=numpy.intp)[codes]
    flagged = row_flag != 0
    open_rows = ~flagged

    measure_count = len(layout.measures)
    # Values by code: every measure column's distinct values in one list, slot 0 for None.
    all_texts: list[str | None] = [None]
    value_code = numpy.zeros((rows, measure_count), dtype=numpy.intp)
    cell_flag = numpy.zeros((rows, measure_count), dtype=numpy.intp)
    empty_cell = numpy.zeros((rows, measure_count), dtype=bool)
    flagged_rows = numpy.flatnonzero(flagged)
    # Which measures of the flagged rows have a value that is dropped (few rows: by row).
    dropped = numpy.zeros((len(flagged_rows), measure_count), dtype=bool)
    for j, (index, _name) in enumerate(layout.measures):
        codes, raw = factorised(index)
        read = numpy.zeros(len(raw), dtype=bool)
        if len(flagged_rows):
            read[codes[open_rows]] = True
        else:
            read[:] = True  # (every distinct text is some row's)
        slots = numpy.zeros(len(raw), dtype=numpy.intp)
        kinds = numpy.zeros(len(raw), dtype=numpy.intp)  # 0 value, 1 empty, 2.. flag pair
        # Plain numbers (most values) are kept as they are, without a call per text.
        plain, dotted = plain_numbers(index)
        simple = numpy.flatnonzero(read & plain)
        slots[simple] = numpy.arange(len(all_texts), len(all_texts) + len(simple))
        all_texts.extend([raw[position] for position in simple.tolist()])
        if dotted[simple].any():
            marks.add(".")
        for position in numpy.flatnonzero(read & ~plain).tolist():
            value, mark = read_number_or_symbol(raw[position], numbers.comma_allowed)
            marks.add(mark)
            if isinstance(value, tuple):
                kinds[position] = 2 + _PAIR_INDEX[value]
            elif value is None:
                kinds[position] = 1
            else:
                slots[position] = len(all_texts)
                all_texts.append(value)
        value_code[:, j] = slots[codes]
        if kinds.any():  # (an empty cell or a symbol in an unflagged row: seldom)
            row_kinds = kinds[codes]
            empty_cell[:, j] = open_rows & (row_kinds == 1)
            cell_flag[:, j] = numpy.where(row_kinds >= 2, row_kinds - 2, 0)
        if len(flagged_rows):
            # A value (not the row's own flag symbol) in a flagged row is dropped with a
            # warning: decided per distinct text (of flagged rows) and flag, looked up per row.
            flagged_codes = codes[flagged_rows]
            in_flagged = numpy.zeros(len(raw), dtype=bool)
            in_flagged[flagged_codes] = True
            drops = numpy.zeros((len(raw), len(FLAG_PAIRS)), dtype=bool)
            for position in numpy.flatnonzero(in_flagged).tolist():
                text = raw[position].strip()
                if text not in EMPTY_VALUES:
                    drops[position] = [text != symbol for _flag, symbol in FLAG_PAIRS]
            dropped[:, j] = drops[flagged_codes, row_flag[flagged_rows]]
    marks.discard("")
    if len(marks) > 1:
        raise Unusual  # both decimal marks: the row-wise reader names the line
    numbers.decimal = marks.pop() if marks else ""

    # Flagged rows: every measure carries the row's flag and no value.
    if len(flagged_rows):
        value_code[flagged_rows, :] = 0
        cell_flag[flagged_rows, :] = row_flag[flagged_rows, None]
    keep = allowed[:, None] & ~empty_cell

    warned = numpy.flatnonzero(allowed[flagged_rows] & dropped.any(axis=1))
    # Messages for the ones kept; the rest are counted (Parsed.warn keeps the first few).
    for at in warned[:MAX_WARNINGS_KEPT].tolist():
        row = int(flagged_rows[at])
        codes, raw = factorised(layout.flag_at)
        code = raw[codes[row]].strip()
        names = [written[index] for j, (index, _name) in enumerate(layout.measures)
                 if dropped[at, j]]
        flag = FLAG_PAIRS[row_flag[row]][0]
        parsed.warn(f"line {row + 2}: SPVFLAGG {code} (flag {flag}) with a value in "
                    f"{', '.join(names)}; the value was not kept")
    parsed.warning_count += max(0, len(warned) - MAX_WARNINGS_KEPT)
    if unknown_ages:
        parsed.warn(f"{unknown_ages} rows have the unknown age group 999_999; they were kept")

    # The cells, row by row and measure by measure as the row-wise reader writes them. A
    # cell's kind from its row's (period, breakdown, years) and its measure: worked out per
    # row, not per cell; the row's columns are gathered per cell only where asked for.
    row_kind, row_kinds = radix([stratum, (n_years.codes, len(n_years.values))], rows)
    every = bool(keep.all())
    if every:  # (most files: every cell is kept, in the order of the grid)
        kept_rows = numpy.repeat(numpy.arange(rows), measure_count)
        kept_measures = numpy.tile(numpy.arange(measure_count), rows)
        kept_values, kept_flags = value_code.reshape(-1), cell_flag.reshape(-1)
        kind = (row_kind[:, None] * measure_count + numpy.arange(measure_count)).reshape(-1)
    else:
        kept_rows, kept_measures = numpy.nonzero(keep)
        kept_values = value_code[kept_rows, kept_measures]
        kept_flags = cell_flag[kept_rows, kept_measures]
        kind = row_kind[kept_rows] * measure_count + kept_measures
    measure_names = [name for _index, name in layout.measures]
    parsed.table = CellTable(
        indicator=Coded(numpy.zeros(len(kept_rows), dtype=numpy.intp), [indicator.pk]),
        geo=RowCoded(geo.codes, geo.values, kept_rows),
        period=RowCoded(period.codes, period.values, kept_rows),
        sex=RowCoded(sex.codes, sex.values, kept_rows),
        age=RowCoded(age.codes, age.values, kept_rows),
        dimensions=RowCoded(dimensions.codes, dimensions.values, kept_rows),
        measure=Coded(kept_measures.astype(numpy.intp, copy=False), measure_names),
        flag=Coded(kept_flags, list(FLAG_PAIRS)),
        n_years=RowCoded(n_years.codes, n_years.values, kept_rows),
        value=None,
        line=kept_rows + 2,
        value_coded=Coded(kept_values, all_texts),
        kind_hint=(kind, row_kinds * measure_count),
        grid=(geo.codes, row_kind, measure_count) if every else None,
    )
    if every:  # every distinct text is some row's, and every row is kept: the facts by value
        parsed.facts = cell_facts(parsed.table, geo.values, period.values)
    parsed.rows = rows
    parsed.rejected = int(rows - numpy.count_nonzero(allowed))
    parsed.empty = int(numpy.count_nonzero(empty_cell))
    parsed.decimal = numbers.decimal or "."
    return parsed


@functools.lru_cache(maxsize=200_000)
def _plain_bits(text: str) -> int:
    """1 when a measure text is a plain number (PLAIN_NUMBER), + 2 when it has a point.

    A release's files share most of their values ("30.1"): each is matched once. The rest
    (other digits among them) is read one by one as the row-wise reader reads it.
    """
    return (1 if PLAIN_NUMBER.fullmatch(text) else 0) | (2 if "." in text else 0)


def read_number_or_symbol(text: str, comma_allowed: bool) -> tuple[Any, str]:
    """A measure cell of an unflagged row as the row-wise reader reads it: (a decimal string,
    ``None`` when empty, or the (flag, symbol) of an FHI symbol; the decimal mark shown)."""
    value, mark = _plain_or_none(text)
    if value is not None:
        return value, mark
    flag = FHI_SYMBOLS.get(text.strip())
    if flag:
        return (flag, text.strip()), ""
    return read_number(text, comma_allowed)


def _plain_or_none(text: str) -> tuple[str | None, str]:
    if PLAIN_NUMBER.fullmatch(text):
        return text, "." if "." in text else ""
    return None, ""


def _sex(text: str) -> str:
    from samskap.knowledge.importers.fhi_cube import SEXES

    if text in SEXES:
        return text
    if text.strip() in SEXES:
        return text.strip()
    raise Unusual


def _distinct_rows(parts: list[tuple[numpy.ndarray, int]], rows: int) -> bool:
    """Whether no two rows have the same codes in every one of ``parts`` ((codes, how many
    codes there can be) each)."""
    key, _size = radix(parts, rows)
    return bool(numpy.bincount(key, minlength=1).max() <= 1)


def _renumber(codes: numpy.ndarray, normalised: list[Any]) -> Coded:
    """Codes of raw texts → codes of their normalised values (``301`` and ``0301`` are one)."""
    mapping, values = _mapping(normalised)
    return Coded(mapping[codes], values)


def _mapping(normalised: list[Any]) -> tuple[numpy.ndarray, list[Any]]:
    """For each raw text's normalised value, its code; and the distinct values."""
    index: dict[Any, int] = {}
    mapping = numpy.array([index.setdefault(value, len(index)) for value in normalised],
                          dtype=numpy.intp)
    mapping.flags.writeable = False
    return mapping, list(index)


#: Checked columns by what their distinct texts are (:func:`_checked`); at most this many.
_CHECKED: dict[tuple[Any, ...], Any] = {}
_CHECKED_KEPT = 512


def _checked(column: pyarrow.DictionaryArray, what: Any,
             check: Callable[[list[str]], Any]) -> Any:
    """``check`` of the column's distinct texts, remembered by what they are.

    The files of one release of FHI's cubes list the same places, periods and age groups,
    in the same order: their dictionaries are the same bytes, and each is checked once
    (``what`` says which check, and with what). A check that fails raises as it would and
    is not remembered. What is returned is shared: never changed.
    """
    dictionary = column.dictionary
    key = (what, len(dictionary), dictionary.offset,
           *(buffer.to_pybytes() for buffer in dictionary.buffers()[1:]))
    found = _CHECKED.get(key)
    if found is None:
        found = check(_texts(column))
        if len(_CHECKED) >= _CHECKED_KEPT:
            _CHECKED.clear()
        _CHECKED[key] = found
    return found


def _texts(column: pyarrow.DictionaryArray) -> list[str]:
    """A column's distinct texts (its bytes are UTF-8 made from a decoded text)."""
    return [value.decode("utf-8") for value in column.dictionary.to_pylist()]


def _dimensions(path: str, layout: Layout,
                factorised: Callable[[int], tuple[numpy.ndarray, list[str]]], rows: int,
                parsed: Parsed) -> Coded:
    """Each row's dimensions key; each distinct combination checked once."""
    from samskap.knowledge.importers import fhi_cube

    if not layout.dimension_columns:
        return Coded(numpy.zeros(rows, dtype=numpy.intp), [""])
    key = numpy.zeros(rows, dtype=numpy.intp)
    size = 1
    raws = []
    for index, _name in layout.dimension_columns:
        codes, uniques = factorised(index)
        raws.append((codes, uniques))
        key, size = combine(key, size, codes, len(uniques))
    # The first row of each combination stands for it.
    _combinations, first = numpy.unique(key, return_index=True)
    normalised = []
    for row in first.tolist():
        values = tuple(uniques[codes[row]] for codes, uniques in raws)
        normalised.append(fhi_cube._dimensions(path, 0, layout.written, layout.dimension_columns,
                                               values, parsed))
    return _renumber(key, normalised)
