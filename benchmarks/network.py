"""Time the network metrics and the nudges for a large synthetic municipality.

Run: .venv/bin/python benchmarks/network.py [--actors 5000] [--settings 2000] [--links 30000]
     [--setting-links 2000] [--rounds 5] [--pivots N] [--exact]

Builds a seeded synthetic community (``samskap.analysis.network.synthetic_community``: actors
in ten sectors leaning towards a home district, heavy-tailed numbers of links, settings
coordinating mostly within their district), then times, as the page will run them:

- building the networkx graph;
- the metrics (betweenness, bridges across sectors, lone settings, components);
- the nudges for a process with 150 involved actors (all five rules and a few dismissals).

It prints the median and the slowest of ``--rounds`` runs and whether graph + metrics stay
under the issue's 1 s target. ``--exact`` also computes exact betweenness once (minutes at
full size) and prints how well the estimate ranks the top actors. The page's own server time
is measured once the Django views exist (benchmarks/pages.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samskap.analysis import network, nudges

TARGET_S = 1.0
T = TypeVar("T")
GROUPS = ["youth", "elderly", "immigrants", "low_income", "disabled", "families", "students"]


def profiles(community: network.Community, rng: random.Random) -> list[nudges.ActorProfile]:
    """Scores and reached groups for every actor, about as sparse as real assessments."""
    districts = sorted({f"district:{s.district}" for s in community.settings})
    result = []
    for actor in community.actors:
        def score() -> int | None:
            return rng.randint(1, 5) if rng.random() < 0.7 else None
        reaches = frozenset(rng.sample(GROUPS + districts, rng.choice((0, 0, 1, 1, 2, 3))))
        result.append(nudges.ActorProfile(actor.id, actor.sector, influence=score(),
                                          affected=score(), obstruction=score(),
                                          reaches=reaches))
    return result


def timed(rounds: int, work: Callable[[], T]) -> tuple[T | None, list[float]]:
    """The last result and the wall time of each of `rounds` runs."""
    times: list[float] = []
    result: T | None = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return result, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--settings", type=int, default=2_000)
    parser.add_argument("--links", type=int, default=30_000, help="actor–setting links")
    parser.add_argument("--setting-links", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pivots", type=int, default=network.PIVOTS)
    parser.add_argument("--exact", action="store_true",
                        help="also compute exact betweenness once and compare the ranking")
    args = parser.parse_args()

    start = time.perf_counter()
    community = network.synthetic_community(
        actors=args.actors, settings=args.settings, links=args.links,
        setting_links=args.setting_links)
    print(f"synthetic municipality: {args.actors:,} actors, {args.settings:,} settings, "
          f"{len(community.actor_links):,} actor–setting links, "
          f"{len(community.setting_links):,} setting–setting links "
          f"(generated in {time.perf_counter() - start:.2f} s)")

    built, build_times = timed(args.rounds, lambda: network.build_graph(community))
    metrics, metric_times = timed(args.rounds, lambda: network.analyse(community,
                                                                       pivots=args.pivots))
    rng = random.Random(2)
    people = profiles(community, rng)
    involved = frozenset(rng.sample([a.id for a in community.actors], 150))
    sectors = [*network.SYNTHETIC_SECTORS, "hospital_trust"]
    groups = [*GROUPS, "homeless", *(f"district:{d}" for d in range(1, 13))]
    dismissed = {("obstructor_not_involved", f"actor:{a}") for a in range(1, 200)}
    found, nudge_times = timed(args.rounds, lambda: nudges.who_is_missing(
        people, involved=involved, sectors=sectors, groups=groups, dismissed=dismissed))

    assert metrics is not None and found is not None and built is not None
    how = "exact" if metrics.exact else f"estimated from {metrics.pivots} pivots"
    print(f"graph: {metrics.nodes:,} nodes, {metrics.edges:,} edges; betweenness {how}")
    print(f"bridges across ≥3 sectors: {len(metrics.bridges):,}; top 5: "
          + ", ".join(f"{b.actor} ({b.sector}, {b.betweenness:.4f})" for b in metrics.bridges[:5]))
    print(f"lone settings: {len(metrics.standalone_settings):,}; components: "
          f"{len(metrics.components):,} (largest {len(metrics.components[0].actors):,} actors)")
    print(f"nudges: {len(found.active):,} active, {len(found.dismissed):,} dismissed")
    print(f"{'step':34} {'median s':>9} {'max s':>7}")
    for name, times in (("build graph", build_times),
                        ("metrics (build + betweenness + …)", metric_times),
                        ("nudges", nudge_times)):
        print(f"{name:34} {statistics.median(times):9.3f} {max(times):7.3f}")
    total = statistics.median(metric_times)
    verdict = "met" if total < TARGET_S else "NOT met"
    print(f"target: metrics under {TARGET_S:.0f} s: {verdict} (median {total:.3f} s, "
          f"slowest {max(metric_times):.3f} s); with nudges "
          f"{total + statistics.median(nudge_times):.3f} s")

    if args.exact:
        start = time.perf_counter()
        exact, _, _ = network.betweenness(built, exact_limit=10**9)
        print(f"exact betweenness: {time.perf_counter() - start:.1f} s")
        top = sorted(exact, key=lambda a: (-exact[a], a))
        for n in (20, 50, 100):
            ids = top[:n]
            rho = network.spearman([exact[a] for a in ids],
                                   [metrics.betweenness[a] for a in ids])
            estimated = set(sorted(metrics.betweenness,
                                   key=lambda a: (-metrics.betweenness[a], a))[:n])
            print(f"top {n}: Spearman {rho:.3f}, {len(set(ids) & estimated)} of {n} "
                  f"also in the estimated top {n}")


if __name__ == "__main__":
    main()
