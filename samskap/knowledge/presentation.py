"""Indicator statistics in words, numbers and charts, in the reader's language.

Turns ``queries.IndicatorStatistics`` into what a page or the overview document shows: values
with their unit (a flagged cell as its flag, never 0), comparisons and trends in words, and
each chart as an SVG with its text summary and data table (``ChartBlock``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format as django_number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samskap.analysis.comparison import Comparison, Direction, Reason, Trend, Verdict
from samskap.knowledge.models import Flag, Indicator, Unit
from samskap.knowledge.queries import Cell, Gradient, IndicatorStatistics
from samskap.lib import charts


@dataclass(frozen=True)
class ChartBlock:
    """A chart with its text alternative and its numbers: show all three together."""

    id: str
    svg: SafeString
    summary: str
    table: charts.Table
    has_gaps: bool = False


def number(value: float, decimals: int) -> str:
    """A number in the active language's format (27,6 in Norwegian)."""
    return str(django_number_format(value, decimal_pos=decimals, use_l10n=True))


def unit_suffix(unit: str) -> str:
    if unit == Unit.PERCENT:
        return "\u00a0%"
    labels = {Unit.PER_1000: _("per 1,000"), Unit.PER_100000: _("per 100,000"),
              Unit.YEARS: _("years")}
    return f"\u00a0{labels[Unit(unit)]}" if unit in labels else ""


def unit_label(unit: str) -> str:
    """The unit above a chart's value axis."""
    return "%" if unit == Unit.PERCENT else str(Unit(unit).label) if unit in Unit.values else unit


def age_label(age: str) -> str:
    """E.g. "45 years and over" for 45_120, "all ages" for 0_120, "15–29 years", "17 years"."""
    start, _sep, end = age.partition("_")
    if not (start.isdigit() and end.isdigit()):
        return age
    if age in {"999_999", "888_888"}:  # FHI's codes for unknown and invalid ages
        return _("age not known")
    if int(end) >= 120:  # FHI writes an open upper end as 120
        return _("all ages") if int(start) == 0 else _("%(start)s years and over") % {
            "start": start}
    if start == end:
        return _("%(age)s years") % {"age": start}
    return _("%(start)s–%(end)s years") % {"start": start, "end": end}


def format_value(value: float, indicator: Indicator) -> str:
    return number(value, indicator.decimals) + unit_suffix(indicator.unit)


def flag_label(cell: Cell) -> str:
    """E.g. "anonymised (:)": the reason a cell has no value, with FHI's or SSB's symbol."""
    label = str(Flag(cell.flag).label) if cell.flag in Flag.values else cell.flag
    return f"{label} ({cell.flag_symbol})" if cell.flag_symbol else label


def cell_text(cell: Cell | None, indicator: Indicator) -> str:
    if cell is None:
        return _("no value")
    if cell.is_flagged or cell.value is None:
        return flag_label(cell) if cell.flag else _("no value")
    return format_value(cell.value, indicator)


def comparison_text(comparison: Comparison, place: str) -> str:
    """E.g. "Worse than Norway" or "No test was possible: no numerator and denominator"."""
    texts = {
        Verdict.BETTER: _("Better than %(place)s"),
        Verdict.WORSE: _("Worse than %(place)s"),
        Verdict.HIGHER: _("Higher than %(place)s"),
        Verdict.LOWER: _("Lower than %(place)s"),
        Verdict.NO_DIFFERENCE: _("No different from %(place)s"),
    }
    if comparison.verdict in texts:
        return texts[comparison.verdict] % {"place": place}
    return _("No test was possible: %(reason)s") % {"reason": reason_text(comparison.reason)}


def reason_text(reason: Reason | None) -> str:
    texts = {
        Reason.NO_VALUE: _("no value"),
        Reason.FLAGGED: _("the value is not published"),
        Reason.NO_REFERENCE: _("no value to compare with for the same period"),
        Reason.REFERENCE_FLAGGED: _("the value to compare with is not published"),
        Reason.NO_COUNTS: _("numerator and denominator are not known"),
        Reason.ZERO_DENOMINATOR: _("the denominator is zero"),
        Reason.INVALID_COUNTS: _("numerator and denominator do not fit the value"),
        Reason.UNIT_NOT_TESTABLE: _("this unit has no confidence interval here"),
    }
    return texts.get(reason, _("unknown")) if reason else _("unknown")


def trend_text(result: Trend, higher_is_better: bool | None) -> str:
    if result.direction is Direction.UNKNOWN:
        return _("Too few values to tell")
    if result.direction is Direction.STABLE:
        return _("Stable")
    rising = result.direction is Direction.RISING
    if higher_is_better is None:
        return _("Rising") if rising else _("Falling")
    if rising == higher_is_better:
        return _("Rising (better)") if rising else _("Falling (better)")
    return _("Rising (worse)") if rising else _("Falling (worse)")


