"""Does the equity monitor recover the truth? Raw against re-weighted agreement.

Run: .venv/bin/python benchmarks/equity.py [--residents 12420,100000] [--statements 20]
     [--seed 1] [--answer-rate 0.9]

Simulated municipalities (a city of 100,000, the target's scenario, then Eksempelvik's 12,420
for comparison): every resident has a
district, an age band, a sex and an education level drawn from realistic shares, and an
opinion on each statement that depends on education, age and district (a statement liked by
the highly educated, one by the elderly, …). Highly educated residents take part **three times as
often** as the others; the young a little less, the old a little more. Participants answer the
optional demographic questions with probability ``--answer-rate`` per question.

For each statement it prints the population's true agreement, the participants' raw
agreement and the re-weighted one (raking on the four dimensions with
``samskap.analysis.equity``), and the largest error of each. Target (issue 6): within 3
percentage points after weighting, judged where the participants are many enough (about 7,000)
for chance not to swamp the test of the method. Chance alone limits a small municipality: the
script also prints the error a simple random sample of the same size gives, the best any
weighting can do.
It also prints the representation summary per dimension.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samskap.analysis import equity

TARGET_PP = 3.0
DISTRICTS = {"Sentrum": 0.33, "Nordbyen": 0.27, "Sjøsida": 0.18, "Fjellgrenda": 0.08,
             "Austmarka": 0.14}
AGES = {"16_29": 0.20, "30_44": 0.24, "45_66": 0.34, "67_120": 0.22}
SEXES = {"female": 0.5, "male": 0.5}
EDUCATION = {"primary": 0.25, "upper_secondary": 0.40, "higher": 0.35}


def draw(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    keys = list(shares)
    return rng.choice(len(keys), size=n, p=np.array(list(shares.values())) / sum(
        shares.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", default="100000,12420",
                        help="comma-separated sizes, each simulated in turn; the first is the "
                             "target's scenario, the others are shown for comparison")
    parser.add_argument("--statements", type=int, default=20)
    parser.add_argument("--answer-rate", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for position, n in enumerate(int(size) for size in args.residents.split(",")):
        simulate(n, args, target=position == 0)
        print()


def simulate(n: int, args: argparse.Namespace, *, target: bool) -> None:
    rng = np.random.default_rng(args.seed)
    people = {
        "district": draw(rng, DISTRICTS, n), "age": draw(rng, AGES, n),
        "sex": draw(rng, SEXES, n), "education": draw(rng, EDUCATION, n),
    }
    names = {"district": list(DISTRICTS), "age": list(AGES), "sex": list(SEXES),
             "education": list(EDUCATION)}
    # Each statement: a base log-odds plus effects of education, age and district.
    m = args.statements
    logit = rng.normal(0, 0.6, size=(m, 1))
    logit = logit + rng.normal(0, 1.2, size=(m, 3))[:, people["education"]]
    logit = logit + rng.normal(0, 0.7, size=(m, 4))[:, people["age"]]
    logit = logit + rng.normal(0, 0.4, size=(m, 5))[:, people["district"]]
    logit = logit + rng.normal(0, 0.2, size=(m, 2))[:, people["sex"]]
    agrees = rng.random((m, n)) < 1 / (1 + np.exp(-logit))
    truth = agrees.mean(axis=1)

    base = 0.04
    rate = base * np.where(people["education"] == 2, 3.0, 1.0)
    rate = rate * np.array([0.7, 1.0, 1.1, 1.2])[people["age"]]
    takes_part = rng.random(n) < rate
    index = np.flatnonzero(takes_part)
    rows = []
    for i in index:
        row: dict[str, str | None] = {}
        for dim in names:
            answered = rng.random() < args.answer_rate
            row[dim] = names[dim][people[dim][i]] if answered else None
        rows.append(row)
    population = {dim: {name: int((people[dim] == j).sum()) for j, name in enumerate(names[dim])}
                  for dim in names}

    started = time.perf_counter()
    weights = equity.rake(rows, population)
    position = {int(i): row for row, i in enumerate(index)}
    results = []
    for s in range(m):
        votes = {int(i): (equity.AGREE if agrees[s, i] else equity.DISAGREE) for i in index}
        results.append(equity.agreement(votes, position, weights))
    reps = [equity.representation(dim, [row[dim] for row in rows], population[dim])
            for dim in names]
    elapsed = time.perf_counter() - started

    print(f"residents {n:,}, participants {len(index):,} ({len(index) / n:.1%}), "
          f"statements {m}, answer rate per question {args.answer_rate:.0%}")
    print(f"weighted participants {weights.n_weighted:,}; raking {weights.iterations} passes, "
          f"converged {weights.converged}; weights min {weights.weights.min():.2f} "
          f"max {weights.weights.max():.2f}; {elapsed * 1000:.0f} ms for all")
    for rep in reps:
        flagged = ", ".join(f"{g.group} ({g.ratio:.2f})" if g.ratio is not None else g.group
                            for g in rep.flagged) or "none"
        print(f"  {rep.dimension:<10} 1−TVD {rep.summary:.3f}; under 0.7: {flagged}")
    print(f"{'statement':>9} {'truth':>7} {'raw':>7} {'weighted':>9} {'raw err':>8} "
          f"{'w. err':>7}")
    raw_errors, weighted_errors = [], []
    for s, result in enumerate(results):
        assert result.raw is not None and result.weighted is not None
        raw_err = (result.raw - truth[s]) * 100
        w_err = (result.weighted - truth[s]) * 100
        raw_errors.append(abs(raw_err))
        weighted_errors.append(abs(w_err))
        print(f"{s + 1:>9} {truth[s]:>7.1%} {result.raw:>7.1%} {result.weighted:>9.1%} "
              f"{raw_err:>+7.1f}pp {w_err:>+6.1f}pp")
    worst_raw, worst = max(raw_errors), max(weighted_errors)
    print(f"largest error: raw {worst_raw:.1f} pp, weighted {worst:.1f} pp; mean raw "
          f"{np.mean(raw_errors):.1f} pp, weighted {np.mean(weighted_errors):.1f} pp")
    # What chance alone gives: a simple random sample of the residents, as many as were weighted.
    sample = rng.choice(n, size=weights.n_weighted, replace=False)
    noise = np.abs(agrees[:, sample].mean(axis=1) - truth) * 100
    print(f"a random sample of {weights.n_weighted:,} residents (chance alone): largest "
          f"{noise.max():.1f} pp, mean {noise.mean():.1f} pp")
    verdict = "met" if worst <= TARGET_PP else "MISSED"
    if not target:
        print(f"for comparison (no target at this size): largest weighted error {worst:.1f} pp "
              f"against {noise.max():.1f} pp from chance alone")
        return
    print(f"target: weighted within {TARGET_PP:.0f} pp: {verdict} (largest {worst:.1f} pp; "
          f"chance alone gives {noise.max():.1f} pp at this size)")


if __name__ == "__main__":
    main()
