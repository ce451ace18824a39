"""Charts as server-drawn SVG: pure functions from data to strings. No Django, no JavaScript.

Why server-drawn SVG rather than a JavaScript chart library:

- **no page JavaScript and nothing for the CSP to allow**: every colour, dash and marker is an
  SVG presentation attribute, never a ``style`` attribute or an inline script;
- **accessible**: the ``<svg>`` is one ``role="img"`` named by its ``<title>`` and described by
  its ``<desc>`` (``aria-labelledby``); the page puts a text summary and a data table with every
  number next to it, so the picture is never the only copy of the numbers. Lines differ by
  dash pattern and marker shape as well as colour, bars by fill pattern, and every colour has
  a contrast of at least 4.5:1 on white (see ``contrast_ratio``);
- **printable and reusable**: the same string goes into the page, into the PDF of the overview
  document (WeasyPrint draws SVG) and, through cairosvg, into its DOCX as a PNG;
- **deterministic**: the same data gives the same bytes, so documents are reproducible and
  tests can read the charts.

The public API is ``time_series_svg``, ``gradient_svg`` and ``sparkline_svg``, with the
geometry helpers they use (``nice_ticks``, ``LinearScale``, ``line_paths``) and
``series_table`` for the data table that goes with a chart. Text comes in already translated;
numbers are formatted by a callable so the caller can localise them (decimal comma).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

NumberFormat = Callable[[float, int], str]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#1f2328"
MUTED = "#4a5360"  # 8:1 on white
GRID = "#d5d9de"
WHITE = "#ffffff"


def plain_number(value: float, decimals: int) -> str:
    """The default number format: a decimal point, no grouping."""
    return f"{value:.{decimals}f}"


@dataclass(frozen=True)
class Style:
    """How one series looks: never told apart by colour alone."""

    colour: str
    dash: str  # stroke-dasharray; "" is a solid line
    marker: str  # circle | square | triangle | diamond
    fill: str  # for bars: solid | hatch | outline


#: Municipality, county, Norway (and a spare): dark colours, distinct dashes, markers and fills.
STYLES: tuple[Style, ...] = (
    Style("#1d4f91", "", "circle", "solid"),
    Style("#a3400b", "8 4", "square", "hatch"),
    Style("#333a42", "2 3", "triangle", "outline"),
    Style("#6a2c8f", "10 3 2 3", "diamond", "solid"),
)


@dataclass(frozen=True)
class Point:
    """One value of a series; ``value`` None is a gap and ``note`` says why (a flag)."""

    x: float  # where it sits: e.g. the period's last year, or a stratum's rank
    label: str  # e.g. "2022–2024" or "Higher education"
    value: float | None
    note: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Table:
    """The numbers of a chart as a table: one row per x label, one column per series."""

    caption: str
    corner: str  # the header of the first column, e.g. "Period"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


# Geometry --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LinearScale:
    """Maps a domain linearly onto a range (the range may run backwards, as y does)."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        d0, d1 = self.domain
        r0, r1 = self.range
        if d1 == d0:
            return (r0 + r1) / 2
        return r0 + (value - d0) / (d1 - d0) * (r1 - r0)


