"""What the community map pages show: the network with its tables, and the stakeholder grid.

Rows in (a fixed number of queries whatever the size of the community), plain page data out.
The network metrics come from ``samskap.analysis.network`` over the *whole* community; the
filters (district, sector) only choose which actors and settings the page shows, so an actor's
betweenness does not change with the filter.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, NamedTuple

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samskap.actors import map_layout
from samskap.actors.models import (
    SECTOR_OF_KIND,
    Actor,
    ActorSettingLink,
    Kind,
    Sector,
    Setting,
    SettingLink,
)
from samskap.analysis import network
from samskap.municipalities.models import District, Municipality

#: Components with at most this many actors and settings are listed by name.
SMALL_COMPONENT = 8
#: How many bridges the summary names (all are marked in the actor table).
BRIDGES_SHOWN = 20
#: Sort orders of the actor table (allow-listed; anything else is the name).
ORDERS = ("name", "betweenness", "links")


class Ref(NamedTuple):
    """An actor or a setting in a table cell (a tuple: tens of thousands are made per page)."""

    pk: int
    name: str


@dataclass(frozen=True)
class LinkGroup:
    """The settings an actor is linked to in one way ("runs: A, B")."""

    label: str
    settings: tuple[Ref, ...]


class _Cells:
    """The links the page shows, turned into table cells only for the rows asked for: a page
    of a large community shows a hundred of its thousands of rows."""

    def __init__(self, rows: _Rows, links: list[tuple[int, int, str]],
                 ripples: list[tuple[int, int]]) -> None:
        self.rows = rows
        self.link_kinds = _labels(ActorSettingLink.Kind)
        self.link_order = {kind: i for i, kind in enumerate(self.link_kinds)}
        # The rows' own tuples, not new ones: tens of thousands of objects per page add up.
        self.settings_of: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        self.actors_in: dict[int, list[int]] = defaultdict(list)
        for link in links:
            self.settings_of[link[0]].append(link)
            self.actors_in[link[1]].append(link[0])
        self.ripples_of: dict[int, list[int]] = defaultdict(list)
        for a, b in ripples:
            self.ripples_of[a].append(b)
            self.ripples_of[b].append(a)

    def link_count(self, actor: int) -> int:
        return len({s for _a, s, _kind in self.settings_of.get(actor, ())})

    def groups(self, actor: int) -> list[LinkGroup]:
        by_kind: dict[str, list[Ref]] = defaultdict(list)
        for _a, s, kind in self.settings_of.get(actor, ()):
            by_kind[kind].append(Ref(s, self.rows.settings[s][0]))
        return [LinkGroup(self.link_kinds.get(k, k), tuple(_by_name(refs)))
                for k, refs in sorted(by_kind.items(),
                                      key=lambda item: self.link_order.get(item[0], 99))]

    def actors(self, setting: int) -> list[Ref]:
        return _by_name([Ref(a, self.rows.actors[a][0])
                         for a in self.actors_in.get(setting, ())])

    def ripples(self, setting: int) -> list[Ref]:
        return _by_name([Ref(b, self.rows.settings[b][0])
                         for b in self.ripples_of.get(setting, ())])


def _by_name(refs: list[Ref]) -> list[Ref]:
    return sorted(refs, key=lambda r: (r.name.casefold(), r.pk))


@dataclass
class ActorRow:
    pk: int
    name: str
    sector: str
    sector_label: str
    kind_label: str
    link_count: int
    betweenness: float
    rank: int | None  # 1 = the highest betweenness; None when it is 0
    bridges: tuple[str, ...]  # sector labels it brings together, empty if not a bridge
    component: int
    cells: _Cells = field(repr=False, compare=False)

    @cached_property
    def links(self) -> list[LinkGroup]:
        """The settings it is linked to, by the way it is linked, each group by name."""
        return self.cells.groups(self.pk)


@dataclass
class SettingRow:
    pk: int
    name: str
    kind_label: str
    district: str
    standalone: bool
    component: int
    cells: _Cells = field(repr=False, compare=False)

    @cached_property
    def actors(self) -> list[Ref]:
        return self.cells.actors(self.pk)

    @cached_property
    def ripples(self) -> list[Ref]:
        return self.cells.ripples(self.pk)


@dataclass(frozen=True)
class ComponentRow:
    number: int
    actors: int
    settings: int
    names: tuple[str, ...]  # for small components, every actor and setting by name


@dataclass
class CommunityMap:
    drawing: map_layout.Drawing
    actors: list[ActorRow]
    settings: list[SettingRow]
    bridges: list[ActorRow]
    more_bridges: int
    standalone: list[SettingRow]
    components: list[ComponentRow]
    exact: bool
    pivots: int | None
    total_actors: int
    total_settings: int
    filtered: bool
    sectors_in_drawing: list[tuple[str, str, str]] = field(default_factory=list)
    setting_legend: str = map_layout.legend_path(map_layout.SETTING_SHAPE)

    @cached_property
    def nodes(self) -> list[map_layout.PlacedNode]:
        """The drawn nodes, each with its accessible name."""
        return [replace(placed, description=node_description(placed))
                for placed in self.drawing.nodes]


def sector_label(key: str) -> str:
    return str(Sector(key).label) if key in Sector.values else key


def _choice_label(choices: type[Kind] | type[Setting.Kind] | type[ActorSettingLink.Kind],
                  key: str) -> str:
    return str(choices(key).label) if key in choices.values else key


def _labels(choices: type[Kind] | type[Setting.Kind] | type[ActorSettingLink.Kind] |
            type[Sector]) -> dict[str, str]:
    """Every choice's label in the active language, looked up once per page."""
    return {key: str(label) for key, label in choices.choices}


