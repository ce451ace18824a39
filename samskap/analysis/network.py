"""The community as a network of actors and settings: who bridges sectors, what stands alone.

Pure: plain dataclasses in, dataclasses out, no Django. A small glue module in the actors app
moves rows in and out.

The graph has one node per actor and one per setting. An actor is joined to each setting it is
present in, runs or reaches (one edge, whatever the kinds), and settings are joined to the
settings they coordinate activities with ("ripples in water"). Actors are never joined
directly: they meet in settings, which is what the municipality records.

**Betweenness** is computed on that whole graph (actors and settings), normalised as networkx
does (``normalized=True``: over the (n-1)(n-2) ordered pairs a node can lie between), and
reported for actors. Exact betweenness (Brandes) costs one breadth-first search per node,
O(n·m): for 5,000 actors, 2,000 settings and 32,000 links that is 7,000 searches, about a
minute here (over two in networkx) on the 2-core server, far beyond the one-second budget.
Above ``EXACT_LIMIT`` nodes it is therefore *estimated* from ``PIVOTS`` sampled source nodes
(Brandes & Pich 2007; the same estimate as networkx's ``k``), with a fixed seed so the same
data always gives the same figures. ``brandes`` below does the searches over integer lists,
about twice as fast as networkx, and the tests check that both give the same numbers.
(Projecting onto an actor–actor graph for scipy's sparse routines was not pursued: scipy is
not a dependency, and the projection multiplies the edges, about 15 actors per setting.)

The trade-off, measured on the synthetic municipality (``benchmarks/network.py``):

- Time: with 48 pivots all metrics take 0.54–0.60 s at full size, the searches about 0.45 s
  of it; 64 pivots 0.73 s, 80 pivots 0.89 s.
- Accuracy of the *ranking*, at full size against exact betweenness: Spearman correlation
  0.78 over the exact top 20 (15 of them in the estimated top 20), 0.86 over the top 50 (38
  found), 0.83 over the top 100 (73 found). On a 1,000-node graph over eight seeds: 0.81–0.92
  over the top 20 (mean 0.88, 14–18 of 20 found); 16 pivots 0.61–0.87 (mean 0.77), 64 pivots
  0.80–0.96 (mean 0.90) for a third more time. ``test_network.py`` keeps this in check.
- It is noisy for actors with little betweenness, many of whom are estimated at 0: show the
  ranking of the top bridges, not small differences, and say the figure is estimated.

Every result says whether it is ``exact`` and from how many pivots.

**Bridges across sectors**: an actor linked to at least two settings whose actors (itself
included) belong to at least ``min_sectors`` sectors, ranked by betweenness (highest first,
then by id, so the order is stable).

**Settings that stand alone**: a setting with no setting↔setting link and at most one actor.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

#: Up to this many nodes (actors + settings) betweenness is exact.
EXACT_LIMIT = 500
#: Above EXACT_LIMIT, the number of sampled source nodes for the betweenness estimate.
PIVOTS = 48
#: The seed for choosing the pivots: fixed, so the same data gives the same figures.
SEED = 4


class LinkKind(StrEnum):
    PRESENT = "present"
    RUNS = "runs"
    REACHES = "reaches"


@dataclass(frozen=True)
class Actor:
    id: int
    sector: str


@dataclass(frozen=True)
class Setting:
    id: int
    district: int | None = None


@dataclass(frozen=True)
class ActorLink:
    """An actor is present in, runs or reaches a setting."""

    actor: int
    setting: int
    kind: LinkKind = LinkKind.PRESENT


@dataclass(frozen=True)
class SettingLink:
    """Two settings coordinate activities (undirected)."""

    a: int
    b: int


@dataclass(frozen=True)
class Community:
    """Everything the network analysis needs, as plain data."""

    actors: Sequence[Actor]
    settings: Sequence[Setting]
    actor_links: Sequence[ActorLink]
    setting_links: Sequence[SettingLink] = ()


@dataclass(frozen=True)
class Bridge:
    """An actor whose settings bring several sectors together."""

    actor: int
    sector: str
    sectors: tuple[str, ...]  # every sector met in its settings, its own included, sorted
    settings: int  # how many settings it is linked to
    betweenness: float


@dataclass(frozen=True)
class Component:
    """A connected part of the network: actors and settings that reach each other."""

    actors: tuple[int, ...]
    settings: tuple[int, ...]


@dataclass(frozen=True)
class NetworkMetrics:
    betweenness: dict[int, float]  # actor id → normalised betweenness
    bridges: tuple[Bridge, ...]  # highest betweenness first
    standalone_settings: tuple[int, ...]  # sorted ids
    components: tuple[Component, ...]  # largest first
    exact: bool  # False when betweenness was estimated from pivots
    pivots: int | None = None  # the number of sampled sources when not exact
    nodes: int = 0
    edges: int = 0
    unknown: tuple[str, ...] = field(default=())  # links that named a missing actor or setting


@dataclass
class Graph:
    """The networkx graph and the maps between its integer nodes and actor/setting ids."""

    graph: nx.Graph
    actor_ids: list[int]  # node i < len(actor_ids) is actor actor_ids[i]
    setting_ids: list[int]  # node len(actor_ids) + j is setting setting_ids[j]
    unknown: list[str]


def build_graph(community: Community) -> Graph:
    """The undirected actor–setting graph, built in id order so that it is deterministic."""
    actor_ids = sorted({a.id for a in community.actors})
    setting_ids = sorted({s.id for s in community.settings})
    actor_node = {a: i for i, a in enumerate(actor_ids)}
    offset = len(actor_ids)
    setting_node = {s: offset + j for j, s in enumerate(setting_ids)}
    unknown: list[str] = []
    edges: set[tuple[int, int]] = set()
    for link in community.actor_links:
        a, s = actor_node.get(link.actor), setting_node.get(link.setting)
        if a is None or s is None:
            unknown.append(f"actor {link.actor} – setting {link.setting}")
            continue
        edges.add((a, s))
    for slink in community.setting_links:
        u, v = setting_node.get(slink.a), setting_node.get(slink.b)
        if u is None or v is None:
            unknown.append(f"setting {slink.a} – setting {slink.b}")
            continue
        if u != v:
            edges.add((min(u, v), max(u, v)))
    graph = nx.Graph()
    graph.add_nodes_from(range(offset + len(setting_ids)))
    graph.add_edges_from(sorted(edges))
    return Graph(graph, actor_ids, setting_ids, unknown)


def betweenness(built: Graph, *, exact_limit: int = EXACT_LIMIT, pivots: int = PIVOTS,
                seed: int = SEED) -> tuple[dict[int, float], bool, int | None]:
    """Normalised betweenness per actor id, whether it is exact, and the pivots used.

    The figures are networkx's ``betweenness_centrality(G, k=…, seed=…, normalized=True)``
    (the tests check that they agree), computed by ``brandes`` below at about twice the speed:
    the nodes are consecutive integers, so lists replace networkx's dictionaries.
    """
    graph = built.graph
    n = graph.number_of_nodes()
    adjacency = [list(graph.adj[i]) for i in range(n)]
    if n <= exact_limit or pivots >= n:
        sources: list[int] = list(range(n))
        exact, used = True, None
    else:
        # The same sample networkx draws for k=pivots, seed=seed.
        sources = random.Random(seed).sample(range(n), pivots)
        exact, used = False, pivots
    raw = brandes(adjacency, sources)
    scores = [0.0] * n
    if n > 2:
        # Sums over ordered (s, t) pairs scaled to the (n-1)(n-2) pairs a node can lie between.
        # With sampled sources the estimate for v scales by (n-1) / (sources other than v).
        chosen = set(sources)
        k = len(sources)
        for v in range(n):
            others = k - 1 if v in chosen else k
            if others > 0:
                scores[v] = raw[v] * (n - 1) / others / ((n - 1) * (n - 2))
    return {aid: scores[i] for i, aid in enumerate(built.actor_ids)}, exact, used


def brandes(adjacency: Sequence[Sequence[int]], sources: Iterable[int]) -> list[float]:
    """Brandes' (2001) dependency sums from the given sources, over an unweighted graph.

    ``adjacency[v]`` lists v's neighbours. Returns, per node, the sum over the sources s and
    all targets t (s ≠ v ≠ t) of the share of shortest s–t paths through v.
    """
    n = len(adjacency)
    total = [0.0] * n
    for s in sources:
        sigma = [0] * n
        distance = [-1] * n
        predecessors: list[list[int]] = [[] for _ in range(n)]
        sigma[s], distance[s] = 1, 0
        order = [s]
        i = 0
        while i < len(order):  # breadth-first; `order` doubles as the queue
            v = order[i]
            i += 1
            next_distance, paths = distance[v] + 1, sigma[v]
            for w in adjacency[v]:
                if distance[w] < 0:
                    distance[w] = next_distance
                    order.append(w)
                if distance[w] == next_distance:
                    sigma[w] += paths
                    predecessors[w].append(v)
        delta = [0.0] * n
        for w in reversed(order):
            share = (1.0 + delta[w]) / sigma[w]
            for v in predecessors[w]:
                delta[v] += sigma[v] * share
            if w != s:
                total[w] += delta[w]
    return total


def analyse(community: Community, *, min_sectors: int = 3, exact_limit: int = EXACT_LIMIT,
            pivots: int = PIVOTS, seed: int = SEED) -> NetworkMetrics:
    """Betweenness, bridges across sectors, settings that stand alone, and components."""
    built = build_graph(community)
    graph = built.graph
    n_actors = len(built.actor_ids)
    scores, exact, used = betweenness(built, exact_limit=exact_limit, pivots=pivots, seed=seed)

    sector_of = {a.id: a.sector for a in community.actors}
    # Sectors present in each setting (node), from the actors linked to it.
    setting_sectors: dict[int, set[str]] = defaultdict(set)
    actors_in: dict[int, int] = defaultdict(int)
    for s_index in range(n_actors, graph.number_of_nodes()):
        for neighbour in graph.adj[s_index]:
            if neighbour < n_actors:
                setting_sectors[s_index].add(sector_of[built.actor_ids[neighbour]])
                actors_in[s_index] += 1

    bridges = []
    for i, aid in enumerate(built.actor_ids):
        settings = list(graph.adj[i])
        if len(settings) < 2:
            continue
        met = {sector_of[aid]}
        for s_index in settings:
            met |= setting_sectors[s_index]
        if len(met) >= min_sectors:
            bridges.append(Bridge(aid, sector_of[aid], tuple(sorted(met)), len(settings),
                                  scores[aid]))
    bridges.sort(key=lambda b: (-b.betweenness, b.actor))

    standalone = tuple(
        sid for j, sid in enumerate(built.setting_ids)
        if actors_in[n_actors + j] <= 1
        and not any(nb >= n_actors for nb in graph.adj[n_actors + j])
    )

    components = []
    for nodes in nx.connected_components(graph):
        components.append(Component(
            actors=tuple(sorted(built.actor_ids[i] for i in nodes if i < n_actors)),
            settings=tuple(sorted(built.setting_ids[i - n_actors] for i in nodes
                                  if i >= n_actors)),
        ))
    components.sort(key=lambda c: (-(len(c.actors) + len(c.settings)),
                                   c.settings[:1] or (-1,), c.actors[:1] or (-1,)))
    return NetworkMetrics(
        betweenness=scores, bridges=tuple(bridges), standalone_settings=standalone,
        components=tuple(components), exact=exact, pivots=used,
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        unknown=tuple(built.unknown),
    )


#: Sectors of the synthetic municipality, with their rough share of the actors.
SYNTHETIC_SECTORS = {
    "municipal": 0.20, "state": 0.04, "voluntary": 0.30, "business": 0.18,
    "social_enterprise": 0.03, "education": 0.08, "research": 0.02, "citizen_group": 0.08,
    "faith_culture": 0.05, "council": 0.02,
}


def synthetic_community(*, actors: int = 5_000, settings: int = 2_000, links: int = 30_000,
                        setting_links: int = 2_000, districts: int = 12,
                        seed: int = 1) -> Community:
    """A seeded, made-up municipality for benchmarks and tests.

    Actors lean towards one home district (80 % of their links), and a few have very many links
    (heavy-tailed degrees: a municipal unit reaches hundreds of settings, a choir one), which
    is what makes a few actors the bridges.
    """
    rng = random.Random(seed)
    sector_names = list(SYNTHETIC_SECTORS)
    weights = list(SYNTHETIC_SECTORS.values())
    actor_list = [Actor(i + 1, rng.choices(sector_names, weights)[0]) for i in range(actors)]
    setting_list = [Setting(10_001 + j, 1 + j % districts) for j in range(settings)]
    by_district: dict[int | None, list[int]] = defaultdict(list)
    for s in setting_list:
        by_district[s.district].append(s.id)
    home = {a.id: rng.randrange(1, districts + 1) for a in actor_list}
    # Heavy-tailed appetites (Lomax: Pareto shifted to start at 0), scaled so that they add up
    # to about `links`; rounding gives many actors a single setting, a few hundreds.
    appetite = [rng.paretovariate(1.6) - 1 for _ in actor_list]
    scale = links / sum(appetite)
    kinds = list(LinkKind)
    pairs: set[tuple[int, int]] = set()
    link_list: list[ActorLink] = []
    for a, want in zip(actor_list, appetite, strict=True):
        degree = max(1, min(settings, round(want * scale)))
        for _ in range(degree):
            if len(link_list) >= links:
                break
            pool = by_district[home[a.id]] if rng.random() < 0.8 else None
            sid = rng.choice(pool) if pool else setting_list[rng.randrange(settings)].id
            if (a.id, sid) in pairs:
                continue
            pairs.add((a.id, sid))
            link_list.append(ActorLink(a.id, sid, rng.choices(kinds, (0.6, 0.15, 0.25))[0]))
    while len(link_list) < links:
        a = actor_list[rng.randrange(actors)]
        sid = setting_list[rng.randrange(settings)].id
        if (a.id, sid) not in pairs:
            pairs.add((a.id, sid))
            link_list.append(ActorLink(a.id, sid))
    ripple: list[SettingLink] = []
    seen: set[tuple[int, int]] = set()
    while len(ripple) < setting_links:
        s = setting_list[rng.randrange(settings)]
        pool = by_district[s.district] if rng.random() < 0.7 else [t.id for t in setting_list]
        other = rng.choice(pool)
        key = (min(s.id, other), max(s.id, other))
        if other != s.id and key not in seen:
            seen.add(key)
            ripple.append(SettingLink(*key))
    return Community(actor_list, setting_list, link_list, ripple)


def spearman(x: Iterable[float], y: Iterable[float]) -> float:
    """Spearman's rank correlation with average ranks for ties (no scipy needed)."""
    xs, ys = list(x), list(y)
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need two equally long sequences of at least two values")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return float("nan")
    return cov / (vx * vy) ** 0.5


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks
