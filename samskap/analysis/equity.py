"""Who is taking part: participants against the population, and re-weighted agreement. Pure.

The report's core worry about co-creation is that it becomes a channel for the already
resourceful. This module measures it, for one conversation or one process, per demographic
**dimension** (district, age band, sex, education level):

- ``representation``: for each group of a dimension, the participants who answered that
  question, their share, the group's share of the population, and the **representation
  ratio** (share among participants / share in the population). A group whose ratio is below
  ``threshold`` (0.7 by default) is *flagged*. The dimension's summary is ``1 − TVD``, one
  minus the total variation distance between the two distributions: 1 means the participants
  look exactly like the population, 0 that they come from entirely other groups.
- ``rake``: weights for the participants with known demographics, by raking (iterative
  proportional fitting) to the population's distribution on each dimension, so that the
  weighted participants match the population on every dimension at once.
- ``agreement``: a statement's agreement raw and re-weighted (post-stratified).

Small cells. Nothing here ever reveals fewer than ``k`` people (k = 5 by default):

- a group with 1 to k−1 participants is shown as *suppressed*: no count, no share, no ratio.
  It is still *flagged* when even k−1 participants would leave it under the threshold, so the
  warning never depends on the hidden count (and 0 participants is shown: nobody is nobody);
- a dimension answered by fewer than k participants is not compared at all;
- a group with fewer than k participants never gets weighted up: raking leaves its people at
  their current weight and fits the remaining groups to the remaining population share.

No database, no Django: the app layer turns the population observations of the knowledge base
and the participants' consented answers into the mappings used here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

P = TypeVar("P", bound=Hashable)  # a participant id
THRESHOLD = 0.7
K = 5
AGREE, PASS, DISAGREE = 1, 0, -1


@dataclass(frozen=True)
class GroupShare:
    """One group of one dimension: participants against the population."""

    group: str
    population: int
    population_share: float
    participants: int | None  # None: suppressed (1 to k−1 people)
    participant_share: float | None
    ratio: float | None  # participant share / population share; None when suppressed
    flagged: bool  # under-represented (ratio below the threshold, or certainly so)

    @property
    def suppressed(self) -> bool:
        return self.participants is None


@dataclass(frozen=True)
class Representation:
    """Participants against the population on one dimension."""

    dimension: str
    answered: int  # participants who answered this question
    skipped: int  # participants who did not (or gave no consent)
    groups: tuple[GroupShare, ...]
    summary: float | None  # 1 − total variation distance; None when fewer than k answered
    #: Participants whose answer is not a group of the population (e.g. "another district").
    outside: int = 0

    @property
    def compared(self) -> bool:
        return self.summary is not None

    @property
    def flagged(self) -> tuple[GroupShare, ...]:
        return tuple(group for group in self.groups if group.flagged)


def representation(dimension: str, answers: Iterable[str | None],
                   population: Mapping[str, int], *, threshold: float = THRESHOLD,
                   k: int = K) -> Representation:
    """Compare the participants' answers on one dimension with the population.

    ``answers`` has one item per participant: the group, or None when the question was skipped.
    ``population`` counts the residents per group (every group of the dimension, zeros too).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    total_population = sum(population.values())
    if total_population <= 0:
        raise ValueError(f"The population of {dimension!r} is empty")
    counts: Counter[str] = Counter()
    skipped = outside = 0
    for answer in answers:
        if answer is None:
            skipped += 1
        elif answer in population:
            counts[answer] += 1
        else:
            outside += 1
    answered = sum(counts.values())
    compared = answered >= k
    groups = []
    distance = 0.0
    for group, people in population.items():
        population_share = people / total_population
        count = counts[group]
        share = count / answered if answered else 0.0
        distance += abs(share - population_share)
        if not compared:
            groups.append(GroupShare(group, people, population_share, None, None, None, False))
            continue
        if 0 < count < k:
            # Hidden count: flag only if even the largest hidden count stays under the threshold.
            largest = (k - 1) / answered
            flagged = population_share > 0 and largest / population_share < threshold
            groups.append(GroupShare(group, people, population_share, None, None, None,
                                     flagged))
            continue
        ratio = share / population_share if population_share > 0 else None
        groups.append(GroupShare(group, people, population_share, count, share, ratio,
                                 ratio is not None and ratio < threshold))
    return Representation(dimension=dimension, answered=answered, skipped=skipped,
                          groups=tuple(groups),
                          summary=1 - distance / 2 if compared else None, outside=outside)


@dataclass(frozen=True)
class Weights:
    """Raking weights, one per participant (1.0 for those left out of the weighting)."""

    weights: np.ndarray  # mean 1 over the weighted participants
    weighted: np.ndarray  # bool: the participant took part in the weighting
    dimensions: tuple[str, ...]  # the dimensions actually used
    #: Per dimension, the groups left out because fewer than k participants are in them.
    left_out: dict[str, tuple[str, ...]]
    iterations: int
    converged: bool

    @property
    def n_weighted(self) -> int:
        return int(self.weighted.sum())