def summary_text(statistics: IndicatorStatistics) -> str:
    """E.g. "In 2024 the value was 27.6 %, up from 25.1 % in 2015; the county had 24.9 %."."""
    indicator = statistics.indicator
    place = statistics.municipality.name
    latest = statistics.latest
    if latest is None:
        return _("There are no values for %(place)s yet.") % {"place": place}
    known = [c for c in statistics.municipality.cells if c.value is not None]
    if latest.value is None:
        text = _("In %(period)s the value for %(place)s is not published: %(flag)s.") % {
            "period": latest.period, "place": place, "flag": flag_label(latest)}
        if known:
            text += " " + _("The last published value was %(value)s in %(period)s.") % {
                "value": format_value(known[-1].value or 0.0, indicator),
                "period": known[-1].period}
        return text
    text = _("In %(period)s the value for %(place)s was %(value)s") % {
        "period": latest.period, "place": place, "value": format_value(latest.value, indicator)}
    first = known[0]
    if first is not latest and first.value is not None:
        values = {"value": format_value(first.value, indicator), "period": first.period}
        if first.value < latest.value:
            text += ", " + _("up from %(value)s in %(period)s") % values
        elif first.value > latest.value:
            text += ", " + _("down from %(value)s in %(period)s") % values
        else:
            text += ", " + _("the same as in %(period)s") % values
    others = []
    for series, cell in ((statistics.county, statistics.county_latest),
                         (statistics.country, statistics.country_latest)):
        if cell is not None:
            others.append(_("%(place)s: %(value)s") % {"place": series.name,
                                                       "value": cell_text(cell, indicator)})
    if others:
        text += "; " + _("in the same period: %(others)s") % {"others": ", ".join(others)}
    return text + "."


def time_series_chart(statistics: IndicatorStatistics, chart_id: str = "time-series") -> ChartBlock:
    """The municipality's, the county's and Norway's series over time, with table and summary."""
    indicator = statistics.indicator
    series = [_series(s.name, s.cells) for s in
              (statistics.municipality, statistics.county, statistics.country) if s.cells]
    summary = summary_text(statistics)
    title = _("%(indicator)s over time") % {"indicator": indicator.name}
    svg = charts.time_series_svg(
        series, unit=unit_label(indicator.unit), title=title, description=summary,
        chart_id=chart_id, gap_label=_("no value published (see the table)"),
        decimals=indicator.decimals, number_format=number)
    table = charts.series_table(series, caption=title, corner=_("Period"),
                                decimals=indicator.decimals, number_format=number)
    has_gaps = any(p.value is None for s in series for p in s.points)
    return ChartBlock(chart_id, mark_safe(svg), summary, table, has_gaps)  # noqa: S308


def gradient_chart(statistics: IndicatorStatistics,
                   chart_id: str = "gradient") -> ChartBlock | None:
    """Bars per level of education (or income) in the latest period, or None."""
    gradient = statistics.gradient
    if gradient is None:
        return None
    indicator = statistics.indicator
    series = [charts.Series(name, tuple(
        charts.Point(s.rank, s.label, _value(cells.get(s.code)),
                     flag_label(cells[s.code]) if s.code in cells and cells[s.code].flag
                     else "")
        for s in gradient.strata if s.code in cells)) for name, cells in gradient.series]
    title = _("%(indicator)s by %(dimension)s, %(period)s") % {
        "indicator": indicator.name, "dimension": dimension_label(gradient.dimension),
        "period": gradient.period}
    summary = gradient_summary(gradient, statistics)
    svg = charts.gradient_svg(series, unit=unit_label(indicator.unit), title=title,
                              description=summary, chart_id=chart_id,
                              decimals=indicator.decimals, number_format=number)
    table = charts.series_table(series, caption=title, corner=dimension_label(
        gradient.dimension).capitalize(), decimals=indicator.decimals, number_format=number)
    return ChartBlock(chart_id, mark_safe(svg), summary, table)  # noqa: S308 - escaped


def dimension_label(dimension: str) -> str:
    return {"UTDANN": _("level of education"), "INNTEKT": _("income")}.get(dimension, dimension)


def gradient_summary(gradient: Gradient, statistics: IndicatorStatistics) -> str:
    indicator = statistics.indicator
    name, cells = gradient.series[0]
    parts = [_("%(stratum)s: %(value)s") % {"stratum": s.label,
                                             "value": cell_text(cells.get(s.code), indicator)}
             for s in gradient.strata if s.code in cells]
    return _("In %(period)s in %(place)s, by %(dimension)s: %(values)s.") % {
        "period": gradient.period, "place": name,
        "dimension": dimension_label(gradient.dimension), "values": "; ".join(parts)}


def _value(cell: Cell | None) -> float | None:
    return None if cell is None else cell.value


def _series(name: str, cells: list[Cell]) -> charts.Series:
    return charts.Series(name, tuple(
        charts.Point(cell.period_end, cell.period, cell.value,
                     flag_label(cell) if cell.flag else "") for cell in cells))


@dataclass(frozen=True)
class AreaRow:
    """One line of an area page."""

    indicator: Indicator
    url: str
    latest: str
    period: str
    is_flagged: bool
    trend: str
    sparkline: SafeString
    vs_county: str
    county_value: str
    vs_country: str
    country_value: str


def area_row(statistics: IndicatorStatistics, url: str) -> AreaRow:
    indicator = statistics.indicator
    latest = statistics.latest
    sparkline = charts.sparkline_svg([c.value for c in statistics.recent])
    return AreaRow(
        indicator=indicator, url=url,
        latest=cell_text(latest, indicator), period=latest.period if latest else "",
        is_flagged=bool(latest and latest.is_flagged),
        trend=trend_text(statistics.trend, indicator.higher_is_better),
        sparkline=mark_safe(sparkline),  # noqa: S308 - numbers only
        vs_county=comparison_text(statistics.vs_county, statistics.county.name),
        county_value=cell_text(statistics.county_latest, indicator)
        if statistics.county_latest else "",
        vs_country=comparison_text(statistics.vs_country, _("Norway")),
        country_value=cell_text(statistics.country_latest, indicator)
        if statistics.country_latest else "",
    )
