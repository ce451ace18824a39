"""Compare a municipality's value with its county's and Norway's, and read a short trend. Pure.

No Django, no numpy: the arithmetic is small and the standard library's ``NormalDist`` gives
the quantile, so this module adds no dependency (scipy is not installed and not needed).

The method, in short (the area page shows the same in words):

1. **An interval around the municipality's value** (95 % by default), only when its numerator
   and denominator are known (FHI's ``sumTELLER``/``sumNEVNER``, or ``TELLER``/``NEVNER``):

   - a *proportion* (unit per cent): the **Wilson score interval** of numerator / denominator,
     which behaves at 0 and 100 % and for small denominators, where the normal (Wald) interval
     does not;
   - a *rate* (per 1,000 or per 100,000): the count is taken as Poisson and its interval is
     **Byar's approximation** to the exact (Garwood) interval, divided by the denominator
     (person-years). Byar's formula is within about 1 % of the exact limits even for counts
     below 10, and is what the English public health observatories use.

   When the value shown is standardised (FHI's ``MEIS``) and so differs from the crude
   numerator / denominator, the interval is scaled by value / crude, keeping its relative
   width: an approximation for directly standardised rates when the weights are not given.

2. **Significant** means: the municipality's interval excludes the reference value (county or
   Norway) and, when the reference has an interval of its own, that interval excludes the
   municipality's value too. This is FHI's rule for the barometer (the municipal interval
   against the national value), made a little stricter for the county, whose uncertainty is
   not negligible.

3. ``higher_is_better`` turns "higher"/"lower" into "better"/"worse"; when it is unknown a
   significant difference is only called higher or lower.

4. **No test** (said plainly, never guessed) when a value is missing or flagged (suppressed,
   missing, cannot be computed …), when there is no reference value for the same period, when
   the numerator or denominator is unknown, the denominator is zero or negative, the counts are
   impossible (a numerator above its denominator for a proportion), or the unit is neither a
   proportion nor a rate (years, ratios, indexes, scores, counts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

#: Units (``knowledge.Unit`` values) that can be tested, and their multiplier.
PROPORTION_UNITS = {"percent": 100.0}
RATE_UNITS = {"per_1000": 1_000.0, "per_100000": 100_000.0}


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile, e.g. 1.96 for 0.95."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie between 0 and 1")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


Z95 = z_for(0.95)


class Verdict(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    HIGHER = "higher"  # significant, but whether higher is better is unknown
    LOWER = "lower"
    NO_DIFFERENCE = "no_difference"
    NOT_TESTED = "not_tested"


class Reason(StrEnum):
    """Why no test was possible."""

    NO_VALUE = "no_value"
    FLAGGED = "flagged"
    NO_REFERENCE = "no_reference"
    REFERENCE_FLAGGED = "reference_flagged"
    NO_COUNTS = "no_counts"
    ZERO_DENOMINATOR = "zero_denominator"
    INVALID_COUNTS = "invalid_counts"
    UNIT_NOT_TESTABLE = "unit_not_testable"


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def scaled(self, factor: float) -> Interval:
        return Interval(self.low * factor, self.high * factor)


@dataclass(frozen=True)
class Estimate:
    """A value as shown, with the counts behind it when they are known."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    flagged: bool = False


@dataclass(frozen=True)
class Comparison:
    verdict: Verdict
    reason: Reason | None = None
    interval: Interval | None = None  # the municipality's, in the unit shown
    reference_value: float | None = None

    @property
    def tested(self) -> bool:
        return self.verdict is not Verdict.NOT_TESTED


def wilson_interval(successes: float, trials: float, z: float = Z95) -> Interval:
    """Wilson score interval of a proportion, as a fraction in [0, 1]."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError("successes must lie between 0 and trials")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (z / (1 + z2 / trials)) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # Rounding can push the limits a hair outside [0, 1] or past p itself.
    return Interval(max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def poisson_interval(count: float, z: float = Z95) -> Interval:
    """Byar's approximation to the exact Poisson interval of an observed count."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    low = 0.0
    if count > 0:
        low = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = count + 1
    high = upper * (1 - 1 / (9 * upper) + z / (3 * math.sqrt(upper))) ** 3
    return Interval(max(0.0, low), high)