def rake(rows: Sequence[Mapping[str, str | None]], population: Mapping[str, Mapping[str, int]],
         *, k: int = K, max_iterations: int = 200, tolerance: float = 1e-7,
         cap: float = 10.0) -> Weights:
    """Raking weights for participants (``rows``: dimension → group or None per participant).

    Complete cases: a participant takes part in the weighting when he answered every dimension
    used, with a group of the population; the others keep weight 1 and are left out of the
    re-weighted figures (``Weights.weighted``), because a person who skipped the education
    question cannot be corrected for education. Every dimension is used in which at least two
    groups have ``k`` or more such participants; when one falls short, the least answered
    dimension is given up and the complete cases are counted again. A group with fewer than
    ``k`` is not fitted (its people keep their weight, the fitted groups share the rest of the
    population).
    Iterative proportional fitting then scales each dimension's groups in turn until every
    margin matches the population. Weights are capped at ``cap`` × the mean, a guard against
    a few people standing for very many.
    """
    n = len(rows)
    candidates = [dim for dim in population if sum(population[dim].values()) > 0]
    codes: dict[str, np.ndarray] = {}
    for dim in candidates:
        index = {group: i for i, group in enumerate(population[dim])}
        codes[dim] = np.array([index.get(row.get(dim) or "", -1) for row in rows],
                              dtype=np.int64)
    used = list(candidates)
    answers = {dim: int((codes[dim] >= 0).sum()) for dim in candidates}
    while used:
        # Complete cases over the dimensions in use; if one of them lacks two large groups,
        # give up the least answered dimension (fewer dimensions, more people) and try again.
        usable = np.ones(n, dtype=bool)
        for dim in used:
            usable &= codes[dim] >= 0
        if all((np.bincount(codes[dim][usable], minlength=len(population[dim])) >= k).sum()
               >= 2 for dim in used):
            break
        used.remove(min(used, key=lambda dim: answers[dim]))
    if not used:
        usable = np.zeros(n, dtype=bool)
    targets: dict[str, np.ndarray] = {}
    fitted: dict[str, np.ndarray] = {}
    left_out: dict[str, tuple[str, ...]] = {}
    for dim in used:
        groups = list(population[dim])
        counts = np.bincount(codes[dim][usable], minlength=len(groups))
        fitted[dim] = counts >= k
        left_out[dim] = tuple(g for g, fit in zip(groups, fitted[dim], strict=True) if not fit)
        share = np.array([population[dim][group] for group in groups], dtype=float)
        targets[dim] = share / share.sum()
    weights = np.ones(n)
    w = weights[usable]
    iterations, converged = 0, True
    if used:
        converged = False
        for iterations in range(1, max_iterations + 1):  # noqa: B007 - reported below
            largest_change = 0.0
            for dim in used:
                code = codes[dim][usable]
                fit = fitted[dim]
                sums = np.bincount(code, weights=w, minlength=len(fit))
                # The fitted groups share what the population leaves after the small ones,
                # scaled to the weight the small groups do not already hold.
                free_weight = w.sum() - sums[~fit].sum()
                target = targets[dim][fit] / targets[dim][fit].sum() * free_weight
                factor = np.ones(len(fit))
                factor[fit] = target / sums[fit]
                largest_change = max(largest_change, float(np.abs(factor[fit] - 1).max()))
                w = w * factor[code]
            w = np.minimum(w / w.mean(), cap)
            if largest_change < tolerance:
                converged = True
                break
        w = w / w.mean()
    weights[usable] = w
    return Weights(weights=weights, weighted=usable, dimensions=tuple(used),
                   left_out=left_out, iterations=iterations, converged=converged)


@dataclass(frozen=True)
class Agreement:
    """A statement's agreement among its voters: raw, and re-weighted to the population."""

    votes: int
    raw: float | None  # share of agree votes among all votes (agree, disagree, pass)
    weighted_votes: int  # votes by participants with usable demographics
    weighted: float | None  # None when fewer than k of them voted


def agreement(votes: Mapping[P, int], participant_index: Mapping[P, int],
              weights: Weights, *, k: int = K) -> Agreement:
    """Agreement with one statement. ``votes``: participant → 1 / 0 / −1; ``participant_index``
    gives each participant's row in ``weights``."""
    values = np.fromiter(votes.values(), dtype=np.int64, count=len(votes))
    raw = float((values == AGREE).mean()) if len(values) else None
    rows = np.fromiter((participant_index.get(p, -1) for p in votes), dtype=np.int64,
                       count=len(votes))
    known = rows >= 0
    known[known] = weights.weighted[rows[known]]
    n_weighted = int(known.sum())
    weighted = None
    if n_weighted >= k:
        w = weights.weights[rows[known]]
        weighted = float((w * (values[known] == AGREE)).sum() / w.sum())
    return Agreement(votes=len(values), raw=raw, weighted_votes=n_weighted, weighted=weighted)
