"""Geometry for the cycle wheel: annular sectors as SVG path data. Pure, no Django."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    index: int
    path: str
    label_x: float
    label_y: float
    arrow_path: str


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def segments(count: int, *, size: float = 400, inner: float = 90, outer: float = 190,
             gap_degrees: float = 2.0) -> list[Segment]:
    """``count`` equal ring segments clockwise from 12 o'clock, with label points and arrows.

    Each segment is an annular sector ``inner``..``outer`` around the centre of a
    ``size``×``size`` box; a small arrow head at its outer end shows the direction of the cycle.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if not 0 <= inner < outer <= size / 2:
        raise ValueError("need 0 <= inner < outer <= size / 2")
    cx = cy = size / 2
    sweep = 2 * math.pi / count
    gap = math.radians(gap_degrees)
    result = []
    for index in range(count):
        start = -math.pi / 2 + index * sweep + gap / 2
        end = start + sweep - gap
        large = 1 if sweep - gap > math.pi else 0
        ox1, oy1 = _point(cx, cy, outer, start)
        ox2, oy2 = _point(cx, cy, outer, end)
        ix2, iy2 = _point(cx, cy, inner, end)
        ix1, iy1 = _point(cx, cy, inner, start)
        path = (
            f"M {_fmt(ox1)} {_fmt(oy1)} "
            f"A {_fmt(outer)} {_fmt(outer)} 0 {large} 1 {_fmt(ox2)} {_fmt(oy2)} "
            f"L {_fmt(ix2)} {_fmt(iy2)} "
            f"A {_fmt(inner)} {_fmt(inner)} 0 {large} 0 {_fmt(ix1)} {_fmt(iy1)} Z"
        )
        middle = (start + end) / 2
        lx, ly = _point(cx, cy, (inner + outer) / 2, middle)
        # Arrow head just past the segment's end, in the middle of the ring.
        mid_radius = (inner + outer) / 2
        tip = _point(cx, cy, mid_radius, end + gap * 0.9)
        base_a = _point(cx, cy, mid_radius - 9, end - gap * 0.4)
        base_b = _point(cx, cy, mid_radius + 9, end - gap * 0.4)
        arrow = (
            f"M {_fmt(base_a[0])} {_fmt(base_a[1])} L {_fmt(tip[0])} {_fmt(tip[1])} "
            f"L {_fmt(base_b[0])} {_fmt(base_b[1])} Z"
        )
        result.append(Segment(index, path, round(lx, 2), round(ly, 2), arrow))
    return result
