"""The comparison with county and country, and the trend: pure tests, no database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.analysis.comparison import (
    Direction,
    Estimate,
    Reason,
    Verdict,
    compare,
    interval_for,
    poisson_interval,
    trend,
    wilson_interval,
    z_for,
)

# Intervals --------------------------------------------------------------------------------------

def test_the_wilson_interval_matches_the_textbook_value():
    # 10 of 100: 5.5 % to 17.4 % (Newcombe 1998, method 3).
    interval = wilson_interval(10, 100)
    assert interval.low == pytest.approx(0.0552, abs=1e-4)
    assert interval.high == pytest.approx(0.1744, abs=1e-4)


def test_the_wilson_interval_stays_inside_zero_and_one_at_the_edges():
    none = wilson_interval(0, 20)
    every = wilson_interval(20, 20)
    assert none.low == 0 and 0 < none.high < 0.2
    assert every.high == 1 and 0.8 < every.low < 1


@given(st.integers(min_value=1, max_value=100_000), st.data())
def test_the_wilson_interval_always_holds_the_observed_share(trials, data):
    successes = data.draw(st.integers(min_value=0, max_value=trials))
    interval = wilson_interval(successes, trials)
    assert 0 <= interval.low <= successes / trials <= interval.high <= 1


def test_byars_poisson_interval_is_close_to_the_exact_one():
    # Exact (Garwood) 95 % limits: 0 → [0, 3.689], 10 → [4.795, 18.390].
    assert poisson_interval(0).low == 0
    assert poisson_interval(0).high == pytest.approx(3.689, rel=0.01)
    assert poisson_interval(10).low == pytest.approx(4.795, rel=0.01)
    assert poisson_interval(10).high == pytest.approx(18.390, rel=0.01)


@given(st.integers(min_value=0, max_value=1_000_000))
def test_the_poisson_interval_holds_the_count(count):
    interval = poisson_interval(count)
    assert interval.low <= count <= interval.high


def test_z_for_ninety_five_per_cent_is_one_point_nine_six():
    assert z_for(0.95) == pytest.approx(1.96, abs=1e-3)
    with pytest.raises(ValueError):
        z_for(1)


def test_a_rate_per_thousand_gets_its_interval_in_the_unit_shown():
    interval, reason = interval_for(Estimate(10.0, numerator=100, denominator=10_000),
                                    "per_1000")
    assert reason is None
    assert interval is not None
    assert interval.low < 10 < interval.high
    assert interval.low == pytest.approx(8.14, abs=0.05)


def test_a_standardised_value_keeps_the_relative_width_of_the_crude_interval():
    crude, _ = interval_for(Estimate(10.0, numerator=10, denominator=100), "percent")
    standardised, _ = interval_for(Estimate(12.0, numerator=10, denominator=100), "percent")
    assert crude is not None and standardised is not None
    assert standardised.low == pytest.approx(crude.low * 1.2)
    assert standardised.high == pytest.approx(crude.high * 1.2)


# Edge cases: when no test is possible -------------------------------------------------------

@pytest.mark.parametrize(("estimate", "unit", "reason"), [
    (Estimate(5.0, numerator=0, denominator=0), "percent", Reason.ZERO_DENOMINATOR),
    (Estimate(5.0, numerator=3, denominator=-1), "percent", Reason.ZERO_DENOMINATOR),
    (Estimate(5.0), "percent", Reason.NO_COUNTS),
    (Estimate(5.0, numerator=3), "percent", Reason.NO_COUNTS),
    (Estimate(5.0, numerator=math.nan, denominator=10), "percent", Reason.NO_COUNTS),
    (Estimate(None, flagged=True), "percent", Reason.FLAGGED),
    (Estimate(None), "percent", Reason.NO_VALUE),
    (Estimate(80.0, numerator=12, denominator=10), "percent", Reason.INVALID_COUNTS),
    (Estimate(8.0, numerator=-1, denominator=10), "per_1000", Reason.INVALID_COUNTS),
    (Estimate(4.0, numerator=0, denominator=100), "percent", Reason.INVALID_COUNTS),
    (Estimate(81.2, numerator=10, denominator=100), "years", Reason.UNIT_NOT_TESTABLE),
    (Estimate(1.2, numerator=10, denominator=100), "ratio", Reason.UNIT_NOT_TESTABLE),
])
def test_it_gives_no_interval_when_the_counts_do_not_allow_one(estimate, unit, reason):
    assert interval_for(estimate, unit) == (None, reason)


def test_nothing_observed_and_nothing_shown_still_has_an_interval():
    interval, reason = interval_for(Estimate(0.0, numerator=0, denominator=200), "percent")
    assert reason is None and interval is not None
    assert interval.low == 0 and interval.high > 0


# Verdicts ---------------------------------------------------------------------------------------

COUNTRY = Estimate(20.0)


def test_a_clearly_higher_share_is_worse_when_lower_is_better():
    local = Estimate(30.0, numerator=300, denominator=1000)
    result = compare(local, COUNTRY, unit="percent", higher_is_better=False)
    assert result.verdict is Verdict.WORSE
    assert result.reference_value == 20.0
    assert result.interval is not None and result.interval.low > 20


def test_a_clearly_higher_share_is_better_when_higher_is_better():
    local = Estimate(30.0, numerator=300, denominator=1000)
    assert compare(local, COUNTRY, unit="percent",
                   higher_is_better=True).verdict is Verdict.BETTER


def test_a_clearly_lower_rate_is_better_when_lower_is_better():
    local = Estimate(10.0, numerator=100, denominator=10_000)
    result = compare(local, Estimate(20.0), unit="per_1000", higher_is_better=False)
    assert result.verdict is Verdict.BETTER


def test_a_small_municipality_is_no_different_even_with_a_big_gap():
    local = Estimate(30.0, numerator=3, denominator=10)
    assert compare(local, COUNTRY, unit="percent",
                   higher_is_better=False).verdict is Verdict.NO_DIFFERENCE


def test_without_a_direction_it_says_higher_or_lower_only():
    local = Estimate(30.0, numerator=300, denominator=1000)
    assert compare(local, COUNTRY, unit="percent",
                   higher_is_better=None).verdict is Verdict.HIGHER
    low = Estimate(10.0, numerator=100, denominator=1000)
    assert compare(low, COUNTRY, unit="percent", higher_is_better=None).verdict is Verdict.LOWER


def test_a_county_with_its_own_wide_interval_makes_the_test_stricter():
    local = Estimate(30.0, numerator=300, denominator=1000)
    # Without counts the county counts as exact: a difference.
    assert compare(local, Estimate(26.0), unit="percent",
                   higher_is_better=False).verdict is Verdict.WORSE
    # A small county whose interval holds 30 %: no difference.
    county = Estimate(26.0, numerator=13, denominator=50)
    assert compare(local, county, unit="percent",
                   higher_is_better=False).verdict is Verdict.NO_DIFFERENCE


def test_a_flagged_municipal_value_is_not_tested():
    result = compare(Estimate(None, flagged=True), COUNTRY, unit="percent",
                     higher_is_better=False)
    assert (result.verdict, result.reason) == (Verdict.NOT_TESTED, Reason.FLAGGED)
    assert not result.tested


def test_a_flagged_reference_is_not_tested():
    local = Estimate(30.0, numerator=300, denominator=1000)
    result = compare(local, Estimate(None, flagged=True), unit="percent", higher_is_better=False)
    assert (result.verdict, result.reason) == (Verdict.NOT_TESTED, Reason.REFERENCE_FLAGGED)


def test_a_missing_county_is_not_tested():
    local = Estimate(30.0, numerator=300, denominator=1000)
    result = compare(local, None, unit="percent", higher_is_better=False)
    assert (result.verdict, result.reason) == (Verdict.NOT_TESTED, Reason.NO_REFERENCE)


def test_a_zero_denominator_is_not_tested():
    result = compare(Estimate(30.0, numerator=0, denominator=0), COUNTRY, unit="percent",
                     higher_is_better=False)
    assert (result.verdict, result.reason) == (Verdict.NOT_TESTED, Reason.ZERO_DENOMINATOR)
    assert result.reference_value == 20.0


def test_without_counts_no_test_is_possible():
    result = compare(Estimate(30.0), COUNTRY, unit="percent", higher_is_better=False)
    assert (result.verdict, result.reason) == (Verdict.NOT_TESTED, Reason.NO_COUNTS)


# Trend ----------------------------------------------------------------------------------------

def test_a_steady_rise_is_rising():
    result = trend([(2020, 10.0), (2021, 11.0), (2022, 12.0), (2023, 13.0), (2024, 14.0)])
    assert result.direction is Direction.RISING
    assert result.change == pytest.approx(4.0)
    assert result.values_used == 5


def test_a_fall_is_falling_and_gaps_are_skipped():
    result = trend([(2020, 20.0), (2021, None), (2022, 16.0), (2023, None), (2024, 12.0)])
    assert result.direction is Direction.FALLING
    assert result.values_used == 3


def test_small_wobbles_are_stable():
    result = trend([(2020, 50.0), (2021, 50.5), (2022, 49.8), (2023, 50.2), (2024, 50.4)])
    assert result.direction is Direction.STABLE


def test_too_few_values_give_no_trend():
    assert trend([(2023, 1.0), (2024, 2.0), (2022, None)]).direction is Direction.UNKNOWN
    assert trend([]).direction is Direction.UNKNOWN


def test_all_zero_is_stable():
    assert trend([(2020, 0.0), (2021, 0.0), (2022, 0.0)]).direction is Direction.STABLE
