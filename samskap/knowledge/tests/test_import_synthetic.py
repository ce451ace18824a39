"""The synthetic FHI cube generator: deterministic, in the cube format, and importable."""

from __future__ import annotations

import io

import pytest

from samskap.knowledge.actions_import import import_indicators
from samskap.knowledge.importers.synthetic import municipality_numbers, write_fhi_cube
from samskap.knowledge.models import Observation
from samskap.knowledge.tests.importing import living_alone


def cube(seed: int = 7, numbers: tuple[str, ...] = ("0301", "9999", "1580")) -> tuple[str, int]:
    out = io.StringIO()
    rows = write_fhi_cube(out, numbers=numbers, seed=seed, periods=4)
    return out.getvalue(), rows


def test_the_register_has_all_357_municipalities():
    numbers = municipality_numbers()

    assert len(numbers) == len(set(numbers)) == 357
    assert "0301" in numbers


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    assert cube(seed=7) == cube(seed=7)
    assert cube(seed=7) != cube(seed=8)


def test_a_generated_file_has_one_row_per_place_period_and_sex_without_leading_zeros():
    text, rows = cube()

    lines = text.splitlines()
    assert lines[0] == "GEO;AAR;KJONN;ALDER;RATE;MEIS;RATE.n;SPVFLAGG"
    assert rows == len(lines) - 1 == 3 * 4 * 3
    assert lines[1].startswith("301;2019_2021;0;0_120;")


@pytest.mark.django_db
def test_a_generated_file_imports_with_its_suppressed_rows_flagged():
    text, rows = cube(numbers=tuple(municipality_numbers()[:40]))

    result = import_indicators(text.encode(), "synthetic.csv", indicator=living_alone())

    flagged_rows = sum(1 for line in text.splitlines()[1:] if not line.endswith(";0"))
    assert result.summary["rows"] == rows
    assert result.summary["observations"] == 2 * rows
    assert result.summary["suppressed"] == 2 * flagged_rows > 0
    assert not Observation.objects.exclude(flag="").filter(value__isnull=False).exists()
