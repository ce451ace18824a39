"""The fast (column by column) cube reader gives what the row-wise reader gives: the same
cells, counts, warnings and decimal mark, or the same error naming file, line and column."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
            parsed.delimiter, parsed.dimensions)


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
