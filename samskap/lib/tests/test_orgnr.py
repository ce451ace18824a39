"""Organisation number checks: pure tests, no database."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from samskap.lib.orgnr import check_digit, is_valid, normalise, validate


@pytest.mark.parametrize("number", [
    "974760673",  # Brønnøysundregistrene
    "971526920",  # check digit 0: the weighted sum is divisible by 11
    "983887406",
    "974 760 673",
    " 974760673 ",
    "974\u00a0760\u00a0673",
    "974.760.673",
])
def test_it_accepts_real_organisation_numbers(number):
    assert is_valid(number)


@pytest.mark.parametrize("number", [
    "974760674",  # wrong check digit
    "97476067",  # eight digits
    "9747606730",  # ten digits
    "",
    "abcdefghi",
    "97476067x",
    "٩٧٤٧٦٠٦٧٣",  # Arabic-Indic digits pass str.isdigit() but are not an organisation number
    "974760673 MVA",
])
def test_it_refuses_numbers_that_are_not_organisation_numbers(number):
    assert not is_valid(number)


def test_eight_digits_whose_check_would_be_ten_have_no_valid_number():
    # 3*1 + 2*0 + … : weighted sum 1 → remainder 1 → check digit 10.
    first_eight = next(f"{n:08d}" for n in range(10**8) if check_digit(f"{n:08d}") is None)
    assert not any(is_valid(first_eight + str(d)) for d in range(10))


def test_normalise_removes_only_the_separators():
    assert normalise(" 974 760-673 ") == "974760673"
    assert normalise("12 34") == "1234"


def test_validate_returns_the_normalised_number_or_raises():
    assert validate("974 760 673") == "974760673"
    with pytest.raises(ValueError):
        validate("974 760 674")


def test_check_digit_refuses_anything_but_eight_digits():
    with pytest.raises(ValueError):
        check_digit("1234567")


valid_numbers = (
    st.text(alphabet="0123456789", min_size=8, max_size=8)
    .map(lambda first: (first, check_digit(first)))
    .filter(lambda pair: pair[1] is not None)
    .map(lambda pair: pair[0] + str(pair[1]))
)


@given(valid_numbers, st.integers(0, 8), st.integers(0, 9))
def test_changing_any_one_digit_makes_a_valid_number_invalid(number, position, digit):
    assume(number[position] != str(digit))
    assert is_valid(number)
    assert not is_valid(number[:position] + str(digit) + number[position + 1:])