def nice_step(span: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``count`` intervals over ``span``."""
    if span <= 0 or count < 1:
        raise ValueError("need a positive span and count")
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude * (1 + 1e-9):
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Evenly spaced round ticks from at or below ``low`` to at or above ``high``."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite bounds")
    if low > high:
        low, high = high, low
    if high - low < 1e-9 * max(1.0, abs(low), abs(high)):  # too narrow to divide: widen it
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low, count)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    # Round away the binary noise of multiples of 0.1 and the like.
    digits = max(0, -math.floor(math.log10(step)) + 2)
    return [round(i * step, digits) for i in range(first, last + 1)]


def tick_decimals(ticks: Sequence[float]) -> int:
    """How many decimals show every tick exactly (0 for 0, 5, 10; 1 for 2.5, 5.0 …)."""
    for decimals in range(0, 7):
        if all(abs(t - round(t, decimals)) < 1e-9 for t in ticks):
            return decimals
    return 6


def line_paths(points: Sequence[tuple[float, float | None]]) -> list[str]:
    """SVG path data for a line through ``(x, y)`` points, broken where y is None (a gap)."""
    paths: list[str] = []
    current: list[str] = []
    for x, y in points:
        if y is None:
            if current:
                paths.append(" ".join(current))
            current = []
            continue
        current.append(f"{'M' if not current else 'L'} {_fmt(x)} {_fmt(y)}")
    if current:
        paths.append(" ".join(current))
    return paths


def contrast_ratio(foreground: str, background: str = WHITE) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Tables -----------------------------------------------------------------------------------------

def series_table(series: Sequence[Series], *, caption: str, corner: str, decimals: int = 1,
                 number_format: NumberFormat = plain_number) -> Table:
    """Every number of a chart (or, for a gap, its note) as a table."""
    labels = _categories(series)
    rows = []
    for x, label in labels:
        cells = []
        for one in series:
            point = next((p for p in one.points if p.x == x), None)
            if point is None:
                cells.append("–")
            elif point.value is None:
                cells.append(point.note or "–")
            else:
                cells.append(number_format(point.value, decimals))
        rows.append((label, tuple(cells)))
    return Table(caption, corner, tuple(s.name for s in series), tuple(rows))


# Charts -----------------------------------------------------------------------------------------

def time_series_svg(series: Sequence[Series], *, unit: str, title: str, description: str = "",
                    chart_id: str = "chart", gap_label: str = "no value",
                    decimals: int = 1, number_format: NumberFormat = plain_number,
                    width: int = 640, height: int = 320) -> str:
    """A line chart of one or more series over time; gaps are breaks with a × marker."""
    chart_id = _safe_id(chart_id)
    styles = [STYLES[i % len(STYLES)] for i in range(len(series))]
    values = [p.value for s in series for p in s.points if p.value is not None]
    has_gaps = any(p.value is None for s in series for p in s.points)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low >= 0 and low <= high / 2:
        low = 0.0  # start at zero unless that would flatten the lines
    ticks = nice_ticks(low, high)
    tick_places = tick_decimals(ticks)
    tick_labels = [number_format(t, tick_places) for t in ticks]

    legend_rows = len(series) + (1 if has_gaps else 0)
    top = 14 + 20 * legend_rows + 18  # legend, then the unit above the axis
    left = 12 + _text_width(max(tick_labels, key=len), 12)
    right, bottom = 18, 36
    plot = (left, top, width - right, height - bottom)
    y = LinearScale((ticks[0], ticks[-1]), (plot[3], plot[1]))
    categories = _categories(series)
    xs = [x for x, _ in categories]
    # Room for half a period label at either end, so the first and last are not cut.
    pad = max([12.0] + [_text_width(label, 12) / 2 + 2 for _, label in categories[:1]
                        + categories[-1:]])
    x = LinearScale((min(xs), max(xs)) if xs else (0.0, 1.0), (plot[0] + pad, plot[2] - pad))

    out = [_open_svg(chart_id, width, height, title, description)]
    # Grid and y axis
    out.append(f'<g font-size="12" fill="{MUTED}">')
    for tick, label in zip(ticks, tick_labels, strict=True):
        ty = y(tick)
        out.append(f'<line x1="{_fmt(plot[0])}" x2="{_fmt(plot[2])}" y1="{_fmt(ty)}" '
                   f'y2="{_fmt(ty)}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{_fmt(plot[0] - 6)}" y="{_fmt(ty + 4)}" '
                   f'text-anchor="end">{escape(label)}</text>')
    out.append(f'<text x="{_fmt(plot[0])}" y="{_fmt(plot[1] - 8)}" '
               f'text-anchor="start">{escape(unit)}</text>')
    # x axis: as many period labels as fit, always the last one
    out.append(f'<line x1="{_fmt(plot[0])}" x2="{_fmt(plot[2])}" y1="{_fmt(plot[3])}" '
               f'y2="{_fmt(plot[3])}" stroke="{MUTED}" stroke-width="1"/>')
    if categories:
        widest = max(_text_width(label, 12) for _, label in categories) + 8
        every = max(1, math.ceil(widest * len(categories) / max(1.0, plot[2] - plot[0])))
        for index, (cx, label) in enumerate(categories):
            if (len(categories) - 1 - index) % every:
                continue
            out.append(f'<text x="{_fmt(x(cx))}" y="{_fmt(plot[3] + 18)}" '
                       f'text-anchor="middle">{escape(label)}</text>')
    out.append("</g>")
    # Lines, markers, gap markers
    for index, (one, style) in enumerate(zip(series, styles, strict=True)):
        points = sorted(one.points, key=lambda p: p.x)
        out.append(f'<g class="series series-{index}">')
        for path in line_paths([(x(p.x), y(p.value) if p.value is not None else None)
                                for p in points]):
            dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
            out.append(f'<path d="{path}" fill="none" stroke="{style.colour}" '
                       f'stroke-width="2.5" stroke-linejoin="round"{dash}/>')
        for p in points:
            if p.value is not None:
                out.append(_marker(style, x(p.x), y(p.value)))
            else:
                # Stacked a little per series so gaps of several series stay apart.
                out.append(_cross(style.colour, x(p.x), plot[3] - 8 - 10 * index))
        out.append("</g>")
    # Legend
    out.append(f'<g font-size="13" fill="{INK}">')
    for row, (one, style) in enumerate(zip(series, styles, strict=True)):
        ly = 16 + 20 * row
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(left + 36)}" y1="{ly}" y2="{ly}" '
                   f'stroke="{style.colour}" stroke-width="2.5"{dash}/>')
        out.append(_marker(style, left + 18, ly))
        out.append(f'<text x="{_fmt(left + 44)}" y="{ly + 4}">{escape(one.name)}</text>')
    if has_gaps:
        ly = 16 + 20 * len(series)
        out.append(_cross(INK, left + 18, ly))
        out.append(f'<text x="{_fmt(left + 44)}" y="{ly + 4}">{escape(gap_label)}</text>')
    out.append("</g></svg>")
    return "".join(out)


def gradient_svg(series: Sequence[Series], *, unit: str, title: str, description: str = "",
                 chart_id: str = "gradient", decimals: int = 1,
                 number_format: NumberFormat = plain_number, width: int = 640) -> str:
    """Horizontal bars per stratum (e.g. level of education), one bar per series in each.

    The strata are the points' labels, ordered by ``x`` (their rank, lowest first). A stratum
    without a value has no bar but its note (the flag) written where the bar would start.
    """
    chart_id = _safe_id(chart_id)
    styles = [STYLES[i % len(STYLES)] for i in range(len(series))]
    categories = _categories(series)
    values = [p.value for s in series for p in s.points if p.value is not None]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]) or 1.0)
    tick_places = tick_decimals(ticks)
    bar, gap, row_pad = 16, 4, 14
    row_height = len(series) * (bar + gap) - gap + row_pad * 2
    top = 14 + 20 * len(series) + 18
    left = 16 + max((_text_width(label, 13) for _, label in categories), default=40)
    left = min(left, width * 0.4)
    value_room = max([_text_width(number_format(v, decimals), 12) for v in values] + [60]) + 12
    right = max(value_room, 16)
    plot = (left, top, width - right, top + row_height * max(1, len(categories)))
    height = int(plot[3] + 34)
    x = LinearScale((ticks[0], ticks[-1]), (plot[0], plot[2]))
    zero = x(0.0)

    out = [_open_svg(chart_id, width, height, title, description), "<defs>"]
    for index, style in enumerate(styles):
        if style.fill == "hatch":
            out.append(f'<pattern id="{chart_id}-hatch-{index}" width="6" height="6" '
                       f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                       f'<rect width="6" height="6" fill="{WHITE}"/>'
                       f'<line x1="0" y1="0" x2="0" y2="6" stroke="{style.colour}" '
                       f'stroke-width="3"/></pattern>')
    out.append("</defs>")
    out.append(f'<g font-size="12" fill="{MUTED}">')
    for tick in ticks:
        tx = x(tick)
        out.append(f'<line x1="{_fmt(tx)}" x2="{_fmt(tx)}" y1="{_fmt(plot[1])}" '
                   f'y2="{_fmt(plot[3])}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{_fmt(tx)}" y="{_fmt(plot[3] + 18)}" '
                   f'text-anchor="middle">{escape(number_format(tick, tick_places))}</text>')
    out.append(f'<text x="{_fmt(plot[0])}" y="{_fmt(plot[1] - 8)}">{escape(unit)}</text>')
    out.append("</g>")
    out.append(f'<g font-size="13" fill="{INK}">')
    for row, (cx, label) in enumerate(categories):
        row_top = plot[1] + row * row_height
        out.append(f'<text x="{_fmt(plot[0] - 8)}" y="{_fmt(row_top + row_height / 2 + 4)}" '
                   f'text-anchor="end">{escape(label)}</text>')
        for index, (one, style) in enumerate(zip(series, styles, strict=True)):
            point = next((p for p in one.points if p.x == cx), None)
            by = row_top + row_pad + index * (bar + gap)
            if point is None:
                continue
            if point.value is None:
                out.append(f'<text x="{_fmt(zero + 4)}" y="{_fmt(by + bar - 3)}" '
                           f'font-size="12" font-style="italic">'
                           f'{escape(point.note or "–")}</text>')
                continue
            bx = x(point.value)
            out.append(_bar(chart_id, index, style, min(zero, bx), by, abs(bx - zero), bar))
            out.append(f'<text x="{_fmt(max(zero, bx) + 4)}" y="{_fmt(by + bar - 3)}" '
                       f'font-size="12">{escape(number_format(point.value, decimals))}</text>')
    out.append(f'<line x1="{_fmt(zero)}" x2="{_fmt(zero)}" y1="{_fmt(plot[1])}" '
               f'y2="{_fmt(plot[3])}" stroke="{MUTED}" stroke-width="1"/>')
    for row, (one, style) in enumerate(zip(series, styles, strict=True)):
        ly = 16 + 20 * row
        out.append(_bar(chart_id, row, style, plot[0], ly - 7, 28, 14))
        out.append(f'<text x="{_fmt(plot[0] + 36)}" y="{ly + 4}">{escape(one.name)}</text>')
    out.append("</g></svg>")
    return "".join(out)


def sparkline_svg(values: Sequence[float | None], *, width: int = 80, height: int = 22,
                  colour: str = STYLES[0].colour) -> str:
    """A tiny decorative trend line, hidden from assistive technology (words go beside it)."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    pad = 3.0
    x = LinearScale((0, max(1, len(values) - 1)), (pad, width - pad))
    y = LinearScale((low, high), (height - pad, pad)) if high > low else LinearScale(
        (0, 1), (height / 2, height / 2))
    paths = line_paths([(x(i), y(v) if v is not None else None) for i, v in enumerate(values)])
    last_index = max(i for i, v in enumerate(values) if v is not None)
    last = values[last_index]
    assert last is not None
    body = "".join(f'<path d="{p}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
                   for p in paths)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true" '
            f'focusable="false">{body}<circle cx="{_fmt(x(last_index))}" '
            f'cy="{_fmt(y(last))}" r="2.5" fill="{colour}"/></svg>')