@dataclass
class _Rows:
    """The municipality's community as rows (four queries)."""

    actors: dict[int, tuple[str, str, str]]  # pk → (name, kind, sector)
    settings: dict[int, tuple[str, str, int | None, str]]  # pk → (name, kind, district, its name)
    links: list[tuple[int, int, str]]  # (actor, setting, kind)
    ripples: list[tuple[int, int]]

    @classmethod
    def of(cls, municipality: Municipality) -> _Rows:
        actors = {pk: (name, kind, sector or SECTOR_OF_KIND[kind]) for pk, name, kind, sector in
                  Actor.objects.of(municipality).values_list("pk", "name", "kind", "sector")}
        settings: dict[int, tuple[str, str, int | None, str]] = {
            pk: (name, kind, district, district_name or "")
                    for pk, name, kind, district, district_name in
                    Setting.objects.filter(municipality=municipality).values_list(
                        "pk", "name", "kind", "district_id", "district__name")}
        links = list(ActorSettingLink.objects.filter(setting__municipality=municipality)
                     .values_list("actor_id", "setting_id", "kind"))
        ripples = list(SettingLink.objects.filter(setting_a__municipality=municipality)
                       .values_list("setting_a_id", "setting_b_id"))
        return cls(actors, settings, links, ripples)

    def community(self) -> network.Community:
        return network.Community(
            [network.Actor(pk, sector) for pk, (_n, _k, sector) in self.actors.items()],
            [network.Setting(pk, district) for pk, (_n, _k, district, _d) in
             self.settings.items()],
            [network.ActorLink(a, s, network.LinkKind(kind)) for a, s, kind in self.links],
            [network.SettingLink(a, b) for a, b in self.ripples],
        )

    def shown(self, district: District | None, sector: str | None
              ) -> tuple[set[int], set[int]]:
        """The actors and settings a filter keeps.

        A district keeps its settings and the actors linked to them; a sector keeps its actors
        and the settings they are linked to; both keep that sector's actors in that district's
        settings.
        """
        if district is None and not sector:
            return set(self.actors), set(self.settings)
        actors = {pk for pk, row in self.actors.items() if not sector or row[2] == sector}
        if district is not None:
            settings = {pk for pk, row in self.settings.items() if row[2] == district.pk}
            actors = {a for a, s, _k in self.links if s in settings and a in actors}
        else:
            settings = {s for a, s, _k in self.links if a in actors}
        return actors, settings


