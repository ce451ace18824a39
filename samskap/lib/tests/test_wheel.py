import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.lib.wheel import segments


def numbers(path: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]


def test_it_draws_one_closed_path_per_step():
    parts = segments(5)
    assert [p.index for p in parts] == [0, 1, 2, 3, 4]
    assert all(p.path.startswith("M ") and p.path.endswith(" Z") for p in parts)


def test_the_first_segment_starts_at_twelve_o_clock_and_goes_clockwise():
    first, second = segments(5, gap_degrees=0)[:2]
    x, y = numbers(first.path)[:2]
    assert x == pytest.approx(200)
    assert y == pytest.approx(10)
    # Clockwise in SVG coordinates: the second label lies right of the centre.
    assert second.label_x > 200


@given(st.integers(min_value=1, max_value=12))
def test_labels_lie_inside_the_ring(count):
    for part in segments(count):
        distance = math.dist((part.label_x, part.label_y), (200, 200))
        assert 90 < distance < 190


def test_it_refuses_impossible_geometry():
    with pytest.raises(ValueError):
        segments(0)
    with pytest.raises(ValueError):
        segments(5, inner=200, outer=100)
