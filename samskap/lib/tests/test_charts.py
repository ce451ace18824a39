import itertools
import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from samskap.lib.charts import (
    GRID,
    MUTED,
    STYLES,
    LinearScale,
    Point,
    Series,
    contrast_ratio,
    gradient_svg,
    line_paths,
    nice_step,
    nice_ticks,
    series_table,
    sparkline_svg,
    tick_decimals,
    time_series_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def series(name: str, values: list[float | None], start: int = 2015) -> Series:
    return Series(name, tuple(
        Point(start + i, str(start + i), v, "" if v is not None else "anonymised (:)")
        for i, v in enumerate(values)))


# Geometry ---------------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(finite, finite)
def test_nice_ticks_cover_the_data_with_round_even_steps(a, b):
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high)
    # Within a billionth of a step: floating-point noise must not add a tick.
    slack = 1e-9 * (ticks[1] - ticks[0])
    assert ticks[0] <= low + slack and ticks[-1] >= high - slack
    steps = [t2 - t1 for t1, t2 in itertools.pairwise(ticks)]
    assert steps[0] > 0
    assert all(math.isclose(step, steps[0], rel_tol=1e-6) for step in steps)
    assert 2 <= len(ticks) <= 12


@given(st.floats(min_value=1e-6, max_value=1e9), st.integers(min_value=1, max_value=10))
def test_a_nice_step_is_one_two_two_and_a_half_or_five_times_a_power_of_ten(span, count):
    step = nice_step(span, count)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5, 10))
    assert step * count >= span * (1 - 1e-9)


def test_nice_ticks_for_a_typical_share():
    assert nice_ticks(22.3, 29.1) == [22, 24, 26, 28, 30]
    assert nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    flat = nice_ticks(5, 5)
    assert flat[0] < 5 < flat[-1]


def test_nice_ticks_refuse_infinity():
    with pytest.raises(ValueError):
        nice_ticks(0, math.inf)


def test_tick_decimals_show_each_tick_exactly():
    assert tick_decimals([0, 5, 10]) == 0
    assert tick_decimals([0, 2.5, 5]) == 1
    assert tick_decimals([0.25, 0.5]) == 2


@given(finite, finite, finite)
def test_a_scale_maps_its_domain_ends_onto_its_range_ends(d0, d1, value):
    assume(abs(d1 - d0) > 1e-3)
    scale = LinearScale((d0, d1), (300, 20))
    assert scale(d0) == pytest.approx(300)
    assert scale(d1) == pytest.approx(20)


def test_a_line_breaks_at_every_gap():
    paths = line_paths([(0, 1), (1, 2), (2, None), (3, 4), (4, None), (5, None), (6, 7)])
    assert paths == ["M 0 1 L 1 2", "M 3 4", "M 6 7"]
    assert line_paths([(0, None)]) == []


@given(st.lists(st.one_of(st.none(), st.floats(min_value=-100, max_value=100)), max_size=30))
def test_a_line_has_one_point_per_value(values):
    paths = line_paths([(i, v) for i, v in enumerate(values)])
    drawn = sum(path.count("M") + path.count("L") for path in paths)
    assert drawn == sum(v is not None for v in values)


def test_every_colour_has_enough_contrast_on_white():
    for style in STYLES:
        assert contrast_ratio(style.colour) >= 4.5, style
    assert contrast_ratio(MUTED) >= 4.5
    assert contrast_ratio("#000000") == pytest.approx(21)
    assert contrast_ratio(GRID) < 3  # gridlines are meant to be faint


def test_series_are_told_apart_by_more_than_colour():
    assert len({s.dash for s in STYLES}) == len(STYLES)
    assert len({s.marker for s in STYLES}) == len(STYLES)
    assert len({s.fill for s in STYLES[:3]}) == 3


# Time series ---------------------------------------------------------------------------------

def test_a_time_series_is_an_image_named_by_its_title_and_description():
    svg = time_series_svg([series("Eksempelvik", [20.0, 21.5, 23.0])], unit="%",
                          title="Living alone", description="In 2017 the value was 23.0 %.",
                          chart_id="ts-1")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ts-1-title ts-1-desc"
    assert root.find(f"{SVG}title").text == "Living alone"
    assert root.find(f"{SVG}desc").text == "In 2017 the value was 23.0 %."


