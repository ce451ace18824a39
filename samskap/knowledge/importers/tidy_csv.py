"""A plain, tidy CSV: one observation per line, for local surveys and for Samskap's own export.

Columns (any order, names case-insensitive): ``indicator`` (an existing indicator code: the
national catalogue or the municipality's own; optional when the importer is told the
indicator), ``geo``, ``period`` (``2024`` or ``2022_2024``) or ``period_start`` and
``period_end``, ``sex`` (0, 1, 2; default 0), ``age`` (``45_120``; may be empty), ``measure``
(default: the indicator's measure shown), ``value``, ``flag`` (empty, ``missing``,
``not_computable``, ``suppressed``, ``not_available``, ``not_applicable``, ``confidential``),
``dimensions`` (``KEY=VALUE`` pairs joined by ``;``, as the export writes them), and optionally
``n_years`` and ``flag_symbol``. Any other column is one more dimension.
"""

from __future__ import annotations

import csv
import io

from samskap.knowledge.importers.common import (
    EMPTY_VALUES,
    SYMBOL_OF_FLAG,
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
from samskap.knowledge.importers.fhi_cube import MAX_DIMENSIONS_KEY, SEXES
from samskap.knowledge.models import Flag, Indicator
from samskap.lib.fileimport import first_line, sniff_delimiter

KNOWN = frozenset({"indicator", "geo", "period", "period_start", "period_end", "sex", "age",
                   "dimensions", "measure", "value", "flag", "n_years", "flag_symbol"})
FLAGS = frozenset(flag.value for flag in Flag if flag.value)


def parse(path: str, text: str, indicator: Indicator | None, scope: Scope) -> Parsed:
    """Read a tidy CSV all the way through; the first bad cell raises :class:`ImportFailed`."""
    parsed = Parsed()
    delimiter = parsed.delimiter = sniff_delimiter(path, first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    written = next(reader, [])
    names = [name.strip().lower() for name in written]
    at = column_positions(path, written, names)
    needed = ["geo", "value"] + ([] if indicator else ["indicator"])
    needed += ["period"] if "period_start" not in at else ["period_start", "period_end"]
    for name in needed:
        if name not in at:
            raise ImportFailed(path, 1, name, f"missing column {name} (the header has: "
                               f"{', '.join(written)})")
    extra = [(i, written[i].strip()) for i, name in enumerate(names) if name not in KNOWN]
    indicators = _Indicators(path, indicator, scope, parsed)
    numbers = NumberReader(path, delimiter)
    cells, width = parsed.cells, len(names)

    def cell(row: list[str], name: str) -> str:
        return row[at[name]].strip() if name in at else ""

    for row in reader:
        line = reader.line_num
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            raise ImportFailed(path, line, "", f"expected {width} fields separated by "
                               f"{delimiter!r}, found {len(row)} (wrong separator?)")
        parsed.rows += 1

        def fail(name: str, message: str, line: int = line) -> ImportFailed:
            return ImportFailed(path, line, written[at[name]] if name in at else name, message)

        found = indicators.get(cell(row, "indicator"), line, written[at["indicator"]]
                               if "indicator" in at else "indicator")
        geo = normalise_geo(cell(row, "geo")) if cell(row, "geo") else None
        if geo is None:
            raise fail("geo", f"not a geography code: {cell(row, 'geo')!r}")
        if "period_start" in at:
            start_end = parse_period(cell(row, "period_start"))
            end = parse_period(cell(row, "period_end"))
            if start_end is None or end is None or end[1] < start_end[0]:
                raise fail("period_start", f"not a period: {cell(row, 'period_start')!r}–"
                           f"{cell(row, 'period_end')!r}")
            period = (start_end[0], end[1])
        else:
            found_period = parse_period(cell(row, "period"))
            if found_period is None:
                raise fail("period", f"not a year or period like 2022_2024: "
                           f"{cell(row, 'period')!r}")
            period = found_period
        sex = cell(row, "sex") or "0"
        if sex not in SEXES:
            raise fail("sex", f"expected 0 (both), 1 (men) or 2 (women): {sex!r}")
        age = cell(row, "age")
        if age:
            age = parse_age(age) or ""
            if not age:
                raise fail("age", f"not an age group like 45_120: {cell(row, 'age')!r}")
        measure = cell(row, "measure") or found.default_measure
        check_measure(path, line, written[at["measure"]] if "measure" in at else "measure",
                      measure)
        dimensions = _dimensions(path, line, row, at, extra, written)
        key = parsed.dimensions_key(dimensions)
        if len(key) > MAX_DIMENSIONS_KEY:
            raise fail("dimensions", f"longer than {MAX_DIMENSIONS_KEY} characters")
        flag = cell(row, "flag").lower()
        if flag and flag not in FLAGS:
            raise fail("flag", f"expected empty or one of {', '.join(sorted(FLAGS))}: {flag!r}")
        value = numbers.read(row[at["value"]], line, written[at["value"]])
        if flag and value is not None:
            parsed.warn(f"line {line}: flag {flag} with a value; the value was not kept")
            value = None
        if not flag and value is None:
            raise fail("value", "empty: give a value, or a flag that says why there is none")
        n_years = None
        if cell(row, "n_years"):
            text = cell(row, "n_years")
            if not text.isdigit() or int(text) > 999:
                raise fail("n_years", f"not a number of years: {text!r}")
            n_years = int(text)
        symbol = (cell(row, "flag_symbol") or SYMBOL_OF_FLAG[flag])[:3] if flag else ""
        if not scope.allows(geo):
            parsed.rejected += 1
            continue
        identity = (found.pk, geo, period[0], period[1], sex, age, key, measure)
        earlier = cells.get(identity)
        if earlier is not None:
            raise fail("value", f"the same cell as line {earlier[4]}")
        cells[identity] = (value, flag, symbol, n_years, line)
    parsed.decimal = numbers.decimal or "."
    return parsed


def _dimensions(path: str, line: int, row: list[str], at: dict[str, int],
                extra: list[tuple[int, str]], written: list[str]) -> dict[str, str]:
    dimensions: dict[str, str] = {}
    column = written[at["dimensions"]] if "dimensions" in at else ""
    text = row[at["dimensions"]].strip() if "dimensions" in at else ""
    for pair in filter(None, (part.strip() for part in text.split(";"))):
        key, equals, value = pair.partition("=")
        if not equals:
            raise ImportFailed(path, line, column, f"expected KEY=VALUE pairs joined by ';': "
                               f"{pair!r}")
        check_dimension(path, line, column, key.strip(), value.strip())
        dimensions[key.strip()] = value.strip()
    for index, name in extra:
        value = row[index].strip()
        if value in EMPTY_VALUES:
            continue
        check_dimension(path, line, written[index], name, value)
        if name in dimensions and dimensions[name] != value:
            raise ImportFailed(path, line, written[index],
                               f"{name} is also given in the dimensions column")
        dimensions[name] = value
    return dimensions


class _Indicators:
    """Indicator codes of a file, looked up once each, among those the importer may use."""

    def __init__(self, path: str, indicator: Indicator | None, scope: Scope,
                 parsed: Parsed) -> None:
        self.path, self.indicator, self.parsed = path, indicator, parsed
        municipality = scope.municipality
        self.available = (Indicator.objects.for_municipality(municipality) if municipality
                          else Indicator.objects.all())
        self.by_code: dict[str, Indicator | None] = {}

    def get(self, code: str, line: int, column: str) -> Indicator:
        if self.indicator is not None:
            if code and code != self.indicator.code:
                raise ImportFailed(self.path, line, column,
                                   f"the file names {code!r}, the import is for "
                                   f"{self.indicator.code!r}")
            found: Indicator | None = self.indicator
        else:
            if code not in self.by_code:
                self.by_code[code] = self.available.filter(code=code).first()
            found = self.by_code[code]
        if found is None:
            raise ImportFailed(self.path, line, column, f"no indicator with the code {code!r}")
        self.parsed.indicators[found.pk] = found
        return found
