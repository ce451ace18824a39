"""The rows of the community map's large tables as HTML, written in Python.

A municipality can have thousands of actors and tens of thousands of links, and the tables
list every one of them (they are the drawing's equivalent), a page at a time
(``map_pages``). Django's template engine takes a long time for many cells; escaping and
joining strings here takes a fraction of that. The tables' captions and headers stay in the
templates; only the repeated rows are built here, with every value escaped (the standard
library's ``html.escape``, which escapes what Django's does) and the labels translated once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.actors.community_map import (
    ActorRow,
    CommunityMap,
    ComponentRow,
    SettingRow,
    Stakeholder,
)
from samskap.actors.map_layout import ACTOR, PlacedNode
from samskap.actors.map_pages import TablePage, href_maker

#: A setting's cell names at most this many actors (each actor's row names all its settings).
SETTING_ACTORS_SHOWN = 12
_PLACEHOLDER = 987654321


def url_maker(name: str, number: str) -> Callable[[int], str]:
    """``pk → reverse(name, number, pk)``, reversing once: thousands of rows need it fast."""
    template = reverse(name, kwargs={"number": number, "pk": _PLACEHOLDER})
    head, _sep, tail = template.partition(str(_PLACEHOLDER))
    return lambda pk: f"{head}{int(pk)}{tail}"


def anchor_to(kind: str) -> Callable[[int], str]:
    """``pk → "#kind-pk"``: the row on the same page."""
    return lambda pk: f"#{kind}-{int(pk)}"


def _anchors(href: Callable[[int], str], refs: Iterable[tuple[int, str]]) -> str:
    return ", ".join(f'<a href="{escape(href(pk))}">{escape(name)}</a>' for pk, name in refs)


def actor_rows(rows: Iterable[ActorRow], actor_url: Callable[[int], str],
               setting_href: Callable[[int], str] | None = None) -> SafeString:
    """The body rows of the table "Actors and their links"; ``setting_href`` finds a setting's
    row (on another page of its table, if need be)."""
    setting_href = setting_href or anchor_to("setting")
    actor, sector, links = _("Actor"), _("Sector"), _("Links to settings")
    betweenness, bridges, part = _("Betweenness"), _("Bridges sectors"), _("Part")
    none = escape(_("none"))
    html = []
    for row in rows:
        cell = "".join(
            f'<p class="links-line">{escape(group.label)}: '
            f'{_anchors(setting_href, ((s.pk, s.name) for s in group.settings))}</p>'
            for group in row.links) or none
        score = number_format(row.betweenness, decimal_pos=4, use_l10n=True)
        rank = f" (#{row.rank})" if row.rank else ""
        html.append(
            f'<tr id="actor-{row.pk}">'
            f'<th scope="row" data-label="{escape(actor)}"><a href="{escape(actor_url(row.pk))}">'
            f'{escape(row.name)}</a><br><span class="meta">{escape(row.kind_label)}</span></th>'
            f'<td data-label="{escape(sector)}">{escape(row.sector_label)}</td>'
            f'<td data-label="{escape(links)}">{cell}</td>'
            f'<td data-label="{escape(betweenness)}">{score}{rank}</td>'
            f'<td data-label="{escape(bridges)}">{escape(", ".join(row.bridges)) or "–"}</td>'
            f'<td data-label="{escape(part)}">{row.component}</td></tr>')
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


def setting_rows(rows: Iterable[SettingRow], actor_href: Callable[[int], str] | None = None,
                 setting_href: Callable[[int], str] | None = None) -> SafeString:
    """The body rows of the table "Settings"; the hrefs find a row as in ``actor_rows``."""
    actor_href = actor_href or anchor_to("actor")
    setting_href = setting_href or anchor_to("setting")
    setting, district, actors = _("Setting"), _("District"), _("Actors")
    ripples, part = _("Coordinates with"), _("Part")
    none, alone = escape(_("none")), escape(_("stands alone"))
    html = []
    for row in rows:
        shown = row.actors[:SETTING_ACTORS_SHOWN]
        who = _anchors(actor_href, ((a.pk, a.name) for a in shown)) or none
        more = len(row.actors) - len(shown)
        if more:
            who += escape(ngettext(" and %(count)s more", " and %(count)s more", more) % {
                "count": more})
        mark = f" · <strong>{alone}</strong>" if row.standalone else ""
        html.append(
            f'<tr id="setting-{row.pk}">'
            f'<th scope="row" data-label="{escape(setting)}">{escape(row.name)}<br>'
            f'<span class="meta">{escape(row.kind_label)}{mark}</span></th>'
            f'<td data-label="{escape(district)}">{escape(row.district) or "–"}</td>'
            f'<td data-label="{escape(actors)}">{who}</td>'
            f'<td data-label="{escape(ripples)}">'
            f'{_anchors(setting_href, ((r.pk, r.name) for r in row.ripples)) or none}</td>'
            f'<td data-label="{escape(part)}">{row.component}</td></tr>')
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


def stakeholder_rows(people: Iterable[Stakeholder], actor_url: Callable[[int], str]
                     ) -> SafeString:
    """The body rows of the table "Every placed actor" of the stakeholder grid."""
    labels = [escape(label) for label in (_("Actor"), _("Sector"), _("Influence"),
                                          _("Interest"), _("Quadrant"), _("Affected"),
                                          _("Can block"))]
    html = []
    for p in people:
        affected = "–" if p.affected is None else str(p.affected)
        if p.strongly_affected:
            affected += ' <span aria-hidden="true">◆</span>'
        block = "–" if p.obstruction is None else str(p.obstruction)
        if p.can_block:
            block += ' <span aria-hidden="true">▲</span>'
        cells = [escape(p.sector_label), str(p.influence), str(p.interest),
                 escape(p.quadrant_label), affected, block]
        html.append(
            f'<tr><th scope="row" data-label="{labels[0]}"><a href="{escape(actor_url(p.pk))}">'
            f'{escape(p.name)}</a></th>'
            + "".join(f'<td data-label="{label}">{cell}</td>'
                      for label, cell in zip(labels[1:], cells, strict=True))
            + "</tr>")
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


def stakeholder(person: Stakeholder, actor_url: Callable[[int], str]) -> str:
    """An actor's name (a link) with its affectedness and obstruction in words, the same as
    the template ``actors/map/includes/stakeholder.html``."""
    html = f'<a href="{escape(actor_url(person.pk))}">{escape(person.name)}</a>'
    markers = []
    if person.affected is not None:
        mark = '<span aria-hidden="true">◆ </span>' if person.strongly_affected else ""
        text = escape(_("affected %(score)s") % {"score": person.affected})
        css = "marker marker-affected" if person.strongly_affected else "marker"
        markers.append(f'<span class="{css}">{mark}{text}</span>')
    if person.obstruction is not None:
        mark = '<span aria-hidden="true">▲ </span>' if person.can_block else ""
        text = escape(_("can block %(score)s") % {"score": person.obstruction})
        css = "marker marker-block" if person.can_block else "marker"
        markers.append(f'<span class="{css}">{mark}{text}</span>')
    if markers:
        html += f' <span class="markers">{" · ".join(markers)}</span>'
    return html


def unplaced_items(people: Iterable[Stakeholder], actor_url: Callable[[int], str]
                   ) -> SafeString:
    """The list items of the actors the grid cannot place, each saying what is missing."""
    both, influence, interest = (escape(_("influence and interest not assessed")),
                                 escape(_("influence not assessed")),
                                 escape(_("interest not assessed")))
    html = []
    for person in people:
        missing = (both if person.influence is None and person.interest is None
                   else influence if person.influence is None else interest)
        html.append(f'<li>{stakeholder(person, actor_url)} '
                    f'<span class="meta">({missing})</span></li>')
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


#: How many lone settings and parts of the network the page names (the tables hold the rest).
STANDALONE_SHOWN = 50
COMPONENTS_SHOWN = 30


@dataclass
class NetworkTables:
    """The network page's tables, a page of each, and every link to a row on its page."""

    actor_page: TablePage
    setting_page: TablePage
    actor_rows: SafeString
    setting_rows: SafeString
    nodes: list[tuple[PlacedNode, str]]  # each drawn node with the href of its row
    bridges: list[tuple[ActorRow, str]]
    standalone: list[tuple[SettingRow, str]]
    standalone_more: int
    components: list[ComponentRow]
    components_more: int