def test_each_series_gets_a_line_with_its_own_dash_and_a_legend_entry():
    svg = time_series_svg([series("Eksempelvik", [20.0, 21.0]), series("Fylket", [19.0, 19.5]),
                           series("Norge", [18.0, 18.2])], unit="%", title="t")
    root = parse(svg)
    groups = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("series")]
    assert len(groups) == 3
    dashes = [g.find(f"{SVG}path").get("stroke-dasharray") for g in groups]
    assert dashes == [None, "8 4", "2 3"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Eksempelvik", "Fylket", "Norge", "%"} <= set(texts)


def test_a_flagged_point_is_a_gap_with_a_marker_and_a_legend_note():
    svg = time_series_svg([series("Eksempelvik", [20.0, None, 23.0, 24.0])], unit="%",
                          title="t", gap_label="no value: see the table")
    root = parse(svg)
    line = root.find(f".//{SVG}g[@class='series series-0']")
    assert len(line.findall(f"{SVG}path[@fill='none'][@stroke-width='2.5']")) == 2
    assert len(line.findall(f"{SVG}path[@class='gap']")) == 1
    assert "no value: see the table" in [t.text for t in root.iter(f"{SVG}text")]


def test_without_gaps_there_is_no_gap_note():
    svg = time_series_svg([series("E", [1.0, 2.0])], unit="%", title="t", gap_label="GAP")
    assert "GAP" not in svg and 'class="gap"' not in svg


def test_text_is_escaped_and_ids_are_safe():
    svg = time_series_svg([series("<b>&", [1.0, 2.0])], unit="%", title='"x" <y>',
                          chart_id="a b/c")
    root = parse(svg)
    assert root.get("id") == "a-b-c"
    assert root.find(f"{SVG}title").text == '"x" <y>'
    assert "<b>" not in svg


def test_numbers_are_formatted_by_the_caller():
    svg = time_series_svg([series("E", [20.5, 21.5])], unit="%", title="t",
                          number_format=lambda v, d: f"{v:.{d}f}".replace(".", ","))
    labels = [t.text for t in parse(svg).iter(f"{SVG}text") if t.text[:1].isdigit()]
    tick_labels = [label for label in labels if label not in {"2015", "2016"}]
    assert tick_labels and all("," in label for label in tick_labels)


def test_the_same_data_draws_the_same_bytes():
    data = [series("E", [1.0, None, 3.0]), series("F", [2.0, 2.5, 2.0])]
    assert time_series_svg(data, unit="%", title="t") == time_series_svg(data, unit="%",
                                                                          title="t")


def test_an_empty_or_all_flagged_chart_still_draws():
    for data in ([], [series("E", [None, None])]):
        assert parse(time_series_svg(data, unit="%", title="t")).get("role") == "img"


@given(st.lists(st.one_of(st.none(), st.floats(min_value=-1e4, max_value=1e4)), min_size=1,
                max_size=20))
def test_every_point_lies_inside_the_chart(values):
    svg = time_series_svg([series("E", values)], unit="%", title="t", width=640, height=320)
    root = parse(svg)
    for circle in root.iter(f"{SVG}circle"):
        assert 0 <= float(circle.get("cx")) <= 640
        assert 0 <= float(circle.get("cy")) <= 320


# Gradient ---------------------------------------------------------------------------------------

EDUCATION = ("Primary school", "Upper secondary school", "Higher education")


def strata(name: str, values: list[float | None]) -> Series:
    return Series(name, tuple(Point(i + 1, EDUCATION[i], v, "" if v is not None else
                                    "anonymised (:)") for i, v in enumerate(values)))


def test_a_gradient_has_one_bar_per_stratum_and_series():
    svg = gradient_svg([strata("E", [30.0, 24.0, 18.0]), strata("Norge", [28.0, 22.0, 15.0])],
                       unit="%", title="By education", chart_id="g")
    root = parse(svg)
    assert root.get("role") == "img"
    bars = [r for r in root.iter(f"{SVG}rect")
            if r.get("height") == "16"]
    assert len(bars) == 6
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert set(EDUCATION) <= set(texts)
    assert {"30.0", "15.0"} <= set(texts)


def test_a_flagged_stratum_has_no_bar_but_its_flag():
    svg = gradient_svg([strata("E", [30.0, None, 18.0])], unit="%", title="t")
    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "16"]
    assert len(bars) == 2
    assert "anonymised (:)" in [t.text for t in root.iter(f"{SVG}text")]


def test_the_county_bars_are_hatched_and_the_country_bars_outlined():
    svg = gradient_svg([strata("E", [3.0]), strata("F", [2.0]), strata("N", [1.0])],
                       unit="%", title="t", chart_id="g")
    root = parse(svg)
    assert root.find(f".//{SVG}pattern").get("id") == "g-hatch-1"
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("height") == "16"]
    assert fills == [STYLES[0].colour, "url(#g-hatch-1)", "#ffffff"]


def test_negative_values_grow_left_of_zero():
    svg = gradient_svg([strata("E", [-2.0, 3.0])], unit="%", title="t")
    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "16"]
    assert float(bars[0].get("x")) < float(bars[1].get("x"))


# Sparkline and table ----------------------------------------------------------------------------

def test_a_sparkline_is_hidden_from_assistive_technology():
    root = parse(sparkline_svg([1.0, 2.0, None, 3.0]))
    assert root.get("aria-hidden") == "true"
    assert root.get("role") is None
    assert len(root.findall(f"{SVG}path")) == 2


def test_a_sparkline_needs_two_values():
    assert sparkline_svg([1.0, None]) == ""
    assert sparkline_svg([2.0, 2.0]).startswith("<svg")


def test_the_table_holds_every_number_and_every_flag():
    table = series_table([series("E", [20.0, None]), series("N", [19.0, 19.5])],
                         caption="Living alone", corner="Year", decimals=1)
    assert table.columns == ("E", "N")
    assert table.rows == (("2015", ("20.0", "19.0")), ("2016", ("anonymised (:)", "19.5")))
    assert table.caption == "Living alone" and table.corner == "Year"


def test_the_table_marks_a_period_a_series_lacks():
    table = series_table([series("E", [1.0, 2.0]), series("N", [1.0], start=2016)],
                         caption="c", corner="Year")
    assert table.rows[0] == ("2015", ("1.0", "–"))
