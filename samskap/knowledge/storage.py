"""Writing observations: cells packed into one block per indicator and place.

Observations are *read* through the ``knowledge_observation`` view (the
:class:`~samskap.knowledge.models.Observation` model), one row per cell. They are *stored* as
:class:`~samskap.knowledge.models.ObservationBlock` rows: all cells of one indicator for one
place, as arrays in the order of a shared :class:`~samskap.knowledge.models.ObservationLayout`
(which period, stratum and measure each position is). An import of every municipality's
series writes about one row per indicator and place instead of one per cell
(``benchmarks/import_fhi.py``).

Two ways in:

- :func:`write_table` / :func:`write_packed` — the importers: a whole :class:`CellTable`
  (packed by :func:`pack`), whose blocks the caller has just deleted (re-importing replaces
  the series). Grouping, ordering and the layouts are numpy work on the table's codes; on
  PostgreSQL the blocks go in with one text ``COPY``.
- :func:`save_cells` / :func:`save_observations` — a few cells at a time (the demo, tests,
  ``Observation.objects.create``): merged with the cells already stored in their blocks.

The rules the table's constraints used to keep are kept here and by the layout's
constraints: one value per cell (a duplicate is an :class:`IntegrityError`), a flagged cell
has no value (an :class:`IntegrityError` when one is given; the view gives ``NULL`` for every
flagged cell whatever the block holds), and a period runs forwards.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import numpy
import pyarrow
import pyarrow.compute
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from samskap.knowledge.importers.common import format_decimal, geo_level
from samskap.knowledge.importers.table import ARROW_MEMORY, CellTable, radix
from samskap.knowledge.models import (
    LayoutCell,
    Observation,
    ObservationBlock,
    ObservationLayout,
    joined_texts,
)

#: Observation ids are the block's id × this + the cell's position (the view's formula).
ID_FACTOR = 1_000_000
_BLOCK_COLUMNS = ("indicator_id", "geo", "geo_level", "layout_id", "values", "flags",
                  "flag_names", "flag_symbols", "batch_id")
_NULL = "\\N"
#: Flag codes are the characters "1" … "Z" (chr(48 + k)): none needs escaping in COPY.
MAX_FLAG_KINDS = 42
#: Cells are placed in a places × kinds grid when it has at most this many slots per cell.
_DENSE = 4


class CellRow(NamedTuple):
    """One cell to store, as the generic writer takes it."""

    indicator_id: int
    geo: str
    geo_level: str
    period_start: int
    period_end: int
    sex: str
    age: str
    dimensions: dict[str, str]
    measure: str
    value: Decimal | float | int | str | None
    flag: str = ""
    flag_symbol: str = ""
    n_years: int | None = None
    batch_id: int | None = None


# --- the importers' way in --------------------------------------------------------------------

@dataclass
class Packed:
    """A table's cells as blocks, ready to store or to compare with the stored ones.

    Blocks in the order of ``places``; block ``i`` holds the cells ``starts[i]:ends[i]``, in
    the order of its layout ``layouts[layout_of_block[i]]`` (cells as (period_start,
    period_end, sex, age, dimensions_key, measure, n_years); ``digests`` names each layout).
    ``text`` holds every cell's decimal text followed by ``;`` (nothing before the ``;`` for
    none: flagged or empty), UTF-8, block after block: block ``i``'s are the bytes
    ``text_starts[i]:text_ends[i]``, as the database stores them. ``flags`` holds each
    cell's flag (0, or k for ``flag_pairs[k - 1]``; ``flag_text`` the same as characters
    ``chr(48 + k)``).
    """

    places: list[tuple[int, str]]
    starts: list[int]
    ends: list[int]
    layout_of_block: list[int]
    layouts: list[list[tuple[Any, ...]]]
    digests: list[str]
    text: bytes
    text_starts: list[int]
    text_ends: list[int]
    flags: numpy.ndarray
    flag_text: str
    flag_pairs: list[tuple[str, str]]
    flagged: list[bool]
    geos: list[str]

    def texts_of(self, block: int) -> list[str]:
        """The decimal texts of a block's cells ("" for none)."""
        return self.text[self.text_starts[block]:self.text_ends[block]].decode().split(";")[:-1]

    def flag_pairs_of(self, block: int) -> list[tuple[str, str]]:
        """The (flag, symbol) of each cell of a block."""
        if not self.flagged[block]:
            return [("", "")] * (self.ends[block] - self.starts[block])
        pairs = [("", ""), *self.flag_pairs]
        return [pairs[code] for code in
                self.flags[self.starts[block]:self.ends[block]].tolist()]


