"""The fast (column by column) cube reader gives what the row-wise reader gives: the same
cells, counts, warnings and decimal mark, or the same error naming file, line and column."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import numpy
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samskap.knowledge import storage
from samskap.knowledge.importers import fast_cube, fhi_cube
from samskap.knowledge.importers.common import ImportFailed, Parsed, Scope
from samskap.knowledge.importers.synthetic import write_fhi_cube

INDICATOR: Any = SimpleNamespace(pk=7, code="synthetic")
OSLO: Any = SimpleNamespace(number="0301")

GEOS = ["0", "3", "03", "301", "0301", "30101", "030101", "9999", " 301", "K-3103", "12345678",
        "abc", ""]
PERIODS = ["2022_2024", "2024", "2023_2025", " 2024", "2024_2022", "20x"]
SEXES = ["0", "1", "2", " 1", "3", ""]
AGES = ["0_120", "45_120", "999_999", "", " 0_120", "888_888", "x"]
EDUCATION = ["0", "1", "2", "9", "x=y", ""]
VALUES = ["12.5", "7", "0", "-3.25", "12,5", "", " 4.5", ":", "..", ".", "-", "NA", "abc",
          "1.1234567", "007", "1e3"]
YEARS = ["3", "1", "3.0", "3,0", "", "3.5", "x"]
FLAGS = ["0", "1", "2", "3", "4", "", " 0", "5"]


def outcome(parse: Any, text: str, scope: Scope) -> Any:
    """What a reader makes of ``text``: its error, or everything the import goes on to use."""
    try:
        parsed: Parsed = parse(text, scope)
    except ImportFailed as error:
        return ("error", str(error), error.line, error.column)
    return ("parsed", list(parsed.all_cells().items()), parsed.rows, parsed.rejected,
            parsed.empty, parsed.warnings, parsed.warning_count, parsed.decimal,
            parsed.delimiter, parsed.dimensions, parsed.cell_facts())


def row_wise(text: str, scope: Scope) -> Parsed:
    return fhi_cube.parse_rows("cube.csv", text, fhi_cube.layout_of("cube.csv", text),
                               INDICATOR, scope)


def as_imported(text: str, scope: Scope) -> Parsed:
    return fhi_cube.parse("cube.csv", text, INDICATOR, scope)


@st.composite
def cube_files(draw: Any) -> str:
    delimiter = draw(st.sampled_from([";", "\t", ","]))
    measures = draw(st.lists(st.sampled_from(["RATE", "MEIS", "TELLER", "sumNEVNER"]),
                             min_size=1, max_size=3, unique=True))
    optional = [name for name in ("KJONN", "ALDER", "UTDANN", "RATE.n", "SPVFLAGG")
                if draw(st.booleans())]
    header = ["GEO", "AAR", *optional, *measures]
    choices = {"GEO": GEOS, "AAR": PERIODS, "KJONN": SEXES, "ALDER": AGES,
               "UTDANN": EDUCATION, "RATE.n": YEARS, "SPVFLAGG": FLAGS}
    # Mostly good codes, so that most files get through; now and then any of the list.
    good = {"GEO": GEOS[:10], "AAR": PERIODS[:3], "KJONN": SEXES[:3], "ALDER": AGES[:3],
            "UTDANN": EDUCATION[:4], "RATE.n": YEARS[:2], "SPVFLAGG": FLAGS[:5]}
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        row = []
        for name in header:
            if name in choices:
                pool = choices[name] if draw(st.integers(0, 9)) == 0 else good[name]
            else:
                pool = VALUES if draw(st.integers(0, 4)) == 0 else VALUES[:4]
            row.append(draw(st.sampled_from(pool)))
        if draw(st.integers(0, 30)) == 0:
            row = row[:-1]  # a short row
        rows.append(delimiter.join(row))
    newline = "\r\n" if draw(st.integers(0, 15)) == 0 else "\n"
    ending = draw(st.sampled_from([newline, "", newline + newline]))
    return newline.join([delimiter.join(header), *rows]) + ending


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=cube_files(), municipal=st.booleans())
@example(text="GEO;AAR;KJONN;MEIS;SPVFLAGG\n301;2024;0;1.5;0\n0301;2024;0;2;0\n", municipal=False)
@example(text="GEO;AAR;MEIS;RATE\n301;2024;1.5;2,5\n", municipal=False)
@example(text="GEO;AAR;MEIS;SPVFLAGG\n301;2024;4.5;3\n9999;2024;:;0\n", municipal=True)
def test_the_fast_reader_gives_what_the_row_wise_reader_gives(text, municipal):
    scope = Scope(OSLO if municipal else None)

    assert outcome(as_imported, text, scope) == outcome(row_wise, text, scope)


def test_a_clean_generated_file_is_read_column_by_column_with_the_same_cells(tmp_path):
    path = tmp_path / "cube.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_fhi_cube(out, numbers=["0301", "1103", "4601", "5001"], seed=3, periods=6)
    text = path.read_text(encoding="utf-8")
    layout = fhi_cube.layout_of("cube.csv", text)

    fast = fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope())

    assert fast is not None and fast.table is not None and not fast.cells
    assert outcome(lambda text, scope: fast, text, Scope()) == outcome(row_wise, text, Scope())
    assert fast.rows == 4 * 6 * 3


def test_an_error_found_by_the_fast_reader_is_named_by_the_row_wise_one():
    text = "GEO;AAR;KJONN;MEIS;SPVFLAGG\n301;2024;0;1.5;0\n301;2023;0;abc;0\n"
    layout = fhi_cube.layout_of("cube.csv", text)

    assert fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope()) is None
    assert outcome(as_imported, text, Scope()) == (
        "error", "cube.csv, line 3, column MEIS: not a number: 'abc'", 3, "MEIS")


# pyarrow reads the columns: what it would take quietly (a blank line as a row of empty
# fields, a lone carriage return as a line end) or refuse (a row of another width, a row
# longer than a block) goes to the row-wise reader, which names the line.
@pytest.mark.parametrize(("text", "expected"), [
    ("GEO;AAR;MEIS\n301;2024;1.5\n301;2023\n",
     ("error", "cube.csv, line 3: expected 3 fields separated by ';', found 2 (wrong "
      "separator or a stray quote?)", 3, "")),
    ("GEO;AAR;MEIS\n301;2024;1.5\n301;2023;2;4\n",
     ("error", "cube.csv, line 3: expected 3 fields separated by ';', found 4 (wrong "
      "separator or a stray quote?)", 3, "")),
    ("GEO;AAR;MEIS\n\n301;2024;1.5\n301;2023;abc\n",
     ("error", "cube.csv, line 4, column MEIS: not a number: 'abc'", 4, "MEIS")),
    ("GEO;AAR;MEIS\n301;2024;1.5\n\n301;2023;abc\n",
     ("error", "cube.csv, line 4, column MEIS: not a number: 'abc'", 4, "MEIS")),
    ("GEO;AAR;MEIS\n301;2024;1.5\n   \n301;2023;abc\n",
     ("error", "cube.csv, line 4, column MEIS: not a number: 'abc'", 4, "MEIS")),
    ("GEO;AAR;MEIS\n301;2024;1.5\r301;2023;abc\n", None),
])
def test_what_pyarrow_would_read_otherwise_is_read_row_by_row(text, expected):
    layout = fhi_cube.layout_of("cube.csv", text)

    assert fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope()) is None
    assert outcome(as_imported, text, Scope()) == outcome(row_wise, text, Scope())
    if expected is not None:
        assert outcome(as_imported, text, Scope()) == expected


def test_a_row_longer_than_pyarrows_block_is_read_row_by_row(monkeypatch):
    text = "GEO;AAR;MEIS;UTDANN\n301;2024;1.5;0\n301;2023;2;" + "1" * 200 + "\n"
    monkeypatch.setattr(fast_cube, "BLOCK_SIZE", 64)
    layout = fhi_cube.layout_of("cube.csv", text)

    assert fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope()) is None
    assert outcome(as_imported, text, Scope()) == outcome(row_wise, text, Scope())


def test_a_file_of_many_pyarrow_blocks_is_read_column_by_column(monkeypatch, tmp_path):
    path = tmp_path / "cube.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_fhi_cube(out, numbers=["0301", "1103", "4601", "5001"], seed=5, periods=6)
    text = path.read_text(encoding="utf-8")
    monkeypatch.setattr(fast_cube, "BLOCK_SIZE", 256)  # each block has its own dictionary
    layout = fhi_cube.layout_of("cube.csv", text)

    fast = fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope())

    assert fast is not None
    assert outcome(lambda text, scope: fast, text, Scope()) == outcome(row_wise, text, Scope())


def test_every_field_is_read_as_written_never_typed_or_null():
    # Empty fields, NA, spaces, leading zeros, a digit other than 0-9: kept as text for the
    # same checks as row by row.
    text = ("GEO;AAR;KJONN;UTDANN;MEIS;RATE;SPVFLAGG\n"
            "0301;2024;0;0;NA;007;\n"
            " 301;2023;1;1;;1.50;0\n"
            "301;2022;2;01;\u0663; 4.5 ;0\n"
            "301;2021;0;1;null;nan;3\n")
    layout = fhi_cube.layout_of("cube.csv", text)

    fast = fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope())

    assert fast is not None
    assert outcome(lambda text, scope: fast, text, Scope()) == outcome(row_wise, text, Scope())


def test_the_values_come_coded_as_well():
    text = "GEO;AAR;MEIS;RATE;SPVFLAGG\n301;2024;1.5;2;0\n301;2023;2;;0\n301;2022;1.5;:;3\n"
    layout = fhi_cube.layout_of("cube.csv", text)

    fast = fast_cube.parse("cube.csv", text, layout, INDICATOR, Scope())

    assert fast is not None and fast.table is not None
    coded = fast.table.value_coded
    assert coded is not None and coded.values[0] is None
    assert coded.array().tolist() == fast.table.values().tolist() == ["1.5", "2", "2", None, None]


def packed_fields(packed: Any) -> dict[str, Any]:
    return {name: value.tolist() if isinstance(value, numpy.ndarray) else value
            for name, value in vars(packed).items()}


def test_packing_from_the_rows_gives_the_blocks_packing_from_the_cells_gives(tmp_path):
    """A clean cube's cells are packed from its rows (CellTable.grid): the same blocks."""
    path = tmp_path / "cube.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_fhi_cube(out, numbers=["0301", "1103", "4601", "5001"], seed=5, periods=4)
    text = path.read_text(encoding="utf-8")
    fast = fast_cube.parse("cube.csv", text, fhi_cube.layout_of("cube.csv", text), INDICATOR,
                           Scope())
    assert fast is not None and fast.table is not None and fast.table.grid is not None

    _kind, rank_of_code, kind_cells = storage._kinds(fast.table)
    assert storage._grid_order(fast.table, rank_of_code, len(kind_cells)) is not None

    from_rows = storage.pack(fast.table)
    from_cells = storage.pack(dataclasses.replace(fast.table, grid=None))

    assert packed_fields(from_rows) == packed_fields(from_cells)
    assert [geo for _indicator, geo in from_rows.places] == ["0301", "1103", "4601", "5001"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=cube_files())
def test_packing_from_the_rows_matches_on_any_file(text):
    fast = fast_cube.parse("cube.csv", text, fhi_cube.layout_of("cube.csv", text), INDICATOR,
                           Scope())
    if fast is None or fast.table is None or not len(fast.table):
        return
    plain = dataclasses.replace(fast.table, grid=None)
    assert packed_fields(storage.pack(fast.table)) == packed_fields(storage.pack(plain))
