"""The pages of the community map's long tables, and the links that find a row on its page.

A large municipality has thousands of actors and settings; the tables stay complete (every
actor, setting and link is on exactly one page) but show ``PER_PAGE`` rows at a time. A link to
a row (from the drawing, the bridges, another table) goes to the page the row is on, keeping
the filters and the other table's page. A community that fits on one page has no page links,
and its rows are linked by their anchors alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.http import QueryDict

T = TypeVar("T")

#: Rows of each table on one page.
PER_PAGE = 100
#: The page links on each side of the current one (the first and the last are always there).
AROUND = 2


def page_number(raw: str | None, count: int) -> int:
    """The page asked for: a number beyond the last is the last page, anything else not a
    positive number is the first."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))


@dataclass(frozen=True)
class TablePage:
    """One page of a table: which rows it shows, and the links to the others."""

    param: str  # the query parameter, e.g. "actors_page"
    number: int
    count: int  # pages in all (at least 1)
    total: int  # rows in all
    path: str  # the page's path
    query: QueryDict = field(repr=False)  # the request's query without ``param``
    per_page: int = PER_PAGE

    @classmethod
    def of(cls, path: str, query: QueryDict, param: str, total: int,
           per_page: int | None = None) -> TablePage:
        per_page = per_page or PER_PAGE
        count = max(1, -(-total // per_page))
        rest = query.copy()
        rest.pop(param, None)
        return cls(param, page_number(query.get(param), count), count, total, path, rest,
                   per_page)

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return min(self.start + self.per_page, self.total)

    @property
    def has_other_pages(self) -> bool:
        return self.count > 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def previous_url(self) -> str | None:
        return self.url(self.previous) if self.previous else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.next) if self.next else None

    def url(self, number: int) -> str:
        """The address of page ``number``: the filters and the other table's page kept, page 1
        unnamed."""
        query = self.query.copy()
        if number > 1:
            query[self.param] = str(number)
        encoded = query.urlencode()
        return f"{self.path}?{encoded}" if encoded else self.path

    def rows(self, rows: Sequence[T]) -> Sequence[T]:
        return rows[self.start:self.stop]

    def links(self) -> list[tuple[int, str] | None]:
        """(number, address) of the pages linked from the navigation; None stands for a gap."""
        numbers = sorted({1, self.count, *range(max(1, self.number - AROUND),
                                                 min(self.count, self.number + AROUND) + 1)})
        shown: list[tuple[int, str] | None] = []
        for number in numbers:
            if shown and shown[-1] is not None and number > shown[-1][0] + 1:
                shown.append(None)
            shown.append((number, self.url(number)))
        return shown


def href_maker(kind: str, page: TablePage, pks_in_order: Sequence[int]) -> Callable[[int], str]:
    """``pk → href`` of the row ``#kind-pk`` of a table paged as ``page`` (its rows in
    ``pks_in_order``): the anchor alone when the table has one page, else the address of the
    row's page and the anchor. Always the address: htmx may swap another page of the table in,
    and the link must still find its row (the browser only scrolls when it is the address
    shown)."""
    if not page.has_other_pages:
        return lambda pk: f"#{kind}-{int(pk)}"
    page_of = {pk: i // page.per_page + 1 for i, pk in enumerate(pks_in_order)}
    urls = {number: page.url(number) for number in range(1, page.count + 1)}
    return lambda pk: f"{urls[page_of.get(pk, page.number)]}#{kind}-{int(pk)}"
