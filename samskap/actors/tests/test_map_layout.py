"""The community map's drawing: what is drawn, where, and that the same data draws the same."""

from __future__ import annotations

import random

from samskap.actors import map_layout
from samskap.actors.map_layout import ACTOR, SETTING, Link, Node, draw, shape_path


def community(actors: int = 12, settings: int = 6, seed: int = 3) -> tuple[list[Node], list[Link]]:
    rng = random.Random(seed)
    sectors = list(map_layout.SECTOR_SHAPES)
    nodes = [Node(ACTOR, i, f"Aktør {i}", sectors[i % len(sectors)]) for i in range(1, actors + 1)]
    nodes += [Node(SETTING, j, f"Arena {j}", "school") for j in range(1, settings + 1)]
    links = [Link(f"a{i}", f"s{rng.randint(1, settings)}") for i in range(1, actors + 1)]
    links += [Link("s1", "s2"), Link("s3", "s2")]
    return nodes, links


def test_the_same_community_is_drawn_the_same_whatever_the_order_of_the_rows():
    nodes, links = community()
    first = draw(nodes, links)
    shuffled_nodes, shuffled_links = nodes[:], links[:]
    random.Random(1).shuffle(shuffled_nodes)
    random.Random(2).shuffle(shuffled_links)

    again = draw(shuffled_nodes, shuffled_links)

    assert again == first
    assert [(p.node.key, p.x, p.y) for p in again.nodes] == [
        (p.node.key, p.x, p.y) for p in first.nodes]


def test_every_node_lies_inside_the_drawing():
    drawing = draw(*community(actors=40, settings=15))

    for placed in drawing.nodes:
        assert map_layout.MARGIN <= placed.x <= drawing.width - map_layout.MARGIN
        assert map_layout.MARGIN <= placed.y <= drawing.height - map_layout.MARGIN


def test_a_large_network_is_capped_to_the_best_connected_and_says_so():
    nodes, links = community(actors=300, settings=40)

    drawing = draw(nodes, links, max_drawn=50)

    assert drawing.capped
    assert len(drawing.nodes) == 50
    assert drawing.total_nodes == 340
    degrees = [p.degree for p in drawing.nodes]
    assert degrees == sorted(degrees, reverse=True)
    drawn = {p.node.key for p in drawing.nodes}
    left_out = max((len([1 for link in links if n.key in (link.a, link.b)])
                    for n in nodes if n.key not in drawn), default=0)
    assert min(degrees) >= left_out
    # Only links between drawn nodes are drawn.
    assert all(link.a in drawn and link.b in drawn for link in drawing.links)


def test_a_small_network_is_drawn_whole():
    drawing = draw(*community())

    assert not drawing.capped
    assert len(drawing.nodes) == 18


def test_neighbours_are_the_drawn_nodes_a_node_is_linked_to():
    nodes = [Node(ACTOR, 1, "Helsestasjonen", "public"), Node(ACTOR, 2, "Idrettslaget",
                                                               "voluntary"),
             Node(SETTING, 1, "Skolen", "school"), Node(SETTING, 2, "Idrettsbanen",
                                                        "sports_club")]
    links = [Link("a1", "s1"), Link("a1", "s2"), Link("a2", "s2"), Link("s1", "s2"),
             Link("a1", "s1"), Link("s9", "a1")]  # a repeat, and a link to a node not given

    drawing = draw(nodes, links)

    by_key = {p.node.key: p for p in drawing.nodes}
    assert set(by_key["a1"].neighbours) == {"s1", "s2"}
    assert set(by_key["s2"].neighbours) == {"a1", "a2", "s1"}
    assert by_key["a1"].degree == 2
    assert drawing.total_links == 4
    assert [link.between_settings for link in drawing.links].count(True) == 1
    # Tab order: the best connected first.
    assert drawing.nodes[0].node.key == "s2"


def test_sectors_have_shapes_and_settings_a_hexagon():
    assert Node(ACTOR, 1, "x", "private").shape == "triangle"
    assert Node(ACTOR, 1, "x", "voluntary").shape == "square"
    assert Node(ACTOR, 1, "x", "unknown_sector").shape == "circle"
    assert Node(SETTING, 1, "x", "school").shape == "hexagon"
    assert len({shape_path(shape, 10, 10, 5) for shape in
                [*map_layout.SECTOR_SHAPES.values(), "hexagon"]}) == 6
    assert shape_path("hexagon", 10, 10, 5).count("L") == 5


def test_an_empty_or_single_node_network_is_drawn():
    assert draw([], []).nodes == ()
    single = draw([Node(SETTING, 1, "Biblioteket", "library")], [])
    assert len(single.nodes) == 1
    assert 0 < single.nodes[0].x < single.width and 0 < single.nodes[0].y < single.height


def test_the_main_part_fills_the_drawing_and_islands_line_the_bottom():
    nodes, links = community(actors=30, settings=8)
    links += [Link(f"a{i}", "s1") for i in range(1, 31)]  # one connected main part
    nodes += [Node(ACTOR, 100 + i, f"Ensom {i}", "civil") for i in range(5)]

    drawing = draw(nodes, links)

    by_key = {p.node.key: p for p in drawing.nodes}
    alone = [by_key[f"a{100 + i}"] for i in range(5)]
    linked = [p for p in drawing.nodes if p.neighbours]
    assert min(p.y for p in alone) > max(p.y for p in linked)
    assert max(p.x for p in linked) - min(p.x for p in linked) > drawing.width / 2


def test_names_are_written_only_where_they_fit_without_overlapping():
    drawing = draw(*community(actors=60, settings=20))

    boxes = [(p.label_x, p.label_y - 10, p.label_x + map_layout.CHAR_WIDTH * len(p.short_label),
              p.label_y + 6) for p in drawing.nodes if p.labelled]
    assert 0 < len(boxes) <= map_layout.MAX_LABELS
    for i, (l1, t1, r1, b1) in enumerate(boxes):
        assert r1 <= drawing.width
        for l2, t2, r2, b2 in boxes[i + 1:]:
            assert not (l1 < r2 and r1 > l2 and t1 < b2 and b1 > t2)


def test_a_long_name_is_cut_next_to_the_node_but_kept_whole_in_its_name():
    node = Node(ACTOR, 1, "Foreningen for de aller lengste navnene i kommunen", "voluntary")

    [placed] = draw([node], []).nodes

    assert placed.short_label.endswith("…") and len(placed.short_label) == map_layout.LABEL_CHARS
    assert placed.node.label == node.label