#: How long the metrics of an unchanged community are kept (the key changes with the data).
METRICS_CACHE_SECONDS = 3600


def metrics_of(municipality: Municipality, rows: _Rows) -> network.NetworkMetrics:
    """The network metrics of these rows, from the cache when the community has not changed.

    Betweenness of a large community takes about a tenth of a second (5,000 actors, 30,000
    links: ``benchmarks/network.py``), and the map is read far more often than the community
    changes. The cache key is a digest of every
    row the metrics depend on, so any change (an actor, a link, a sector) is a new key.
    """
    digest = hashlib.sha256(repr((
        sorted((pk, row[2]) for pk, row in rows.actors.items()),
        sorted((pk, row[2]) for pk, row in rows.settings.items()),
        sorted(rows.links), sorted(rows.ripples),
    )).encode()).hexdigest()
    key = f"actors:map-metrics:{municipality.pk}:{digest}"
    metrics: network.NetworkMetrics | None = cache.get(key)
    if metrics is None:
        metrics = network.analyse(rows.community())
        cache.set(key, metrics, METRICS_CACHE_SECONDS)
    return metrics


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector waits while the block runs (nested blocks too).

    Building the map of a large community makes a few hundred thousand small objects that
    live until the page is sent; every full collection on the way walks them (and the rest of
    the process) again, about a third of the page's time at 5,000 actors. They hold no
    reference cycles, so nothing is lost by collecting once the map is built.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@collection_paused()
def community_map(municipality: Municipality, *, district: District | None = None,
                  sector: str | None = None, order: str = "name",
                  max_drawn: int = map_layout.MAX_DRAWN) -> CommunityMap:
    """The network drawing, its complete tables and the metrics behind them."""
    rows = _Rows.of(municipality)
    metrics = metrics_of(municipality, rows)
    sectors, kinds, setting_kinds = _labels(Sector), _labels(Kind), _labels(Setting.Kind)
    shown_actors, shown_settings = rows.shown(district, sector)

    actor_part: dict[int, int] = {}
    setting_part: dict[int, int] = {}
    components = []
    for number, component in enumerate(metrics.components, start=1):
        actor_part.update(dict.fromkeys(component.actors, number))
        setting_part.update(dict.fromkeys(component.settings, number))
        size = len(component.actors) + len(component.settings)
        names: tuple[str, ...] = ()
        if size <= SMALL_COMPONENT:
            names = (*sorted(rows.actors[a][0] for a in component.actors),
                     *sorted(rows.settings[s][0] for s in component.settings))
        components.append(ComponentRow(number, len(component.actors), len(component.settings),
                                       names))

    ranked = sorted((a for a, score in metrics.betweenness.items() if score > 0),
                    key=lambda a: (-metrics.betweenness[a], a))
    rank_of = {a: i for i, a in enumerate(ranked, start=1)}
    bridge_of = {b.actor: b for b in metrics.bridges}

    shown_links = [link for link in rows.links
                   if link[0] in shown_actors and link[1] in shown_settings]
    shown_ripples = [(a, b) for a, b in rows.ripples
                     if a in shown_settings and b in shown_settings]
    cells = _Cells(rows, shown_links, shown_ripples)

    actor_rows = []
    for pk in shown_actors:
        name, kind, actor_sector = rows.actors[pk]
        bridge = bridge_of.get(pk)
        actor_rows.append(ActorRow(
            pk=pk, name=name, sector=actor_sector,
            sector_label=sectors.get(actor_sector, actor_sector),
            kind_label=kinds.get(kind, kind), link_count=cells.link_count(pk),
            betweenness=metrics.betweenness.get(pk, 0.0), rank=rank_of.get(pk),
            bridges=tuple(sectors.get(s, s) for s in bridge.sectors) if bridge else (),
            component=actor_part.get(pk, 0), cells=cells))
    actor_rows.sort(key=_actor_order(order))

    standalone = set(metrics.standalone_settings)
    setting_rows = sorted((
        SettingRow(pk=pk, name=rows.settings[pk][0],
                   kind_label=setting_kinds.get(rows.settings[pk][1], rows.settings[pk][1]),
                   district=rows.settings[pk][3], standalone=pk in standalone,
                   component=setting_part.get(pk, 0), cells=cells)
        for pk in shown_settings), key=lambda r: (r.name.casefold(), r.pk))

    row_of = {row.pk: row for row in actor_rows}
    bridges = [row_of[b.actor] for b in metrics.bridges if b.actor in row_of]

    nodes = [map_layout.Node(map_layout.ACTOR, pk, rows.actors[pk][0], rows.actors[pk][2])
             for pk in shown_actors]
    nodes += [map_layout.Node(map_layout.SETTING, pk, rows.settings[pk][0],
                              rows.settings[pk][1]) for pk in shown_settings]
    actor_key = {node.pk: node.key for node in nodes if node.kind == map_layout.ACTOR}
    setting_key = {node.pk: node.key for node in nodes if node.kind == map_layout.SETTING}
    links = [map_layout.Link(actor_key[a], setting_key[s]) for a, s, _k in shown_links]
    links += [map_layout.Link(setting_key[a], setting_key[b]) for a, b in shown_ripples]
    drawing = map_layout.draw(nodes, links, max_drawn=max_drawn)
    drawn_sectors = {placed.node.group for placed in drawing.nodes
                     if placed.node.kind == map_layout.ACTOR}

    return CommunityMap(
        drawing=drawing, actors=actor_rows, settings=setting_rows,
        bridges=bridges[:BRIDGES_SHOWN], more_bridges=max(0, len(bridges) - BRIDGES_SHOWN),
        standalone=[row for row in setting_rows if row.standalone],
        components=components, exact=metrics.exact, pivots=metrics.pivots,
        total_actors=len(rows.actors), total_settings=len(rows.settings),
        filtered=district is not None or bool(sector),
        sectors_in_drawing=legend(drawn_sectors),
    )


