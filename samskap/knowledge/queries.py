"""Statistics of a municipality's indicators, fetched in a fixed number of queries.

The glue between the database and the pure analysis (``samskap.analysis.comparison``): one
query brings every observation an area page needs (the municipality's, its county's and
Norway's, for all the area's indicators at once), one query everything an indicator page needs;
the rest is grouping in Python. So the number of queries does not grow with the number of
indicators (tested), and the overview document can use the same functions.

What is read:

- the **total** rows: ``sex`` "0" (both sexes), ``dimensions_key`` "" (the importers keep no
  dimension for a total, e.g. ``UTDANN=0``), the indicator's ``default_measure``, and the
  widest age group the municipality has (e.g. ``0_120`` rather than ``15_29``);
- the **counts** of the same cells (``sumTELLER``/``sumNEVNER``, else ``TELLER``/``NEVNER``),
  which give the confidence intervals;
- for the social gradient, the **strata** of one dimension (education ``UTDANN``, income
  ``INNTEKT``) in the latest period the municipality has them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from samskap.analysis.comparison import Comparison, Estimate, Trend, compare, trend
from samskap.knowledge.models import Indicator, Observation, period_label
from samskap.municipalities.models import Municipality

COUNTRY = "0"
BOTH_SEXES = "0"
TOTAL = ""
#: Pairs of count measures, the first found for a cell is used.
COUNT_MEASURES = (("sumTELLER", "sumNEVNER"), ("TELLER", "NEVNER"))
#: How many of the latest periods the trend looks at.
TREND_PERIODS = 5

#: Dimensions that stratify by social position, and the labels of their codes (0 = total).
STRATIFIERS: dict[str, dict[str, Any]] = {
    "UTDANN": {"1": _("Primary school"), "2": _("Upper secondary school"),
               "3": _("Higher education")},
    "INNTEKT": {},  # codes are income groups; labelled "Income group N" below
}
UNKNOWN_STRATA = {"0", "8", "9"}

_FIELDS = ("indicator_id", "geo", "period_start", "period_end", "age", "dimensions",
           "dimensions_key", "measure", "value", "flag", "flag_symbol")


@dataclass(frozen=True)
class Cell:
    """One shown value (or its flag) with the counts behind it when known."""

    period_start: int
    period_end: int
    value: float | None
    flag: str = ""
    flag_symbol: str = ""
    numerator: float | None = None
    denominator: float | None = None

    @property
    def period(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def is_flagged(self) -> bool:
        return bool(self.flag)

    def estimate(self) -> Estimate:
        return Estimate(self.value, self.numerator, self.denominator, flagged=self.is_flagged)


@dataclass
class GeoSeries:
    """One place's series of an indicator, oldest first, at most one cell per period."""

    geo: str
    name: str
    cells: list[Cell] = field(default_factory=list)

    def at(self, cell: Cell | None) -> Cell | None:
        if cell is None:
            return None
        return next((c for c in self.cells if (c.period_start, c.period_end)
                     == (cell.period_start, cell.period_end)), None)

    @property
    def latest(self) -> Cell | None:
        return self.cells[-1] if self.cells else None


@dataclass(frozen=True)
class Stratum:
    code: str
    label: str
    rank: float


@dataclass
class Gradient:
    """The latest period's values by stratum, for the municipality, county and Norway."""

    dimension: str
    period: str
    strata: list[Stratum]
    series: list[tuple[str, dict[str, Cell]]]  # (place name, {stratum code: cell})


@dataclass
class IndicatorStatistics:
    indicator: Indicator
    municipality: GeoSeries
    county: GeoSeries
    country: GeoSeries
    age: str
    gradient: Gradient | None = None

    @property
    def latest(self) -> Cell | None:
        return self.municipality.latest

    @property
    def county_latest(self) -> Cell | None:
        return self.county.at(self.latest)

    @property
    def country_latest(self) -> Cell | None:
        return self.country.at(self.latest)

    @property
    def recent(self) -> list[Cell]:
        return self.municipality.cells[-TREND_PERIODS:]

    @property
    def trend(self) -> Trend:
        return trend([(c.period_end, c.value) for c in self.recent])

    def compared_with(self, reference: Cell | None) -> Comparison:
        latest = self.latest
        local = latest.estimate() if latest else Estimate(None)
        return compare(local, reference.estimate() if reference else None,
                       unit=self.indicator.unit,
                       higher_is_better=self.indicator.higher_is_better)

    @property
    def vs_county(self) -> Comparison:
        return self.compared_with(self.county_latest)

    @property
    def vs_country(self) -> Comparison:
        return self.compared_with(self.country_latest)


# Fetching --------------------------------------------------------------------------------------

def area_statistics(municipality: Municipality,
                    indicators: Sequence[Indicator]) -> list[IndicatorStatistics]:
    """Latest values, trends and comparisons of ``indicators``: one query for them all."""
    rows = _rows(indicators, municipality, totals_only=True)
    by_indicator: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_indicator[row[0]].append(row)
    return [_statistics(indicator, municipality, by_indicator.get(indicator.pk, []))
            for indicator in indicators]


def indicator_statistics(municipality: Municipality, indicator: Indicator) -> IndicatorStatistics:
    """One indicator's series and social gradient: one query."""
    return _statistics(indicator, municipality,
                       list(_rows([indicator], municipality, totals_only=False)))


def _rows(indicators: Sequence[Indicator], municipality: Municipality, *,
          totals_only: bool) -> Iterable[tuple[Any, ...]]:
    if not indicators:
        return []
    measures = {i.default_measure for i in indicators}
    measures.update(m for pair in COUNT_MEASURES for m in pair)
    queryset = Observation.objects.filter(
        indicator__in=[i.pk for i in indicators],
        geo__in=_geos(municipality), sex=BOTH_SEXES, measure__in=sorted(measures))
    if totals_only:
        queryset = queryset.filter(dimensions_key=TOTAL)
    return queryset.values_list(*_FIELDS)


