"""Norwegian organisation numbers (organisasjonsnummer): normalise and check. Pure, no Django.

An organisation number has nine digits; the last is a modulus 11 check digit over the first
eight with the weights 3, 2, 7, 6, 5, 4, 3, 2. With ``r`` the weighted sum modulo 11, the check
digit is ``11 - r``, except that 11 becomes 0 and 10 means no valid number has those first
eight digits (Brønnøysundregistrene never issues them).

Only the arithmetic is checked: whether the number is actually registered is a question for
the Central Coordinating Register (Enhetsregisteret), which this module does not ask.
"""

from __future__ import annotations

import re

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)

# People write "974 760 673", sometimes with non-breaking spaces, dots or hyphens between the
# groups; the register writes nine digits in a row.
_SEPARATORS = re.compile(r"[\s.\-\u00a0\u202f]")


def normalise(value: str) -> str:
    """The value without the spaces, dots and hyphens people put between the digit groups.

    Does not validate: ``normalise("12 34")`` is ``"1234"``; pass the result to ``is_valid``.
    """
    return _SEPARATORS.sub("", value.strip())


def check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when no valid number starts with them."""
    if len(first_eight) != 8 or not first_eight.isascii() or not first_eight.isdigit():
        raise ValueError("expected eight digits")
    remainder = sum(w * int(d) for w, d in zip(WEIGHTS, first_eight, strict=True)) % 11
    digit = 11 - remainder
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def is_valid(value: str) -> bool:
    """Whether the value (spaces allowed) is nine digits with a correct modulus 11 check digit."""
    number = normalise(value)
    # isascii() first: str.isdigit() also accepts digits of other scripts and superscripts.
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        return False
    return check_digit(number[:8]) == int(number[8])


def validate(value: str) -> str:
    """The normalised number, or ValueError when it is not a valid organisation number.

    Meant for the form and import layers, which turn the error into their own message.
    """
    number = normalise(value)
    if not is_valid(number):
        raise ValueError(f"not a valid organisation number: {value!r}")
    return number