def legend(sectors: set[str]) -> list[tuple[str, str, str]]:
    """(sector key, label, legend path) for the sectors drawn, in the order of Sector."""
    keys = [s for s in Sector.values if s in sectors] + sorted(sectors - set(Sector.values))
    return [(key, sector_label(key),
             map_layout.legend_path(map_layout.SECTOR_SHAPES.get(key, "circle")))
            for key in keys]


def _actor_order(order: str) -> Callable[[ActorRow], tuple[Any, ...]]:
    if order == "betweenness":
        return lambda r: (-r.betweenness, r.name.casefold(), r.pk)
    if order == "links":
        return lambda r: (-r.link_count, r.name.casefold(), r.pk)
    return lambda r: (r.name.casefold(), r.pk)


def node_description(placed: map_layout.PlacedNode) -> str:
    """A drawn node's accessible name: what it is and how many links it has."""
    node = placed.node
    if node.kind == map_layout.ACTOR:
        what = _("actor, %(sector)s sector") % {"sector": sector_label(node.group).lower()}
    else:
        what = _("setting: %(kind)s") % {
            "kind": _choice_label(Setting.Kind, node.group).lower()}
    links = ngettext("%(count)s link", "%(count)s links", placed.degree) % {
        "count": placed.degree}
    return f"{node.label} – {what}, {links}"


# The stakeholder grid ------------------------------------------------------------------------

#: On the 1–5 scales, this and above is "high" when placing an actor in a quadrant.
HIGH_FROM = 3
#: How many actors a grid cell names; the rest are counted (the table lists everyone).
CELL_SHOWN = 10


class Quadrant:
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"