# Helpers ---------------------------------------------------------------------------------------

def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _safe_id(value: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", value)
    return cleaned if cleaned[:1].isalpha() else f"c-{cleaned}"


def _text_width(text: str, font_size: float) -> float:
    """A rough width of text in a sans-serif font: enough to lay out margins."""
    return len(text) * font_size * 0.58


def _categories(series: Sequence[Series]) -> list[tuple[float, str]]:
    """The x positions of all series, sorted, each with the first label seen for it."""
    seen: dict[float, str] = {}
    for one in series:
        for point in one.points:
            seen.setdefault(point.x, point.label)
    return sorted(seen.items())


def _open_svg(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    labelled = f"{chart_id}-title" + (f" {chart_id}-desc" if description else "")
    desc = f'<desc id="{chart_id}-desc">{escape(description)}</desc>' if description else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{labelled}" font-family="{escape(FONT)}">'
            f'<title id="{chart_id}-title">{escape(title)}</title>{desc}'
            f'<rect width="{width}" height="{height}" fill="{WHITE}"/>')


def _marker(style: Style, cx: float, cy: float, size: float = 4.5) -> str:
    fill = f'fill="{style.colour}"'
    if style.marker == "square":
        return (f'<rect x="{_fmt(cx - size)}" y="{_fmt(cy - size)}" width="{_fmt(2 * size)}" '
                f'height="{_fmt(2 * size)}" {fill}/>')
    if style.marker == "triangle":
        return (f'<path d="M {_fmt(cx)} {_fmt(cy - size - 1)} L {_fmt(cx + size + 1)} '
                f'{_fmt(cy + size)} L {_fmt(cx - size - 1)} {_fmt(cy + size)} Z" {fill}/>')
    if style.marker == "diamond":
        return (f'<path d="M {_fmt(cx)} {_fmt(cy - size - 1)} L {_fmt(cx + size + 1)} '
                f'{_fmt(cy)} L {_fmt(cx)} {_fmt(cy + size + 1)} L {_fmt(cx - size - 1)} '
                f'{_fmt(cy)} Z" {fill}/>')
    return f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(size)}" {fill}/>'


def _cross(colour: str, cx: float, cy: float, size: float = 4.5) -> str:
    return (f'<path class="gap" d="M {_fmt(cx - size)} {_fmt(cy - size)} L {_fmt(cx + size)} '
            f'{_fmt(cy + size)} M {_fmt(cx - size)} {_fmt(cy + size)} L {_fmt(cx + size)} '
            f'{_fmt(cy - size)}" stroke="{colour}" stroke-width="2" fill="none"/>')


def _bar(chart_id: str, index: int, style: Style, bx: float, by: float, width: float,
         height: float) -> str:
    geometry = (f'x="{_fmt(bx)}" y="{_fmt(by)}" width="{_fmt(max(width, 0.0))}" '
                f'height="{_fmt(height)}"')
    if style.fill == "hatch":
        return (f'<rect {geometry} fill="url(#{chart_id}-hatch-{index})" '
                f'stroke="{style.colour}" stroke-width="1.5"/>')
    if style.fill == "outline":
        return f'<rect {geometry} fill="{WHITE}" stroke="{style.colour}" stroke-width="2"/>'
    return f'<rect {geometry} fill="{style.colour}"/>'