def pack(table: CellTable) -> Packed:
    """Group, order and check the cells of ``table`` as blocks (numpy work on its codes)."""
    _check_flags(table)
    kind_code, rank_of_code, kind_cells = _kinds(table)
    kinds = len(kind_cells)
    grid = _grid_order(table, rank_of_code, kinds)
    if grid is not None:  # every place has every kind, once: places in order
        order, block_count = grid
        starts = numpy.arange(block_count, dtype=numpy.intp) * kinds
        ends = starts + kinds
    else:
        order, starts, ends, kind_sorted = _order(table, rank_of_code[kind_code], kind_cells)
    # Each block's layout: the (canonically ordered) kinds of cell it has.
    if len(ends) * kinds == len(table):  # every block has every kind (a grid): one layout
        layout_of_block = [0] * len(ends)
        cells_of = [kind_cells]
    else:
        layout_of_block = []
        layouts: dict[bytes, int] = {}
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            layout_of_block.append(layouts.setdefault(kind_sorted[start:end].tobytes(),
                                                      len(layouts)))
        cells_of = [[kind_cells[kind] for kind in
                     numpy.frombuffer(key, dtype=kind_sorted.dtype).tolist()] for key in layouts]
    digests = [_digest(tuple(cells)) for cells in cells_of]

    # The cells' decimal texts in block order, each ended by ";": pyarrow's take lays them
    # out one after another in one buffer, its offsets giving where each block's begin.
    coded = table.value_codes()
    texts = pyarrow.array([("" if value is None else value) + ";" for value in coded.values]
                          or [";"], type=pyarrow.large_string(), memory_pool=ARROW_MEMORY)
    taken = pyarrow.compute.take(texts, pyarrow.array(coded.codes[order]),
                                 memory_pool=ARROW_MEMORY)
    offsets_buffer, data_buffer = taken.buffers()[1:3]
    offsets = numpy.frombuffer(offsets_buffer, dtype=numpy.int64)[
        taken.offset:taken.offset + len(taken) + 1]
    text = data_buffer.to_pybytes()[:int(offsets[-1])] if data_buffer is not None else b""
    text_starts = offsets[starts].tolist()
    text_ends = offsets[ends].tolist()

    flag_pairs = [pair for pair in table.flag.values if pair[0]]
    if len(flag_pairs) > MAX_FLAG_KINDS:
        raise IntegrityError(f"more than {MAX_FLAG_KINDS} kinds of flag in one import")
    flag_of_code = numpy.array([flag_pairs.index(pair) + 1 if pair[0] else 0
                                for pair in table.flag.values] or [0], dtype=numpy.int16)
    flags = flag_of_code[table.flag.codes[order]]
    first_rows = order[starts]
    block_geos = table.geo.values_at(first_rows)
    places = list(zip([int(pk) for pk in table.indicator.values_at(first_rows)], block_geos,
                      strict=True))
    # A block without any flagged cell stores no flags at all (the view reads 0).
    flagged = (numpy.add.reduceat((flags > 0).astype(numpy.int32), starts) > 0).tolist()
    flag_text = (flags + 48).astype(numpy.uint8).tobytes().decode("ascii")
    return Packed(places, starts.tolist(), ends.tolist(), layout_of_block, cells_of, digests,
                  text, text_starts, text_ends, flags, flag_text, flag_pairs, flagged,
                  block_geos if len(table.indicator.values) == 1
                  else list(dict.fromkeys(block_geos)))


@functools.lru_cache(maxsize=1024)  # (an import's files mostly share their layouts)
def _digest(cells: tuple[tuple[Any, ...], ...]) -> str:
    """The name of a layout: the hash of its cells as JSON."""
    return hashlib.sha256(json.dumps(cells, separators=(",", ":")).encode()).hexdigest()


