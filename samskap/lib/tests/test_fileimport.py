"""Decoding an uploaded file and finding its separator, for every all-or-nothing import."""

from __future__ import annotations

import pytest

from samskap.lib.fileimport import ImportFailed, decode, sniff_delimiter


def test_utf8_with_a_byte_order_mark_loses_the_mark():
    assert decode("a.csv", "\ufeffnavn;type\nSjøsida".encode()) == ("navn;type\nSjøsida",
                                                                       "utf-8-sig")


def test_a_windows_1252_file_from_old_excel_is_read():
    assert decode("a.csv", "navn\nSjøsida".encode("cp1252")) == ("navn\nSjøsida", "cp1252")


def test_a_byte_neither_encoding_has_is_named_with_its_line_and_position():
    with pytest.raises(ImportFailed) as error:
        decode("a.csv", b"name\nab\x81c")
    assert (error.value.line, error.value.column) == (2, "character 3")
    assert "0x81" in str(error.value)


@pytest.mark.parametrize(("header", "expected"), [
    ("name;kind;sector", ";"), ("name,kind", ","), ("name\tkind", "\t"),
    ("name;description, with a comma;kind", ";"),
])
def test_the_separator_is_the_one_the_header_uses_most(header, expected):
    assert sniff_delimiter("a.csv", header) == expected


def test_a_header_without_a_separator_fails_on_line_one():
    with pytest.raises(ImportFailed) as error:
        sniff_delimiter("a.csv", "name")
    assert error.value.line == 1
