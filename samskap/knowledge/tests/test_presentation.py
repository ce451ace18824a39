"""Statistics in words: units, flags, ages, trends and comparisons (English)."""

import pytest
from django.utils import translation

from samskap.analysis.comparison import Comparison, Direction, Reason, Trend, Verdict
from samskap.knowledge.presentation import (
    age_label,
    cell_text,
    comparison_text,
    flag_label,
    trend_text,
)
from samskap.knowledge.queries import Cell, stratum_label, stratum_of
from samskap.testing.factories import IndicatorFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("age", "words"), [
    ("0_120", "all ages"), ("45_120", "45 years and over"), ("15_29", "15–29 years"),
    ("17_17", "17 years"), ("", ""), ("999_999", "age not known"),
])
def test_an_age_group_is_said_in_words(age, words):
    assert age_label(age) == words


def test_a_flag_is_its_label_with_its_symbol():
    assert flag_label(Cell(2024, 2024, None, "suppressed", ":")) == "anonymised (:)"
    assert flag_label(Cell(2024, 2024, None, "missing", "")) == "missing data"


@pytest.mark.django_db
def test_a_flagged_cell_is_never_shown_as_a_number():
    indicator = IndicatorFactory(unit="percent")
    assert cell_text(Cell(2024, 2024, None, "suppressed", ":"), indicator) == "anonymised (:)"
    assert cell_text(Cell(2024, 2024, 0.0), indicator) == "0.0\u00a0%"
    assert cell_text(None, indicator) == "no value"


def test_a_trend_turns_into_better_or_worse_by_the_indicator_direction():
    rising = Trend(Direction.RISING, 5, 2.0)
    assert trend_text(rising, higher_is_better=False) == "Rising (worse)"
    assert trend_text(rising, higher_is_better=True) == "Rising (better)"
    assert trend_text(rising, higher_is_better=None) == "Rising"
    assert trend_text(Trend(Direction.FALLING, 5, -2.0), False) == "Falling (better)"
    assert trend_text(Trend(Direction.UNKNOWN, 1), False) == "Too few values to tell"


def test_a_comparison_is_said_plainly():
    assert comparison_text(Comparison(Verdict.WORSE), "Norway") == "Worse than Norway"
    assert comparison_text(Comparison(Verdict.NO_DIFFERENCE), "Norway") == (
        "No different from Norway")
    assert comparison_text(Comparison(Verdict.NOT_TESTED, Reason.ZERO_DENOMINATOR),
                           "Norway") == "No test was possible: the denominator is zero"


@pytest.mark.parametrize(("dimensions", "stratum"), [
    ({"UTDANN": "1"}, ("UTDANN", "1")),
    ({"UTDANN": "3", "INNVKAT": "0"}, ("UTDANN", "3")),
    ({"UTDANN": "9"}, None),
    ({"UTDANN": "0"}, None),
    ({"INNVKAT": "20"}, None),
    ({"UTDANN": "1", "INNVKAT": "20"}, None),
    ({}, None),
])
def test_only_a_row_of_one_known_stratifier_is_a_stratum(dimensions, stratum):
    assert stratum_of(dimensions) == stratum


def test_strata_have_readable_labels():
    assert stratum_label("UTDANN", "2") == "Upper secondary school"
    assert stratum_label("INNTEKT", "1") == "Income group 1"