def interval_for(estimate: Estimate, unit: str, z: float = Z95) -> tuple[Interval | None,
                                                                          Reason | None]:
    """The interval of ``estimate`` in the unit shown, or the reason there is none."""
    if estimate.flagged:
        return None, Reason.FLAGGED
    if estimate.value is None or not math.isfinite(estimate.value):
        return None, Reason.NO_VALUE
    if unit not in PROPORTION_UNITS and unit not in RATE_UNITS:
        return None, Reason.UNIT_NOT_TESTABLE
    numerator, denominator = estimate.numerator, estimate.denominator
    if numerator is None or denominator is None:
        return None, Reason.NO_COUNTS
    if not (math.isfinite(numerator) and math.isfinite(denominator)):
        return None, Reason.NO_COUNTS
    if denominator <= 0:
        return None, Reason.ZERO_DENOMINATOR
    if numerator < 0:
        return None, Reason.INVALID_COUNTS
    if unit in PROPORTION_UNITS:
        if numerator > denominator:
            return None, Reason.INVALID_COUNTS
        multiplier = PROPORTION_UNITS[unit]
        interval = wilson_interval(numerator, denominator, z).scaled(multiplier)
    else:
        multiplier = RATE_UNITS[unit]
        interval = poisson_interval(numerator, z).scaled(multiplier / denominator)
    crude = numerator / denominator * multiplier
    if crude > 0:
        # A standardised value: keep the interval's relative width around it.
        interval = interval.scaled(estimate.value / crude)
    elif estimate.value != 0:
        # Nothing observed, yet a value shown: the two cannot be reconciled.
        return None, Reason.INVALID_COUNTS
    return interval, None


def compare(local: Estimate, reference: Estimate | None, *, unit: str,
            higher_is_better: bool | None, confidence: float = 0.95) -> Comparison:
    """Is the municipality's value better, no different or worse than the reference's?"""
    if local.flagged:
        return Comparison(Verdict.NOT_TESTED, Reason.FLAGGED)
    if local.value is None:
        return Comparison(Verdict.NOT_TESTED, Reason.NO_VALUE)
    if reference is None or (reference.value is None and not reference.flagged):
        return Comparison(Verdict.NOT_TESTED, Reason.NO_REFERENCE)
    if reference.flagged or reference.value is None:
        return Comparison(Verdict.NOT_TESTED, Reason.REFERENCE_FLAGGED)
    z = z_for(confidence)
    interval, reason = interval_for(local, unit, z)
    if interval is None:
        return Comparison(Verdict.NOT_TESTED, reason, reference_value=reference.value)
    reference_interval, _ = interval_for(reference, unit, z)
    significant = not interval.contains(reference.value) and (
        reference_interval is None or not reference_interval.contains(local.value))
    if not significant:
        return Comparison(Verdict.NO_DIFFERENCE, None, interval, reference.value)
    higher = local.value > reference.value
    if higher_is_better is None:
        verdict = Verdict.HIGHER if higher else Verdict.LOWER
    else:
        verdict = Verdict.BETTER if higher == higher_is_better else Verdict.WORSE
    return Comparison(verdict, None, interval, reference.value)


# Trend -----------------------------------------------------------------------------------------

class Direction(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STABLE = "stable"
    UNKNOWN = "unknown"  # too few values to tell


@dataclass(frozen=True)
class Trend:
    direction: Direction
    values_used: int
    change: float | None = None  # of the fitted line, from the first to the last period


#: A trend needs this many values among the periods looked at.
MIN_TREND_VALUES = 3


def trend(points: Sequence[tuple[float, float | None]], *, tolerance: float = 0.05) -> Trend:
    """The direction of a short series of ``(year, value)`` points, gaps (None) skipped.

    A least-squares line through the values; its change over the span counts as stable when it
    is within ``tolerance`` (relative) of the mean level, so small wobbles are not sold as a
    trend. This describes, it does not test: the page says "over the last periods", not
    "significantly".
    """
    known = [(x, y) for x, y in points if y is not None and math.isfinite(y)]
    if len(known) < MIN_TREND_VALUES or len({x for x, _ in known}) < 2:
        return Trend(Direction.UNKNOWN, len(known))
    n = len(known)
    mean_x = sum(x for x, _ in known) / n
    mean_y = sum(y for _, y in known) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in known)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in known) / sxx
    change = slope * (max(x for x, _ in known) - min(x for x, _ in known))
    level = sum(abs(y) for _, y in known) / n
    if abs(change) <= tolerance * level or change == 0:
        return Trend(Direction.STABLE, n, change)
    return Trend(Direction.RISING if change > 0 else Direction.FALLING, n, change)
