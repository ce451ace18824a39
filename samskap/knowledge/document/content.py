"""The overview document's content as a tree of plain dataclasses, built once, rendered thrice.

Everything in the tree is already in the document's language and already formatted (numbers
with the right decimal mark, dates in words), so the HTML, DOCX and PDF renderers only lay it
out. The tree holds only strings, booleans, lists and other tree nodes: it round-trips through
JSON, which is how an adopted document is frozen (``OverviewDocument.adopted_content``).
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

#: Bumped when the tree's shape changes, so a frozen tree can be read (or refused) knowingly.
VERSION = 1


@dataclasses.dataclass(frozen=True)
class ImportNote:
    """One imported file whose observations a cited indicator shows."""

    file_name: str
    date_text: str  # the import's date in words, in the document's language
    date_iso: str
    format: str


@dataclasses.dataclass(frozen=True)
class TableRow:
    period: str
    values: list[str]  # one per column; a flagged cell holds the flag's words, never 0


@dataclasses.dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str  # the chart in words: the text alternative
    svg: str  # self-contained SVG (presentation attributes only, no CSS)


@dataclasses.dataclass(frozen=True)
class IndicatorBlock:
    """A cited indicator: its chart, its table of values, where the numbers come from."""

    anchor: str
    code: str
    name: str
    definition: str
    unit: str
    direction: str  # "Higher values are better." or the like; empty when neither
    source: str
    source_table: str
    source_url: str
    licence: str
    columns: list[str]  # the places compared: municipality, county, Norway
    rows: list[TableRow]
    chart: Chart | None
    imports: list[ImportNote]
    note: str = ""  # e.g. that no data is stored for the municipality


@dataclasses.dataclass(frozen=True)
class Quote:
    """A piece of published local knowledge, quoted."""

    title: str
    text: list[str]
    story: list[str]
    where: str  # place, district or indicator it is about, in words
    response: list[str]


@dataclasses.dataclass(frozen=True)
class Gap:
    title: str
    description: list[str]
    how_to_learn: list[str]
    is_closed: bool


@dataclasses.dataclass(frozen=True)
class Part:
    """One of the four assessments the regulation asks for in each area."""

    key: str
    heading: str
    paragraphs: list[str]


@dataclasses.dataclass(frozen=True)
class Section:
    category: str
    anchor: str
    number: int
    title: str
    parts: list[Part]
    indicators: list[IndicatorBlock]
    local_knowledge: list[Quote]
    gaps: list[Gap]

    @property
    def is_empty(self) -> bool:
        return not (self.parts or self.indicators or self.local_knowledge or self.gaps)


@dataclasses.dataclass(frozen=True)
class SourceRow:
    name: str
    url: str
    licence: str
    tables: list[str]
    imports: list[ImportNote]


@dataclasses.dataclass(frozen=True)
class DocumentContent:
    version: int
    language: str
    title: str
    municipality: str
    municipality_number: str
    county: str
    cycle_term: str
    status: str
    status_text: str  # e.g. "Adopted 3 March 2026" in the document's language
    date_text: str
    created_iso: str  # document metadata: fixed by the data, never "now"
    modified_iso: str
    introduction: list[str]
    sections: list[Section]
    sources: list[SourceRow]

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentContent:
        if data.get("version") != VERSION:
            raise ValueError(f"Overview content version {data.get('version')!r} is not "
                             f"{VERSION}.")
        return _load(cls, data)


def _load(cls: Any, data: Any) -> Any:
    """Rebuild a tree node of type ``cls`` from its JSON form."""
    hints = get_type_hints(cls)
    values = {}
    for field in dataclasses.fields(cls):
        if field.name in data:
            values[field.name] = _load_value(hints[field.name], data[field.name])
    return cls(**values)


def _load_value(kind: Any, value: Any) -> Any:
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        kind = next(arg for arg in get_args(kind) if arg is not type(None))
        origin = get_origin(kind)
    if origin is list:
        (item,) = get_args(kind)
        return [_load_value(item, element) for element in value]
    if dataclasses.is_dataclass(kind):
        return _load(kind, value)
    return value


def paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs at blank lines; single line breaks stay inside."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]