def _order(table: CellTable, kind: numpy.ndarray, kind_cells: list[tuple[Any, ...]],
           ) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """The cells in block order (by place, then kind), where each block starts and ends,
    and each cell's kind in that order; a cell given twice is an IntegrityError."""
    block, block_count = radix([(table.indicator.codes, len(table.indicator.values)),
                                (table.geo.codes, len(table.geo.values))], len(table))
    kinds = len(kind_cells)
    dense = block_count * kinds <= max(_DENSE * len(table), 1 << 16)
    if dense:
        # Few places × kinds (a cube: nearly every place has every kind): each cell goes
        # straight to its slot in a places × kinds grid, read out in order; no sort.
        key = block.astype(numpy.int64) * kinds + kind
        counts = numpy.bincount(key, minlength=block_count * kinds)
        if counts.max(initial=0) > 1:
            _twice(table, kind_cells, kind, int(numpy.flatnonzero(counts[key] > 1)[0]))
        slot = numpy.full(block_count * kinds, -1, dtype=numpy.intp)
        slot[key] = numpy.arange(len(table), dtype=numpy.intp)
        order = slot[slot >= 0]
    else:
        order = numpy.lexsort((kind, block))
    block_sorted, kind_sorted = block[order], kind[order]
    if not dense:  # (the grid found its duplicates as it filled)
        same = (block_sorted[1:] == block_sorted[:-1]) & (kind_sorted[1:] == kind_sorted[:-1])
        if same.any():
            _twice(table, kind_cells, kind, int(order[1:][same][0]))
    counts = numpy.bincount(block_sorted, minlength=block_count)
    ends = numpy.cumsum(counts)[counts > 0]  # (a code of no block: no cell has the pair)
    return order, ends - counts[counts > 0], ends, kind_sorted