QUADRANT_LABELS = {
    Quadrant.MANAGE_CLOSELY: gettext_lazy("Manage closely"),
    Quadrant.KEEP_SATISFIED: gettext_lazy("Keep satisfied"),
    Quadrant.KEEP_INFORMED: gettext_lazy("Keep informed"),
    Quadrant.MONITOR: gettext_lazy("Monitor"),
}
#: What each quadrant asks of the municipality, in plain words.
QUADRANT_ADVICE = {
    Quadrant.MANAGE_CLOSELY: gettext_lazy(
        "Much influence and much interest: involve them fully and early; they shape the work "
        "and care about it."),
    Quadrant.KEEP_SATISFIED: gettext_lazy(
        "Much influence, less interest: keep them content and tell them what matters to them; "
        "they can lift the work or stop it."),
    Quadrant.KEEP_INFORMED: gettext_lazy(
        "Less influence, much interest: tell them what happens and listen; they often hold "
        "knowledge and energy that is easily overlooked."),
    Quadrant.MONITOR: gettext_lazy(
        "Less influence and less interest: keep an eye on them, and see whether they are "
        "affected more than they know."),
}


def quadrant(influence: int, interest: int) -> str:
    """Where influence × interest puts an actor (Mendelow's power–interest grid)."""
    if influence >= HIGH_FROM:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH_FROM else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH_FROM else Quadrant.MONITOR


@dataclass(frozen=True)
class Stakeholder:
    pk: int
    name: str
    sector_label: str
    influence: int | None
    interest: int | None
    affected: int | None
    obstruction: int | None

    @property
    def quadrant(self) -> str | None:
        if self.influence is None or self.interest is None:
            return None
        return quadrant(self.influence, self.interest)

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANT_LABELS[self.quadrant]) if self.quadrant else ""

    @property
    def strongly_affected(self) -> bool:
        return self.affected is not None and self.affected >= 4

    @property
    def can_block(self) -> bool:
        return self.obstruction is not None and self.obstruction >= 4


@dataclass(frozen=True)
class Cell:
    influence: int
    interest: int
    quadrant: str
    actors: tuple[Stakeholder, ...]  # the first CELL_SHOWN
    more: int

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANT_LABELS[self.quadrant])


@dataclass(frozen=True)
class GridRow:
    influence: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StakeholderGrid:
    rows: tuple[GridRow, ...]  # influence 5 first
    placed: tuple[Stakeholder, ...]  # by quadrant, then name
    unplaced: tuple[Stakeholder, ...]  # influence or interest not assessed
    total: int


QUADRANT_ORDER = (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_SATISFIED, Quadrant.KEEP_INFORMED,
                  Quadrant.MONITOR)


def stakeholder_grid(municipality: Municipality, *, district: District | None = None,
                     sector: str | None = None) -> StakeholderGrid:
    """Every actor (of the filter) placed by influence and interest (one or two queries)."""
    actors = Actor.objects.of(municipality)
    if district is not None:
        actors = actors.filter(setting_links__setting__district=district)
    people = []
    for pk, name, kind, own_sector, influence, interest, affected, obstruction in (
            actors.distinct().values_list("pk", "name", "kind", "sector", "influence",
                                          "interest", "affected", "obstruction")):
        effective = own_sector or SECTOR_OF_KIND[kind]
        if sector and effective != sector:
            continue
        people.append(Stakeholder(pk, name, sector_label(effective), influence, interest,
                                  affected, obstruction))
    people.sort(key=lambda s: (s.name.casefold(), s.pk))
    cells: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
    for person in people:
        if person.influence is not None and person.interest is not None:
            cells[(person.influence, person.interest)].append(person)
    rows = tuple(
        GridRow(influence, tuple(
            Cell(influence, interest, quadrant(influence, interest),
                 tuple(cells[(influence, interest)][:CELL_SHOWN]),
                 max(0, len(cells[(influence, interest)]) - CELL_SHOWN))
            for interest in range(1, 6)))
        for influence in range(5, 0, -1))
    placed = sorted((p for p in people if p.quadrant is not None),
                    key=lambda p: (QUADRANT_ORDER.index(p.quadrant or ""),
                                   -(p.influence or 0), -(p.interest or 0),
                                   p.name.casefold(), p.pk))
    return StakeholderGrid(rows=rows, placed=tuple(placed),
                           unplaced=tuple(p for p in people if p.quadrant is None),
                           total=len(people))
