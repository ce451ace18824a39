"""The pages of the community map's tables: which page is shown, and the links between them."""

from __future__ import annotations

from django.http import QueryDict

from samskap.actors.map_pages import TablePage, href_maker, page_number

PATH = "/k/9999/actors/map/"


def page(query: str, total: int, per_page: int = 10) -> TablePage:
    return TablePage.of(PATH, QueryDict(query), "actors_page", total, per_page=per_page)


def test_a_page_beyond_the_last_is_the_last_and_nonsense_is_the_first():
    assert page_number("3", 5) == 3
    assert page_number("99", 5) == 5
    assert page_number("0", 5) == page_number("-2", 5) == 1
    assert page_number("two", 5) == page_number("", 5) == page_number(None, 5) == 1
    assert page_number("4", 0) == 1  # an empty table still has its one page


def test_a_page_knows_its_rows_and_its_neighbours():
    third = page("actors_page=3", total=25)

    assert (third.number, third.count, third.start, third.stop) == (3, 3, 20, 25)
    assert third.rows(list(range(25))) == [20, 21, 22, 23, 24]
    assert third.previous == 2 and third.next is None
    assert not page("", total=10).has_other_pages


def test_page_addresses_keep_the_filters_and_name_no_first_page():
    second = page("district=4&order=links&settings_page=2&actors_page=2", total=50)

    assert second.url(1) == f"{PATH}?district=4&order=links&settings_page=2"
    assert second.url(5) == f"{PATH}?district=4&order=links&settings_page=2&actors_page=5"
    assert page("", total=50).url(1) == PATH


def test_the_navigation_links_the_first_the_last_and_the_pages_around_with_gaps():
    links = page("actors_page=10", total=200).links()

    numbers = [link[0] if link else None for link in links]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link[0] for link in page("", total=30).links() if link] == [1, 2, 3]


def test_a_row_is_found_on_its_page_and_by_its_anchor_alone_when_there_is_one():
    pks = [7, 3, 9, 1]
    paged = href_maker("actor", page("actors_page=2", total=4, per_page=2), pks)
    single = href_maker("actor", page("", total=4, per_page=10), pks)

    assert paged(3) == f"{PATH}#actor-3"
    assert paged(1) == f"{PATH}?actors_page=2#actor-1"
    assert single(1) == "#actor-1"
