"""Where the community map draws each actor and setting: a seeded, deterministic layout. Pure.

Plain data in (nodes and links, already filtered by the page), positions out; the template
turns them into SVG. No Django, no database.

- **What is drawn**: at most ``MAX_DRAWN`` nodes, the best connected first (degree in the
  graph that was passed in, then actors before settings, then id), and the links between
  them. A larger network is capped and ``Drawing.capped`` says so; the page's table lists
  everything.
- **Where**: networkx's force-directed ``spring_layout`` with a fixed seed, on a graph built in
  sorted order, so the same data always gives the same picture (and the same bytes); the
  positions are scaled into the drawing's box and rounded.
- **How a node looks**: actors by sector, each with its own shape *and* colour (never colour
  alone), settings as an outlined hexagon; ``shape_path`` draws them.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

#: The most nodes a drawing shows; the table next to it lists all of them.
MAX_DRAWN = 120
#: How many of the drawn nodes get a visible name next to them (all have an accessible name).
MAX_LABELS = 30
#: The seed of the force-directed layout: fixed, so the same data gives the same picture.
SEED = 7
WIDTH, HEIGHT, MARGIN = 960, 640, 40
ACTOR_RADIUS, SETTING_RADIUS = 11, 10
#: Room kept right of the main part for names; the names' length in characters and the
#: rough width of one at the drawing's font size (for keeping names from overlapping).
LABEL_ROOM, LABEL_CHARS, CHAR_WIDTH = 120, 28, 7.2
#: The cell of a node without links, the least height of the main part, the gap above the
#: islands.
ISLAND, MIN_MAIN_HEIGHT, GAP = 34.0, 300.0, 20.0

ACTOR, SETTING = "actor", "setting"

#: Each sector's shape; a sector not listed (only in synthetic data) is drawn as a circle.
SECTOR_SHAPES = {
    "public": "circle",
    "voluntary": "square",
    "private": "triangle",
    "research": "diamond",
    "civil": "pentagon",
}
SETTING_SHAPE = "hexagon"


@dataclass(frozen=True)
class Node:
    """An actor or a setting as the drawing sees it."""

    kind: str  # ACTOR or SETTING
    pk: int
    label: str
    group: str = ""  # an actor's sector; a setting's kind

    @property
    def key(self) -> str:
        """The node's id in the drawing, e.g. "a12" (actor 12) or "s5" (setting 5)."""
        return f"{self.kind[0]}{self.pk}"

    @property
    def shape(self) -> str:
        if self.kind == SETTING:
            return SETTING_SHAPE
        return SECTOR_SHAPES.get(self.group, "circle")


class Link(NamedTuple):
    """An undirected link between two node keys (actor–setting, or setting–setting); a tuple,
    as a large community has tens of thousands."""

    a: str
    b: str


@dataclass(frozen=True)
class PlacedNode:
    node: Node
    x: float
    y: float
    degree: int  # links in the graph that was passed in, drawn or not
    neighbours: tuple[str, ...]  # keys of the drawn nodes it is linked to, in drawing order
    labelled: bool  # its name is written next to it
    path: str  # the SVG path of its shape
    description: str = ""  # its accessible name, filled in by the page (in words)

    @property
    def ring(self) -> str:
        """A circle around the shape, drawn when the node has keyboard focus."""
        return shape_path("circle", self.x, self.y, ACTOR_RADIUS + 6)

    @property
    def short_label(self) -> str:
        """The name as written next to the node (long names are cut)."""
        return _short(self.node.label)

    @property
    def label_x(self) -> float:
        return round(self.x + ACTOR_RADIUS + 4, 1)

    @property
    def label_y(self) -> float:
        return round(self.y + 4, 1)


@dataclass(frozen=True)
class PlacedLink:
    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    between_settings: bool


@dataclass(frozen=True)
class Drawing:
    nodes: tuple[PlacedNode, ...]  # best connected first: the order of Tab in the page
    links: tuple[PlacedLink, ...]
    total_nodes: int  # in the graph that was passed in
    total_links: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def capped(self) -> bool:
        return len(self.nodes) < self.total_nodes

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _kind_order(node: Node) -> int:
    return 0 if node.kind == ACTOR else 1


