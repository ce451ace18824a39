"""Participants against the population: representation, raking and re-weighted agreement."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.analysis import equity

HALVES = {"a": 50, "b": 50}


def test_representation_by_hand() -> None:
    result = equity.representation("district", ["a"] * 8 + ["b"] * 2, HALVES)
    a, b = result.groups
    assert (a.participants, a.participant_share, a.ratio) == (8, 0.8, 1.6)
    # With k = 5, two people in b are a hidden count; 4 of 10 would still be 0.8 of their
    # share, so b is not flagged for certain.
    assert b.suppressed and not b.flagged
    assert (b.participants, b.participant_share, b.ratio) == (None, None, None)
    assert result.summary == pytest.approx(0.7)
    assert not a.flagged


def test_ratios_and_flags_with_open_counts() -> None:
    result = equity.representation("district", ["a"] * 16 + ["b"] * 6, HALVES, k=5)
    a, b = result.groups
    assert a.ratio == pytest.approx((16 / 22) / 0.5)
    assert b.ratio == pytest.approx((6 / 22) / 0.5)
    assert b.flagged and not a.flagged  # 0.545 < 0.7
    assert result.flagged == (b,)
    assert result.summary == pytest.approx(1 - (abs(16 / 22 - .5) + abs(6 / 22 - .5)) / 2)


def test_the_threshold_is_configurable() -> None:
    result = equity.representation("district", ["a"] * 16 + ["b"] * 6, HALVES, threshold=0.5)
    assert result.flagged == ()


def test_a_hidden_count_is_flagged_only_when_certainly_under_the_threshold() -> None:
    population = {"a": 90, "b": 10}
    # 2 of 40 in b: hidden. Even 4 of 40 (0.1) would be a ratio of 1.0 → not flagged.
    assert not equity.representation("d", ["a"] * 38 + ["b"] * 2, population).groups[1].flagged
    # 2 of 100: even 4 of 100 is a ratio of 0.4 → flagged without revealing the count.
    hidden = equity.representation("d", ["a"] * 98 + ["b"] * 2, population).groups[1]
    assert hidden.suppressed and hidden.flagged
    assert hidden.participants is None and hidden.ratio is None


def test_nobody_is_shown_as_zero_and_flagged() -> None:
    result = equity.representation("age", ["a"] * 10, HALVES)
    b = result.groups[1]
    assert (b.participants, b.ratio, b.flagged) == (0, 0.0, True)


def test_fewer_than_k_answers_are_not_compared() -> None:
    result = equity.representation("sex", ["a", "b", None, None], HALVES)
    assert not result.compared and result.summary is None
    assert all(g.suppressed and not g.flagged for g in result.groups)
    assert (result.answered, result.skipped) == (2, 2)


def test_skipped_and_outside_answers_are_counted_apart() -> None:
    result = equity.representation("district", ["a"] * 5 + ["b"] * 5 + [None, "elsewhere"],
                                   HALVES)
    assert (result.answered, result.skipped, result.outside) == (10, 1, 1)
    assert result.summary == pytest.approx(1.0)


def test_an_empty_population_is_an_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        equity.representation("district", ["a"], {"a": 0})


def weighted_share(rows, weights, dim, group):  # type: ignore[no-untyped-def]
    answered = np.array([row.get(dim) is not None for row in rows])
    hits = np.array([row.get(dim) == group for row in rows])
    return float(weights.weights[hits].sum() / weights.weights[answered].sum())


def test_raking_matches_every_margin() -> None:
    rows = ([{"edu": "high", "sex": "f"}] * 30 + [{"edu": "high", "sex": "m"}] * 30
            + [{"edu": "low", "sex": "f"}] * 25 + [{"edu": "low", "sex": "m"}] * 15)
    population = {"edu": {"high": 30, "low": 70}, "sex": {"f": 50, "m": 50}}
    weights = equity.rake(rows, population)
    assert weights.converged and weights.n_weighted == 100
    assert weighted_share(rows, weights, "edu", "high") == pytest.approx(0.3, abs=1e-4)
    assert weighted_share(rows, weights, "sex", "f") == pytest.approx(0.5, abs=1e-4)
    assert weights.weights.mean() == pytest.approx(1.0)


def test_a_group_under_k_is_never_weighted_up() -> None:
    rows = [{"edu": "high"}] * 50 + [{"edu": "low"}] * 20 + [{"edu": "none"}] * 2
    population = {"edu": {"high": 30, "low": 50, "none": 20}}
    weights = equity.rake(rows, population)
    assert weights.left_out == {"edu": ("none",)}
    small = weights.weights[-2:]
    large = weights.weights[:70]
    # The two keep the same weight as each other, and are not blown up to 20 % of the total.
    assert small[0] == small[1]
    assert small.sum() / weights.weights.sum() < 0.05
    # The fitted groups keep the population's ratio between them (30 : 50).
    high = large[:50].sum()
    low = large[50:].sum()
    assert high / low == pytest.approx(30 / 50, rel=1e-4)


def test_participants_without_demographics_keep_weight_one() -> None:
    rows = [{"edu": "high"}] * 10 + [{"edu": "low"}] * 10 + [{}] * 5
    weights = equity.rake(rows, {"edu": {"high": 20, "low": 80}})
    assert list(weights.weighted) == [True] * 20 + [False] * 5
    assert list(weights.weights[20:]) == [1.0] * 5


def test_a_participant_who_skipped_a_used_question_is_left_out() -> None:
    rows = ([{"edu": "high", "sex": "f"}] * 10 + [{"edu": "low", "sex": "m"}] * 10
            + [{"edu": "high", "sex": None}] * 3)
    weights = equity.rake(rows, {"edu": {"high": 50, "low": 50}, "sex": {"f": 50, "m": 50}})
    assert weights.dimensions == ("edu", "sex")
    assert weights.n_weighted == 20 and not weights.weighted[20:].any()


def test_a_dimension_few_answered_is_dropped_rather_than_losing_people() -> None:
    rows = [{"edu": "high", "sex": None}] * 10 + [{"edu": "low", "sex": None}] * 10 + [
        {"edu": "low", "sex": "f"}] * 3
    weights = equity.rake(rows, {"edu": {"high": 50, "low": 50}, "sex": {"f": 50, "m": 50}})
    assert weights.dimensions == ("edu",) and weights.n_weighted == 23


def test_one_group_only_is_not_weighted() -> None:
    rows = [{"edu": "high"}] * 10 + [{"edu": "low"}] * 2
    weights = equity.rake(rows, {"edu": {"high": 50, "low": 50}})
    assert weights.dimensions == ()
    assert list(weights.weights) == [1.0] * 12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xy")), min_size=40,
                max_size=200),
       st.tuples(st.integers(1, 100), st.integers(1, 100), st.integers(1, 100)),
       st.tuples(st.integers(1, 100), st.integers(1, 100)))
def test_raking_fits_the_margins_whenever_every_group_is_large(
        people: list[tuple[str, str]], first: tuple[int, int, int],
        second: tuple[int, int]) -> None:
    rows = [{"one": a, "two": b} for a, b in people]
    population = {"one": dict(zip("abc", first, strict=True)),
                  "two": dict(zip("xy", second, strict=True))}
    counts_one = {g: sum(1 for a, _ in people if a == g) for g in "abc"}
    counts_two = {g: sum(1 for _, b in people if b == g) for g in "xy"}
    if min(counts_one.values()) < 5 or min(counts_two.values()) < 5:
        return
    weights = equity.rake(rows, population, cap=1e9, max_iterations=2000)
    if not weights.converged:  # raking may not converge for contradictory margins
        return
    for dim, groups in population.items():
        total = sum(groups.values())
        for group, people_in_group in groups.items():
            assert weighted_share(rows, weights, dim, group) == pytest.approx(
                people_in_group / total, abs=1e-3)


def test_agreement_raw_and_weighted() -> None:
    # The highly educated (half of the participants, a fifth of the population) disagree.
    rows = [{"edu": "high"}] * 50 + [{"edu": "low"}] * 50
    weights = equity.rake(rows, {"edu": {"high": 20, "low": 80}})
    votes = {i: (equity.DISAGREE if i < 50 else equity.AGREE) for i in range(100)}
    result = equity.agreement(votes, {i: i for i in range(100)}, weights)
    assert result.raw == pytest.approx(0.5)
    assert result.weighted == pytest.approx(0.8)
    assert (result.votes, result.weighted_votes) == (100, 100)


def test_agreement_is_not_weighted_from_fewer_than_k_voters() -> None:
    rows = [{"edu": "high"}] * 50 + [{"edu": "low"}] * 50
    weights = equity.rake(rows, {"edu": {"high": 20, "low": 80}})
    votes: dict[object, int] = {0: equity.AGREE, 1: equity.PASS, 60: equity.DISAGREE,
                                "anonymous": equity.AGREE}
    index: dict[object, int] = {i: i for i in range(100)}
    result = equity.agreement(votes, index, weights)
    assert result.raw == pytest.approx(0.5)
    assert result.weighted is None and result.weighted_votes == 3


def test_recovers_the_truth_when_the_educated_take_part_three_times_as_often() -> None:
    rng = np.random.default_rng(7)
    high = rng.random(20_000) < 0.35
    agrees = np.where(high, rng.random(20_000) < 0.30, rng.random(20_000) < 0.65)
    takes_part = rng.random(20_000) < np.where(high, 0.15, 0.05)
    truth = agrees.mean()
    rows = [{"edu": "high" if h else "low"} for h in high[takes_part]]
    weights = equity.rake(rows, {"edu": {"high": int(high.sum()), "low": int((~high).sum())}})
    votes = {i: (equity.AGREE if a else equity.DISAGREE)
             for i, a in enumerate(agrees[takes_part])}
    result = equity.agreement(votes, {i: i for i in range(len(rows))}, weights)
    assert result.raw is not None and result.weighted is not None
    assert abs(result.raw - truth) > 0.05
    assert abs(result.weighted - truth) < 0.02