def _grid_order(table: CellTable, rank_of_code: numpy.ndarray,
                kinds: int) -> tuple[numpy.ndarray, int] | None:
    """The cells in block order, worked out from the reader's rows (``CellTable.grid``)
    when every place has a row of every kind, once: (order, how many blocks); else None."""
    if table.grid is None or len(table.indicator.values) != 1:
        return None
    row_geo, row_kind, measures = table.grid
    rows, places = len(row_geo), len(table.geo.values)
    row_kinds = len(rank_of_code) // measures
    present = numpy.flatnonzero(rank_of_code >= 0)
    code_of_rank = numpy.empty(kinds, dtype=numpy.intp)
    code_of_rank[rank_of_code[present]] = present
    kind_row, kind_measure = numpy.divmod(code_of_rank, measures)
    if rows != places * (kinds // measures) or rows * measures != len(table):
        return None
    row_at = numpy.full(places * row_kinds, -1, dtype=numpy.intp)
    row_at[row_geo * row_kinds + row_kind] = numpy.arange(rows, dtype=numpy.intp)
    cells = row_at.reshape(places, row_kinds)[:, kind_row]
    # (As many rows as slots, and every slot filled: each place has each kind once.)
    if (cells < 0).any():
        return None
    return (cells * measures + kind_measure).reshape(-1), places


def _twice(table: CellTable, kind_cells: list[tuple[Any, ...]], kind: numpy.ndarray,
           cell: int) -> None:
    raise IntegrityError(
        f"one_observation_per_cell: the cell {kind_cells[kind[cell]]} of "
        f"{table.geo.values[table.geo.codes[cell]]} appears twice")


def write_table(table: CellTable, dimensions: dict[str, dict[str, str]],
                batch_id: int | None, levels: dict[str, str] | None = None) -> int:
    """Store every cell of ``table`` in new blocks; returns the number of blocks written.

    None of the table's (indicator, place) blocks may exist: the caller deletes them first.
    ``levels`` gives a place's level where it is not the one its code's length says.
    """
    if not len(table):
        return 0
    return write_packed(pack(table), dimensions, batch_id, levels)


def write_packed(packed: Packed, dimensions: dict[str, dict[str, str]], batch_id: int | None,
                 levels: dict[str, str] | None = None,
                 layouts: dict[str, int] | None = None,
                 stream: BlockStream | None = None) -> int:
    """Store blocks as :func:`pack` gave them (see :func:`write_table`); ``layouts``
    ({digest: id}) are layouts known to be stored, in the caller's transaction: the ones
    found or stored here are added to it. On PostgreSQL the blocks go into ``stream``'s
    ``COPY`` when one is given (the caller's several files in one statement), else into a
    ``COPY`` of their own."""
    layout_ids = _layout_ids(packed, dimensions, {} if layouts is None else layouts)
    level_of = {geo: (levels or {}).get(geo) or geo_level(geo) for geo in packed.geos}
    blocks = [(indicator_id, geo, level_of[geo], layout_ids[layout])
              for (indicator_id, geo), layout in zip(packed.places, packed.layout_of_block,
                                                     strict=True)]
    names = [flag for flag, _symbol in packed.flag_pairs]
    symbols = [symbol for _flag, symbol in packed.flag_pairs]
    if connection.vendor == "postgresql":
        payload = _copy_lines(blocks, packed, names, symbols, batch_id)
        if stream is not None:
            stream.write(payload)
        else:
            with BlockStream() as own:
                own.write(payload)
    else:
        ObservationBlock.objects.bulk_create([
            ObservationBlock(indicator_id=indicator_id, geo=geo, geo_level=level_code,
                             layout_id=layout_id,
                             values=[text or None for text in packed.texts_of(index)],
                             flags=packed.flag_text[start:end] if any_flag else "",
                             flag_names=names, flag_symbols=symbols, batch_id=batch_id)
            for index, ((indicator_id, geo, level_code, layout_id), start, end, any_flag)
            in enumerate(zip(blocks, packed.starts, packed.ends, packed.flagged, strict=True))])
    return len(blocks)


def _check_flags(table: CellTable) -> None:
    flagged = numpy.array([bool(flag) for flag, _symbol in table.flag.values] or [False],
                          dtype=bool)[table.flag.codes]
    coded = table.value_codes()
    values = coded.values
    if values and values[0] is None and values.count(None) == 1:  # (the readers' way)
        has_value = coded.codes != 0
    else:
        has_value = numpy.array([value is not None for value in values] or [False],
                                dtype=bool)[coded.codes]
    if (flagged & has_value).any():
        raise IntegrityError("flagged_observation_has_no_value: a flagged cell has a value")


def _kinds(table: CellTable) -> tuple[numpy.ndarray, numpy.ndarray, list[tuple[Any, ...]]]:
    """Each cell's kind (period, stratum, measure, years) as a code, each code's rank in the
    canonical order of the kinds (-1 for a code no cell has), and each kind's description
    in that order."""
    parts = (table.period, table.sex, table.age, table.dimensions, table.measure, table.n_years)
    kind, size = table.kind_hint or radix([(part.codes, len(part.values)) for part in parts],
                                          len(table))
    # The first cell of each kind stands for it.
    first = numpy.full(size, len(table), dtype=numpy.intp)
    first[kind[::-1]] = numpy.arange(len(table) - 1, -1, -1, dtype=numpy.intp)
    present = first < len(table)
    cells = first[present]
    periods = table.period.values_at(cells)
    for start, end in periods:
        if end < start:
            raise IntegrityError(f"observation_period_in_order: {start}_{end}")
    described = [(start, end, *rest) for (start, end), *rest in zip(
        periods, *(part.values_at(cells) for part in parts[1:]), strict=True)]
    keys = [_sort_key(cell) for cell in described]
    ranked = sorted(range(len(described)), key=keys.__getitem__)
    rank = numpy.empty(len(described), dtype=numpy.int32)
    rank[ranked] = numpy.arange(len(described), dtype=numpy.int32)
    rank_of_code = numpy.full(size, -1, dtype=numpy.int32)
    rank_of_code[present] = rank
    return kind, rank_of_code, [described[k] for k in ranked]


def _sort_key(cell: tuple[Any, ...]) -> tuple[Any, ...]:
    start, end, sex, age, dimensions_key, measure, n_years = cell
    return (measure, dimensions_key, sex, age, start, end, -1 if n_years is None else n_years)


def _layout_ids(packed: Packed, dimensions: dict[str, dict[str, str]],
                known: dict[str, int]) -> list[int]:
    """The id of each of the packed layouts, creating the ones not stored yet (``known``:
    ones known to be stored, added to)."""
    digests = packed.digests
    if not known.keys() >= set(digests):
        known.update(_stored_layouts(packed, dimensions))
    return [known[digest] for digest in digests]


def _stored_layouts(packed: Packed, dimensions: dict[str, dict[str, str]]) -> dict[str, int]:
    digests = packed.digests
    found = dict(ObservationLayout.objects.filter(digest__in=set(digests))
                 .values_list("digest", "pk"))
    missing = {digest: cells for digest, cells in zip(digests, packed.layouts, strict=True)
               if digest not in found}
    if missing:
        created = _insert_layouts(missing)
        LayoutCell.objects.bulk_create([
            LayoutCell(layout_id=created[digest], position=position, period_start=start,
                       period_end=end, sex=sex, age=age, dimensions=dimensions[key],
                       dimensions_key=key, measure=measure, n_years=n_years)
            for digest, cells in missing.items() if digest in created
            for position, (start, end, sex, age, key, measure, n_years)
            in enumerate(cells, start=1)], batch_size=5000)
        found.update(created)
        if len(found) < len(set(digests)):
            # Another import stored the same layout meanwhile (and has committed it).
            found.update(ObservationLayout.objects.filter(digest__in=set(digests) - set(found))
                         .values_list("digest", "pk"))
    return found


def _insert_layouts(missing: dict[str, list[tuple[Any, ...]]]) -> dict[str, int]:
    """Insert layouts, skipping any another transaction stores at the same time (it waits
    for that one to end): {digest: id} of the ones inserted here."""
    table = connection.ops.quote_name(ObservationLayout._meta.db_table)
    now = timezone.now()
    rows = [(digest, len(cells), now) for digest, cells in missing.items()]
    sql = (f"INSERT INTO {table} (digest, size, created_at) VALUES "  # noqa: S608 - names
           f"{', '.join(['(%s, %s, %s)'] * len(rows))} "
           f"ON CONFLICT (digest) DO NOTHING RETURNING digest, id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        return dict(cursor.fetchall())


def _copy_lines(blocks: Sequence[tuple[int, str, str, int]], packed: Packed,
                names: list[str], symbols: list[str], batch_id: int | None) -> bytes:
    """The blocks as ``COPY`` text: a line per block, the values as they were read."""
    tail = (f"\t{_escape(joined_texts(names))}\t{_escape(joined_texts(symbols))}\t"
            f"{_NULL if batch_id is None else batch_id}\n").encode()
    pieces = []
    escaped: dict[str, str] = {}
    text, flags = packed.text, packed.flag_text
    for (indicator_id, geo, level, layout_id), start, end, text_start, text_end, any_flag in zip(
            blocks, packed.starts, packed.ends, packed.text_starts, packed.text_ends,
            packed.flagged, strict=True):
        place = escaped.get(geo) or escaped.setdefault(geo, _escape(geo))
        pieces.append(f"{indicator_id}\t{place}\t{level}\t{layout_id}\t".encode())
        # The decimal texts need no escaping: digits, sign, point, exponent and ";".
        pieces.append(text[text_start:text_end])
        pieces.append(b"\t" + flags[start:end].encode() + tail if any_flag else b"\t" + tail)
    return b"".join(pieces)


class BlockStream:
    """One ``COPY`` of blocks into the database (PostgreSQL), kept open across writes.

    An import of several files writes each file's blocks into the same ``COPY`` while the
    next file is being read: the database stores one file's blocks as the importer goes
    on, instead of the importer waiting for it at the end of each file
    (``benchmarks/import_fhi.py``). Any other query on the connection, from anywhere, first
    ends the ``COPY`` (a Django execute wrapper; the next write opens a new one), so
    queries and blocks reach the database in the order they were made. Leaving the
    ``with`` block ends it; with an exception, the ``COPY`` is abandoned (the database
    throws away what it was sent).
    """

    def __init__(self) -> None:
        self._cursor: Any = None
        self._opened: Any = None
        self._copy: Any = None
        self._wrapper: Any = None

    def __enter__(self) -> BlockStream:
        self._wrapper = connection.execute_wrapper(self._before_query)
        self._wrapper.__enter__()
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        try:
            self._end(error)
        finally:
            self._wrapper.__exit__(kind, error, trace)

    def write(self, payload: bytes) -> None:
        """Send lines of ``COPY`` text (whole lines) into the open ``COPY``, opening one."""
        if self._copy is None:
            # Another stream's COPY on the connection (one stream inside another) ends first.
            for wrapper in connection.execute_wrappers:
                other = getattr(wrapper, "__self__", None)
                if isinstance(other, BlockStream) and other is not self:
                    other.end()
            quote = connection.ops.quote_name
            sql = (f"COPY {quote(ObservationBlock._meta.db_table)} "
                   f"({', '.join(quote(column) for column in _BLOCK_COLUMNS)}) FROM STDIN")
            cursor = connection.cursor()
            try:
                with connection.wrap_database_errors:
                    opened = cursor.copy(sql)  # (psycopg's context manager)
                    copy = opened.__enter__()
            except BaseException:
                cursor.close()
                raise
            self._cursor, self._opened, self._copy = cursor, opened, copy
        with connection.wrap_database_errors:
            self._copy.write(payload)

    def end(self) -> None:
        """End the open ``COPY``, if any: the database's error about its lines, if any,
        is raised here (as Django's, as for any other query)."""
        self._end(None)

    def _end(self, error: BaseException | None) -> None:
        opened, cursor = self._opened, self._cursor
        if opened is None:
            return
        self._opened = self._copy = self._cursor = None
        try:
            with connection.wrap_database_errors:
                opened.__exit__(None if error is None else type(error), error, None)
        finally:
            cursor.close()

    def _before_query(self, execute: Any, sql: Any, params: Any, many: bool,
                      context: Any) -> Any:
        self.end()
        return execute(sql, params, many, context)


def _escape(text: str) -> str:
    """A value in PostgreSQL's COPY text format."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


# --- a few cells at a time ---------------------------------------------------------------------

@transaction.atomic
def save_cells(rows: Iterable[CellRow], *, keep_existing: bool = False) -> None:
    """Store cells, merged with those already in their blocks.

    A cell that is already stored is an :class:`IntegrityError`, or, with ``keep_existing``,
    left as stored (the demo adds made-up figures only where nothing real is stored).
    A merged block keeps the newest import it was given.
    """
    rows = list(rows)
    if not rows:
        return
    for row in rows:
        if row.flag and row.value is not None:
            raise IntegrityError("flagged_observation_has_no_value: a flagged cell has a value")
        if row.period_end < row.period_start:
            raise IntegrityError(f"observation_period_in_order: {row.period_start}_"
                                 f"{row.period_end}")
    places = {(row.indicator_id, row.geo) for row in rows}
    stored = list(_stored_rows(places))
    merged: dict[tuple[Any, ...], CellRow] = {_key(row): row for row in stored}
    stored_keys = set(merged)
    for row in rows:
        key = _key(row)
        if key in merged:
            if keep_existing and key in stored_keys:
                continue
            raise IntegrityError(f"one_observation_per_cell: {key} is stored already")
        merged[key] = row
    batch_of: dict[tuple[int, str], int | None] = {}
    for row in (*stored, *rows):  # the newest batch given wins
        if row.batch_id is not None or (row.indicator_id, row.geo) not in batch_of:
            batch_of[(row.indicator_id, row.geo)] = row.batch_id
    ObservationBlock.objects.filter(pk__in=[
        pk for pk, indicator_id, geo in _places_filter(ObservationBlock.objects, places)
        .values_list("pk", "indicator_id", "geo") if (indicator_id, geo) in places]).delete()
    by_batch: dict[int | None, list[CellRow]] = defaultdict(list)
    for row in merged.values():
        by_batch[batch_of[(row.indicator_id, row.geo)]].append(row)
    for batch_id, cells in by_batch.items():
        dimensions: dict[str, dict[str, str]] = {"": {}}
        table_cells = {}
        for row in cells:
            dimensions_key = Observation.key_for(row.dimensions)
            dimensions.setdefault(dimensions_key, dict(sorted(row.dimensions.items())))
            table_cells[(row.indicator_id, row.geo, row.period_start, row.period_end,
                         row.sex, row.age, dimensions_key, row.measure)] = (
                _decimal_text(row.value), row.flag, row.flag_symbol, row.n_years, 0)
        levels = {row.geo: row.geo_level for row in cells}
        write_table(CellTable.from_cells(table_cells), dimensions, batch_id, levels)


def save_observations(observations: Sequence[Observation], *,
                      keep_existing: bool = False) -> list[Observation]:
    """Store unsaved :class:`Observation` objects; returns them as stored (with their ids)."""
    rows = [CellRow(observation.indicator_id, observation.geo,
                    observation.geo_level or geo_level(observation.geo),
                    observation.period_start, observation.period_end, observation.sex,
                    observation.age, observation.dimensions or {}, observation.measure,
                    observation.value, observation.flag, observation.flag_symbol,
                    observation.n_years, observation.batch_id)
            for observation in observations]
    save_cells(rows, keep_existing=keep_existing)
    places = {(row.indicator_id, row.geo) for row in rows}
    found = {_key(_row_of(observation)): observation
             for observation in _places_filter(Observation.objects, places)
             if (observation.indicator_id, observation.geo) in places}
    return [found[_key(row)] for row in rows]


@transaction.atomic
def delete_observations(queryset: Any) -> int:
    """Delete the cells a queryset of observations selects; returns how many."""
    ids = list(queryset.order_by().values_list("pk", flat=True))
    if not ids:
        return 0
    doomed: dict[int, set[int]] = defaultdict(set)
    for pk in ids:
        doomed[pk // ID_FACTOR].add(pk)
    sizes = dict(ObservationBlock.objects.filter(pk__in=doomed).values_list(
        "pk", "layout__size"))
    partial = [pk for pk, gone in doomed.items() if len(gone) < sizes[pk]]
    keep = []
    for pk in partial:
        keep += [row for row in Observation.objects.filter(
            pk__gte=pk * ID_FACTOR, pk__lt=(pk + 1) * ID_FACTOR) if row.pk not in doomed[pk]]
    ObservationBlock.objects.filter(pk__in=doomed).delete()
    if keep:
        save_cells([_row_of(row) for row in keep])
    return len(ids)


@transaction.atomic
def update_observations(queryset: Any, changes: dict[str, Any]) -> int:
    """Change fields of the cells a queryset selects (their blocks are written anew)."""
    rows = [_row_of(row)._replace(**changes) for row in queryset]
    delete_observations(queryset.model.objects.filter(pk__in=[row.pk for row in queryset]))
    save_cells(rows)
    return len(rows)


def _stored_rows(places: set[tuple[int, str]]) -> Iterable[CellRow]:
    return (_row_of(row) for row in _places_filter(Observation.objects, places)
            if (row.indicator_id, row.geo) in places)


def _places_filter(manager: Any, places: set[tuple[int, str]]) -> Any:
    """Rows of the places' indicators and codes (a superset: check the pairs after)."""
    return manager.filter(indicator_id__in={indicator_id for indicator_id, _geo in places},
                          geo__in={geo for _indicator_id, geo in places})


def _row_of(observation: Observation) -> CellRow:
    return CellRow(observation.indicator_id, observation.geo, observation.geo_level,
                   observation.period_start, observation.period_end, observation.sex,
                   observation.age, observation.dimensions or {}, observation.measure,
                   observation.value, observation.flag, observation.flag_symbol,
                   observation.n_years, observation.batch_id)


def _key(row: CellRow) -> tuple[Any, ...]:
    return (row.indicator_id, row.geo, row.period_start, row.period_end, row.sex, row.age,
            Observation.key_for(row.dimensions), row.measure)


def _decimal_text(value: Decimal | float | int | str | None) -> str | None:
    if value is None:
        return None
    return format_decimal(value if isinstance(value, Decimal) else Decimal(str(value)))