def draw(nodes: Iterable[Node], links: Iterable[Link], *, max_drawn: int = MAX_DRAWN,
         max_labels: int = MAX_LABELS, seed: int = SEED, width: int = WIDTH,
         height: int = HEIGHT) -> Drawing:
    """Choose the nodes to draw and place them; the same input gives the same drawing.

    Links that name a node not passed in are ignored, as are repeated links and loops.
    """
    by_key = {node.key: node for node in nodes}
    pairs = {(a, b) if a < b else (b, a) for a, b in links
             if a in by_key and b in by_key and a != b}
    # Degrees count every link; the neighbours and the sorting are only needed for the few
    # nodes drawn (a large community has tens of thousands of links).
    degree: Counter[str] = Counter()
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1

    def rank(node: Node) -> tuple[int, int, int]:
        return (-degree[node.key], _kind_order(node), node.pk)

    chosen = heapq.nsmallest(max_drawn, by_key.values(), key=rank)
    keys = {node.key for node in chosen}
    drawn_pairs = sorted((a, b) for a, b in pairs if a in keys and b in keys)
    adjacency: dict[str, set[str]] = defaultdict(set)
    for a, b in drawn_pairs:
        adjacency[a].add(b)
        adjacency[b].add(a)
    positions, height = _positions([node.key for node in chosen], drawn_pairs, seed, width,
                                   height)
    labelled = _labels([(node.key, _short(node.label), *positions[node.key])
                        for node in chosen], width, max_labels)

    order = {node.key: i for i, node in enumerate(chosen)}
    placed = []
    for node in chosen:
        x, y = positions[node.key]
        neighbours = tuple(sorted(adjacency[node.key], key=order.__getitem__))
        radius = ACTOR_RADIUS if node.kind == ACTOR else SETTING_RADIUS
        placed.append(PlacedNode(node, x, y, degree[node.key], neighbours,
                                 labelled=node.key in labelled,
                                 path=shape_path(node.shape, x, y, radius)))
    placed_links = [
        PlacedLink(a, b, *positions[a], *positions[b],
                   between_settings=by_key[a].kind == SETTING and by_key[b].kind == SETTING)
        for a, b in drawn_pairs
    ]
    return Drawing(tuple(placed), tuple(placed_links), total_nodes=len(by_key),
                   total_links=len(pairs), width=width, height=height)


def _positions(keys: Sequence[str], pairs: Sequence[tuple[str, str]], seed: int, width: int,
               height: int) -> tuple[dict[str, tuple[float, float]], int]:
    """Where each node goes, and the height the drawing needs.

    The largest connected part is laid out by a seeded spring layout in the main area; the
    smaller parts and the nodes without links ("islands") get a cell each in rows along the
    bottom, each small part with its own spring layout. Otherwise the repulsion between parts
    pushes the islands to the edges and squeezes the main part into the middle.
    """
    if not keys:
        return {}, height
    graph = nx.Graph()
    graph.add_nodes_from(sorted(keys))
    graph.add_edges_from(pairs)
    parts = sorted((sorted(part) for part in nx.connected_components(graph)),
                   key=lambda part: (-len(part), part[0]))
    main = parts[0] if len(parts[0]) > 1 else []
    islands = parts[1:] if main else parts

    # The islands' cells, row by row from the bottom margin up.
    cells: list[tuple[list[str], float, float, float, float]] = []  # part, x, y, w, h
    x, row_top, row_height = float(MARGIN), 0.0, 0.0
    for part in islands:
        w = ISLAND if len(part) == 1 else min(200.0, 50.0 + 24.0 * len(part))
        h = ISLAND if len(part) == 1 else min(130.0, 50.0 + 14.0 * len(part))
        if x + w > width - MARGIN and x > MARGIN:
            row_top += row_height
            x, row_height = float(MARGIN), 0.0
        cells.append((part, x, row_top, w, h))
        x += w
        row_height = max(row_height, h)
    rows_height = row_top + row_height
    main_height = max(MIN_MAIN_HEIGHT, height - 2 * MARGIN - rows_height - GAP) if main else 0
    total = math.ceil(2 * MARGIN + main_height + (GAP if main and islands else 0)
                      + rows_height)
    total = max(total, height if main else total)
    islands_top = total - MARGIN - rows_height

    positions: dict[str, tuple[float, float]] = {}
    if main:
        # Room on the right for the names written next to the nodes.
        positions.update(_spring(graph.subgraph(main), seed, MARGIN, MARGIN,
                                 width - 2 * MARGIN - LABEL_ROOM, main_height))
    for part, cell_x, cell_y, w, h in cells:
        top = islands_top + cell_y
        if len(part) == 1:
            positions[part[0]] = (round(cell_x + w / 2, 1), round(top + h / 2, 1))
        else:
            positions.update(_spring(graph.subgraph(part), seed, cell_x + 14, top + 14,
                                     w - 28, h - 28))
    return positions, total