def _geos(municipality: Municipality) -> list[str]:
    return [municipality.number, municipality.county_number, COUNTRY]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _age_key(age: str) -> tuple[int, int, str]:
    """Widest age group first: '' (not given) and 0_120 before 15_29."""
    start, _, end = age.partition("_")
    if not (start.isdigit() and end.isdigit()):
        return (-1_000_000, 0, age)
    return (int(start) - int(end), int(start), age)


def _statistics(indicator: Indicator, municipality: Municipality,
                rows: list[tuple[Any, ...]]) -> IndicatorStatistics:
    measure = indicator.default_measure
    # (geo, start, end, age, dimensions_key) -> {measure: (value, flag, symbol)}
    cells: dict[tuple[Any, ...], dict[str, tuple[float | None, str, str]]] = defaultdict(dict)
    dimensions: dict[str, dict[str, str]] = {}
    for (_id, geo, start, end, age, dims, key, row_measure, value, flag, symbol) in rows:
        cells[(geo, start, end, age, key)][row_measure] = (_float(value), flag, symbol)
        dimensions.setdefault(key, dims or {})
    shown = [k for k, measures in cells.items() if measure in measures]
    # The municipality's widest total age group; failing that anyone's, or a stratum's.
    age = _choose_age([k[3] for k in shown if k[4] == TOTAL and k[0] == municipality.number]
                      or [k[3] for k in shown if k[4] == TOTAL]
                      or [k[3] for k in shown if k[0] == municipality.number])

    def series(geo: str, name: str, key: str = TOTAL) -> GeoSeries:
        found = sorted((k for k in shown if k[0] == geo and k[3] == age and k[4] == key),
                       key=lambda k: (k[2], k[1]))
        result = GeoSeries(geo, name)
        for k in found:
            cell = _cell(k, cells[k], measure)
            # Two periods ending in the same year (a single year and an average): keep one.
            if result.cells and result.cells[-1].period_end == cell.period_end:
                continue
            result.cells.append(cell)
        return result

    names = (municipality.name, municipality.county or str(_("County")), str(_("Norway")))
    places = list(zip(_geos(municipality), names, strict=True))
    local, county, country = (series(geo, name) for geo, name in places)
    statistics = IndicatorStatistics(indicator, local, county, country, age=age)
    statistics.gradient = _gradient(municipality, places, shown, cells, dimensions, measure,
                                    age)
    return statistics


def _choose_age(ages: list[str]) -> str:
    return min(ages, key=_age_key) if ages else ""


def _cell(key: tuple[Any, ...], measures: dict[str, tuple[float | None, str, str]],
          measure: str) -> Cell:
    value, flag, symbol = measures[measure]
    numerator = denominator = None
    for top, bottom in COUNT_MEASURES:
        if top in measures and bottom in measures:
            (n, n_flag, _s), (d, d_flag, _t) = measures[top], measures[bottom]
            if not n_flag and not d_flag and n is not None and d is not None:
                numerator, denominator = n, d
                break
    return Cell(key[1], key[2], None if flag else value, flag, symbol, numerator, denominator)


def stratum_of(dimensions: dict[str, str]) -> tuple[str, str] | None:
    """(dimension, code) when a row is one stratum of a known stratifier, else None."""
    kept = {k: v for k, v in dimensions.items() if str(v) != "0"}
    if len(kept) != 1:
        return None
    (name, code), = kept.items()
    if name not in STRATIFIERS or str(code) in UNKNOWN_STRATA:
        return None
    return name, str(code)


def stratum_label(dimension: str, code: str) -> str:
    label = STRATIFIERS.get(dimension, {}).get(code)
    if label:
        return str(label)
    return str(_("Income group %(code)s") % {"code": code}) if dimension == "INNTEKT" else code


def _rank(code: str, fallback: int) -> float:
    try:
        return float(code)
    except ValueError:
        return float(fallback)


def _gradient(municipality: Municipality, places: list[tuple[str, str]],
              shown: list[tuple[Any, ...]],
              cells: dict[tuple[Any, ...], dict[str, tuple[float | None, str, str]]],
              dimensions: dict[str, dict[str, str]], measure: str,
              age: str) -> Gradient | None:
    """The municipality's latest stratified period, with the county's and Norway's."""
    local: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for k in shown:
        geo, start, end, key_age, key = k
        stratum = stratum_of(dimensions.get(key, {})) if key else None
        if geo == municipality.number and key_age == age and stratum:
            local[(stratum[0], start, end)].add(stratum[1])
    candidates = [(end, start, dim) for (dim, start, end), codes in local.items()
                  if len(codes) >= 2]  # a gradient needs two strata at least
    if not candidates:
        return None
    end, start, dimension = max(candidates)
    by_place: dict[str, dict[str, Cell]] = {geo: {} for geo, _name in places}
    for k in shown:
        geo, k_start, k_end, key_age, key = k
        if (k_start, k_end) != (start, end) or key_age != age or geo not in by_place or not key:
            continue
        stratum = stratum_of(dimensions.get(key, {}))
        if stratum and stratum[0] == dimension:
            by_place[geo][stratum[1]] = _cell(k, cells[k], measure)
    codes = sorted({code for found in by_place.values() for code in found},
                   key=lambda c: (_rank(c, 0), c))
    strata = [Stratum(code, stratum_label(dimension, code), _rank(code, index))
              for index, code in enumerate(codes)]
    return Gradient(dimension, period_label(start, end), strata,
                    [(name, by_place[geo]) for geo, name in places if by_place[geo]])
