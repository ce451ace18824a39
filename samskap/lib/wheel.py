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


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _xy(point: tuple[float, float]) -> str:
    return f"{_fmt(point[0])} {_fmt(point[1])}"


def segments(count: int, *, size: float = 400, inner: float = 72, outer: float = 190,
             gap_degrees: float = 3.0, tip_degrees: float = 7.0) -> list[Segment]:
    """``count`` equal ring segments clockwise from 12 o'clock, with label points.

    Each segment is an annular sector ``inner``..``outer`` around the centre of a
    ``size``×``size`` box. Its end is pointed and its start notched (``tip_degrees`` deep, in
    the middle of the ring), so the segments read as arrows showing the direction of the cycle;
    ``gap_degrees`` of white separates them.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if not 0 <= inner < outer <= size / 2:
        raise ValueError("need 0 <= inner < outer <= size / 2")
    cx = cy = size / 2
    sweep = 2 * math.pi / count
    gap = math.radians(gap_degrees)
    # The tip may not reach past the middle of its own segment.
    tip = min(math.radians(tip_degrees), (sweep - gap) / 2) if count > 1 else 0.0
    middle_radius = (inner + outer) / 2
    result = []
    for index in range(count):
        start = -math.pi / 2 + index * sweep
        end = start + sweep - gap
        large = 1 if sweep - gap > math.pi else 0
        path = (
            f"M {_xy(_point(cx, cy, outer, start))} "
            f"A {_fmt(outer)} {_fmt(outer)} 0 {large} 1 {_xy(_point(cx, cy, outer, end))} "
            f"L {_xy(_point(cx, cy, middle_radius, end + tip))} "
            f"L {_xy(_point(cx, cy, inner, end))} "
            f"A {_fmt(inner)} {_fmt(inner)} 0 {large} 0 {_xy(_point(cx, cy, inner, start))} "
            f"L {_xy(_point(cx, cy, middle_radius, start + tip))} Z"
        )
        # The label sits in the visual middle: between the notch and the tip.
        lx, ly = _point(cx, cy, middle_radius, (start + end) / 2 + tip / 2)
        result.append(Segment(index, path, round(lx, 2), round(ly, 2)))
    return result