def _spring(graph: nx.Graph, seed: int, left: float, top: float, width: float,
            height: float) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of a connected graph, scaled into the box, rounded to 0.1."""
    keys = sorted(graph.nodes)
    # k a little above networkx's default 1/sqrt(n) spreads the nodes out so shapes and
    # labels overlap less; the seed makes the result repeatable.
    spring = nx.spring_layout(graph, seed=seed, iterations=100,
                              k=2.0 / math.sqrt(graph.number_of_nodes()))
    xs = [float(spring[k][0]) for k in keys]
    ys = [float(spring[k][1]) for k in keys]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (max_x - min_x) or 1.0, (max_y - min_y) or 1.0
    return {
        k: (round(left + (x - min_x) / span_x * width, 1),
            round(top + (y - min_y) / span_y * height, 1))
        for k, x, y in zip(keys, xs, ys, strict=True)
    }


def _labels(placed: Sequence[tuple[str, str, float, float]], width: int,
            limit: int) -> set[str]:
    """Which nodes get a visible name: the best connected first, as long as the name fits in
    the drawing and overlaps no other shape and no name already written (every node keeps its
    accessible name).

    ``placed`` is (key, the name as written, x, y) in drawing order.
    """
    size = ACTOR_RADIUS + 1
    shapes = {key: (x - size, y - size, x + size, y + size) for key, _label, x, y in placed}
    taken: list[tuple[float, float, float, float]] = []
    chosen: set[str] = set()
    for key, label, x, y in placed:
        if len(chosen) >= limit:
            break
        left = x + ACTOR_RADIUS + 4
        right, top, bottom = left + CHAR_WIDTH * len(label), y - 10, y + 6
        if right > width:
            continue
        if any(left < r and right > l_ and top < b and bottom > t for l_, t, r, b in taken):
            continue
        if any(left < r and right > l_ and top < b and bottom > t
               for other, (l_, t, r, b) in shapes.items() if other != key):
            continue
        taken.append((left, top, right, bottom))
        chosen.add(key)
    return chosen


def _polygon(x: float, y: float, r: float, sides: int, start: float) -> str:
    points = []
    for i in range(sides):
        angle = start + 2 * math.pi * i / sides
        points.append(f"{x + r * math.cos(angle):.1f},{y + r * math.sin(angle):.1f}")
    return "M" + " L".join(points) + " Z"


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path of the shape centred on (x, y) with "radius" r."""
    if shape == "square":
        s = r * 0.85
        return f"M{x - s:.1f},{y - s:.1f} H{x + s:.1f} V{y + s:.1f} H{x - s:.1f} Z"
    if shape == "triangle":
        return _polygon(x, y + r * 0.15, r * 1.15, 3, -math.pi / 2)
    if shape == "diamond":
        return _polygon(x, y, r * 1.1, 4, -math.pi / 2)
    if shape == "pentagon":
        return _polygon(x, y, r, 5, -math.pi / 2)
    if shape == "hexagon":
        return _polygon(x, y, r, 6, 0)
    # A circle as two arcs, so every shape is one <path>.
    return (f"M{x - r:.1f},{y:.1f} A{r},{r} 0 1,0 {x + r:.1f},{y:.1f} "
            f"A{r},{r} 0 1,0 {x - r:.1f},{y:.1f} Z")


def legend_path(shape: str) -> str:
    """The shape for a legend entry in a 24×24 box."""
    return shape_path(shape, 12, 12, 9)
