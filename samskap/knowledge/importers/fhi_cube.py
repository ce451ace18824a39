"""FHI statistics cube CSV (the format behind Kommunehelsa and FHI Statistikk).

One row per combination of ``GEO;AAR;KJONN;ALDER`` and any other dimension (``UTDANN``,
``INNVKAT``, ``LANDBAK`` or a table's own), one column per measure (``TELLER``, ``RATE``,
``MEIS`` …) and ``SPVFLAGG``. Each measure column of a row becomes one observation; ``RATE.n``
is the number of years averaged. The long variant (a ``MEASURE_TYPE`` column and one value
column) is read too. The file does not name its indicator: the caller does.

Totals: ``UTDANN``, ``INNVKAT`` and ``LANDBAK`` use ``0`` for "all"; such a total is not kept
as a dimension, so the total row of a table stratified by education has no other dimensions
(``{}``) and a stratum has e.g. ``{"UTDANN": "1"}``. A table's own dimensions are kept as they
are, totals included, since their codes have no common meaning.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from samskap.knowledge.importers.common import (
    EMPTY_VALUES,
    FHI_FLAGS,
    FHI_SYMBOLS,
    PLAIN_NUMBER,
    ImportFailed,
    NumberReader,
    Parsed,
    Scope,
    check_dimension,
    check_measure,
    column_positions,
    normalise_geo,
    parse_age,
    parse_period,
)
from samskap.knowledge.models import Indicator
from samskap.lib.fileimport import first_line, sniff_delimiter

#: Column names seen in FHI's public files and their canonical spelling (norwegian-data.md 7.2).
ALIASES = {
    "geo": "GEO", "aar": "AAR", "år": "AAR", "kjonn": "KJONN", "kjønn": "KJONN",
    "alder": "ALDER", "utdann": "UTDANN", "utdanningsnivå": "UTDANN",
    "utdanningsniva": "UTDANN", "innvkat": "INNVKAT", "innvand": "INNVKAT",
    "landbak": "LANDBAK", "spvflagg": "SPVFLAGG", "measure_type": "MEASURE_TYPE",
    "teller": "TELLER", "antall": "TELLER", "nevner": "NEVNER", "sumteller": "sumTELLER",
    "sumnevner": "sumNEVNER", "rate": "RATE", "crude": "RATE", "meis": "MEIS",
    "adjusted": "MEIS", "smr": "SMR", "maltall": "MALTALL", "predteller": "PREDTELLER",
    "sumpredteller": "sumPREDTELLER", "norm": "NORM", "rate.n": "RATE.n",
    "value": "VALUE", "verdi": "VALUE",
}
MEASURES = frozenset({"TELLER", "NEVNER", "sumTELLER", "sumNEVNER", "RATE", "MEIS", "SMR",
                      "MALTALL", "PREDTELLER", "sumPREDTELLER", "NORM"})
STANDARD = frozenset({"GEO", "AAR", "KJONN", "ALDER", "SPVFLAGG", "RATE.n", "MEASURE_TYPE",
                      "VALUE"})
#: Dimensions whose code ``0`` means "total" (norwegian-data.md 2.3).
TOTAL_ZERO = frozenset({"UTDANN", "INNVKAT", "LANDBAK"})
SEXES = frozenset({"0", "1", "2"})
MAX_DIMENSIONS_KEY = 255


def canonical(name: str) -> str:
    return ALIASES.get(name.strip().lower(), name.strip())


def header_of(text: str) -> tuple[list[str], str]:
    """The canonical column names of a CSV text and its separator (used to detect formats)."""
    first = first_line(text).rstrip("\r")
    delimiter = sniff_delimiter("", first) if first else ";"
    names = next(csv.reader([first], delimiter=delimiter), [])
    return [canonical(name) for name in names], delimiter


@dataclass(frozen=True)
class Layout:
    """What the header line says: where each column is and what it holds."""

    delimiter: str
    written: list[str]
    names: list[str]
    long: bool
    measures: list[tuple[int, str]]
    dimension_columns: list[tuple[int, str]]
    geo_at: int
    period_at: int
    sex_at: int | None
    age_at: int | None
    flag_at: int | None
    years_at: int | None
    kind_at: int | None
    value_at: int | None

    @property
    def width(self) -> int:
        return len(self.names)


def layout_of(path: str, text: str) -> Layout:
    """Read and check the header line."""
    line = first_line(text)
    delimiter = sniff_delimiter(path, line)
    # The header alone (not a copy of the whole file), unless a quote may span lines.
    header = text if '"' in line else line
    reader = csv.reader(io.StringIO(header, newline=""), delimiter=delimiter)
    written = next(reader, [])
    names = [canonical(name) for name in written]
    position = column_positions(path, written, names)
    for required in ("GEO", "AAR"):
        if required not in position:
            raise ImportFailed(path, 1, required,
                               f"missing column {required} (the header has: "
                               f"{', '.join(written)})")
    long = "MEASURE_TYPE" in position
    if long and "VALUE" not in position:
        raise ImportFailed(path, 1, "VALUE", "a MEASURE_TYPE column needs a value column")
    measures = [] if long else [(i, n) for i, n in enumerate(names) if n in MEASURES]
    if not long and not measures:
        raise ImportFailed(path, 1, "", f"no measure column ({', '.join(sorted(MEASURES))})")
    return Layout(
        delimiter=delimiter, written=written, names=names, long=long, measures=measures,
        dimension_columns=[(i, n) for i, n in enumerate(names)
                           if n not in STANDARD and n not in MEASURES],
        geo_at=position["GEO"], period_at=position["AAR"], sex_at=position.get("KJONN"),
        age_at=position.get("ALDER"), flag_at=position.get("SPVFLAGG"),
        years_at=position.get("RATE.n"), kind_at=position.get("MEASURE_TYPE"),
        value_at=position.get("VALUE"))


def parse(path: str, text: str, indicator: Indicator | None, scope: Scope) -> Parsed:
    """Read a cube file all the way through; the first bad cell raises :class:`ImportFailed`.

    Clean files (no quotes, blank lines or carriage returns) are read column by column
    (:mod:`samskap.knowledge.importers.fast_cube`); a file the fast reader finds anything
    wrong or unusual in is read again row by row, which names the first bad line and column.
    Both give the same cells (tested).
    """
    if indicator is None:
        raise ImportFailed(path, None, "", "an FHI cube file does not name its indicator: "
                           "choose the indicator it holds")
    layout = layout_of(path, text)
    from samskap.knowledge.importers import fast_cube

    parsed = fast_cube.parse(path, text, layout, indicator, scope)
    if parsed is not None:
        return parsed
    return parse_rows(path, text, layout, indicator, scope)


def parse_rows(path: str, text: str, layout: Layout, indicator: Indicator,
               scope: Scope) -> Parsed:
    """The row-wise reader: every cell checked in file order."""
    parsed = Parsed()
    parsed.indicators[indicator.pk] = indicator
    delimiter = parsed.delimiter = layout.delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, [])
    written, long, measures = layout.written, layout.long, layout.measures
    dimension_columns = layout.dimension_columns
    geo_at, period_at = layout.geo_at, layout.period_at
    sex_at, age_at = layout.sex_at, layout.age_at
    flag_at, years_at = layout.flag_at, layout.years_at
    kind_at, value_at = layout.kind_at, layout.value_at
    width = layout.width
    numbers = NumberReader(path, delimiter)
    # Codes repeat: each distinct text is checked once, then looked up.
    geos: dict[str, tuple[str, bool]] = {}
    periods: dict[str, tuple[int, int]] = {}
    ages: dict[str, str] = {}
    years: dict[str, int | None] = {}
    dimension_keys: dict[tuple[str, ...], str] = {}
    seen_rows: dict[tuple[object, ...], int] = {}
    cells = parsed.cells
    indicator_id = indicator.pk
    plain = PLAIN_NUMBER.fullmatch
    rows = rejected = unknown_ages = empty = 0

    for row in reader:
        line = reader.line_num
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            raise ImportFailed(path, line, "",
                               f"expected {width} fields separated by {delimiter!r}, found "
                               f"{len(row)} (wrong separator or a stray quote?)")
        rows += 1
        raw = row[geo_at]
        found_geo = geos.get(raw)
        if found_geo is None:
            found_geo = geos[raw] = _geo(path, line, written[geo_at], raw, scope)
        geo, allowed = found_geo
        raw = row[period_at]
        period = periods.get(raw)
        if period is None:
            period = periods[raw] = _period(path, line, written[period_at], raw)
        sex = "0" if sex_at is None else row[sex_at]
        if sex not in SEXES:
            sex = sex.strip()
            if sex not in SEXES:
                raise ImportFailed(path, line, written[sex_at or 0],
                                   f"expected 0 (both), 1 (men) or 2 (women): {sex!r}")
        age = ""
        if age_at is not None:
            raw = row[age_at]
            found_age = ages.get(raw)
            if found_age is None:
                found_age = ages[raw] = _age(path, line, written[age_at], raw)
            age = found_age
            if age == "999_999":
                unknown_ages += 1
        dimensions_key = ""
        if dimension_columns:
            values = tuple(row[i] for i, _ in dimension_columns)
            found_key = dimension_keys.get(values)
            if found_key is None:
                found_key = dimension_keys[values] = _dimensions(
                    path, line, written, dimension_columns, values, parsed)
            dimensions_key = found_key
        n_years = None
        if years_at is not None:
            raw = row[years_at]
            n_years = years.get(raw, -1)
            if n_years == -1:
                n_years = years[raw] = _years(numbers, raw, line, written[years_at])
        base = (indicator_id, geo, period[0], period[1], sex, age, dimensions_key)

        if long:
            assert kind_at is not None and value_at is not None
            measure = row[kind_at].strip()
            check_measure(path, line, written[kind_at], measure)
            row_measures = [(value_at, measure)]
            row_key: tuple[object, ...] = (*base, measure)
        else:
            row_measures = measures
            row_key = base
        earlier = seen_rows.get(row_key)
        if earlier is not None:
            raise ImportFailed(path, line, written[geo_at],
                               f"the same cell as line {earlier} (same geography, period, "
                               f"sex, age and other dimensions)")
        seen_rows[row_key] = line

        code = "0" if flag_at is None else row[flag_at]
        if code != "0":
            flag, symbol = _flag(path, line, written[flag_at or 0], code)
            if flag:
                dropped = [written[i] for i, _ in row_measures
                           if row[i].strip() not in EMPTY_VALUES and row[i].strip() != symbol]
                if dropped and allowed:
                    parsed.warn(f"line {line}: SPVFLAGG {code.strip()} (flag {flag}) with a "
                                f"value in {', '.join(dropped)}; the value was not kept")
                if allowed:
                    for _i, measure in row_measures:
                        cells[(*base, measure)] = (None, flag, symbol, n_years, line)
                else:
                    rejected += 1
                continue
        # Rows of other places are read and checked all the same, then left out.
        for i, measure in row_measures:
            text = row[i]
            if plain(text):
                if numbers.decimal != "." and "." in text:
                    numbers.mark(".", text, line, written[i])
                if allowed:
                    cells[(*base, measure)] = (text, "", "", n_years, line)
                continue
            cell_flag = FHI_SYMBOLS.get(text.strip())
            if cell_flag:
                if allowed:
                    cells[(*base, measure)] = (None, cell_flag, text.strip(), n_years, line)
                continue
            value = numbers.read(text, line, written[i])
            if value is None:
                empty += 1
            elif allowed:
                cells[(*base, measure)] = (value, "", "", n_years, line)
        if not allowed:
            rejected += 1

    if unknown_ages:
        parsed.warn(f"{unknown_ages} rows have the unknown age group 999_999; they were kept")
    parsed.rows, parsed.rejected, parsed.empty = rows, rejected, empty
    parsed.decimal = numbers.decimal or "."
    return parsed


def _geo(path: str, line: int, column: str, raw: str, scope: Scope) -> tuple[str, bool]:
    geo = normalise_geo(raw) if raw.strip() else None
    if geo is None:
        raise ImportFailed(path, line, column, f"not a geography code: {raw!r}")
    return geo, scope.allows(geo)


def _period(path: str, line: int, column: str, raw: str) -> tuple[int, int]:
    period = parse_period(raw)
    if period is None:
        raise ImportFailed(path, line, column, f"not a year or period like 2022_2024: {raw!r}")
    return period


def _flag(path: str, line: int, column: str, code: str) -> tuple[str, str]:
    found = FHI_FLAGS.get(code.strip() or "0")
    if found is None:
        raise ImportFailed(path, line, column, f"expected a flag 0–4: {code.strip()!r}")
    return found


def _age(path: str, line: int, column: str, raw: str) -> str:
    if not raw.strip():
        return ""
    age = parse_age(raw)
    if age is None:
        raise ImportFailed(path, line, column, f"not an age group like 45_120: {raw!r}")
    if age == "888_888":
        raise ImportFailed(path, line, column, "888_888 is FHI's code for an illegal age")
    return age


def _years(numbers: NumberReader, raw: str, line: int, column: str) -> int | None:
    value = numbers.read(raw, line, column)
    if value is None:
        return None
    number = float(value)
    if not number.is_integer() or not 0 <= number < 1000:
        raise ImportFailed(numbers.path, line, column, f"not a number of years: {raw!r}")
    return int(number)


def _dimensions(path: str, line: int, written: list[str], columns: list[tuple[int, str]],
                values: tuple[str, ...], parsed: Parsed) -> str:
    dimensions: dict[str, str] = {}
    for (index, name), raw in zip(columns, values, strict=True):
        value = raw.strip()
        check_dimension(path, line, written[index], name, value)
        if name in TOTAL_ZERO and value == "0":
            continue
        dimensions[name] = value
    key = parsed.dimensions_key(dimensions)
    if len(key) > MAX_DIMENSIONS_KEY:
        raise ImportFailed(path, line, "", "the other dimensions are longer than "
                           f"{MAX_DIMENSIONS_KEY} characters together")
    return key