def network_tables(data: CommunityMap, path: str, query: QueryDict, number: str
                   ) -> NetworkTables:
    """The page of each table the query asks for (``actors_page``, ``settings_page``)."""
    actor_page = TablePage.of(path, query, "actors_page", len(data.actors))
    setting_page = TablePage.of(path, query, "settings_page", len(data.settings))
    actor_href = href_maker("actor", actor_page, [row.pk for row in data.actors])
    setting_href = href_maker("setting", setting_page, [row.pk for row in data.settings])
    return NetworkTables(
        actor_page=actor_page, setting_page=setting_page,
        actor_rows=actor_rows(actor_page.rows(data.actors),
                              url_maker("actors:detail", number), setting_href),
        setting_rows=setting_rows(setting_page.rows(data.settings), actor_href, setting_href),
        nodes=[(placed, (actor_href if placed.node.kind == ACTOR else setting_href)(
            placed.node.pk)) for placed in data.nodes],
        bridges=[(row, actor_href(row.pk)) for row in data.bridges],
        standalone=[(row, setting_href(row.pk)) for row in data.standalone[:STANDALONE_SHOWN]],
        standalone_more=max(0, len(data.standalone) - STANDALONE_SHOWN),
        components=data.components[:COMPONENTS_SHOWN],
        components_more=max(0, len(data.components) - COMPONENTS_SHOWN),
    )
