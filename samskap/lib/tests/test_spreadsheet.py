import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from samskap.lib.spreadsheet import csv_for_excel, safe_cell


def test_it_defuses_text_that_would_become_a_formula():
    assert safe_cell("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+47 123") == "'+47 123"


def test_it_leaves_ordinary_text_and_numbers_alone():
    assert safe_cell("Sjøsida") == "Sjøsida"
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None


def test_the_file_starts_with_a_byte_order_mark_and_reads_back():
    data = csv_for_excel(["a", "b"], [["æøå", "=1+1"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["a", "b"], ["æøå", "'=1+1"]]


@given(st.text())
def test_no_cell_ever_starts_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
