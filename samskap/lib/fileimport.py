"""What every all-or-nothing file import shares: the error that says where in the file and what
is wrong, decoding the bytes (UTF-8 or Windows-1252) and finding a CSV file's separator."""

from __future__ import annotations


class ImportFailed(Exception):
    """A file that cannot be imported; ``line`` is 1-based, ``column`` names the column."""

    def __init__(self, path: str, line: int | None, column: str, message: str) -> None:
        where = [path]
        if line is not None:
            where.append(f"line {line}")
        if column:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


def decode(path: str, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in: UTF-8 (with or without BOM) or cp1252."""
    encodings = ["utf-8-sig"] if data.startswith(b"\xef\xbb\xbf") else ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            last = error
    line = data.count(b"\n", 0, last.start) + 1
    column = last.start - (data.rfind(b"\n", 0, last.start) + 1) + 1
    raise ImportFailed(path, line, f"character {column}",
                       f"not UTF-8 or Windows-1252 text (byte {data[last.start]:#04x})")


def sniff_delimiter(path: str, header: str) -> str:
    """The separator of a CSV file: whichever of ``;``, tab and ``,`` splits the header most."""
    counts = {delimiter: header.count(delimiter) for delimiter in (";", "\t", ",")}
    delimiter, count = max(counts.items(), key=lambda item: item[1])
    if count == 0:
        raise ImportFailed(path, 1, "", "found no separator (; , or tab) in the header line")
    return delimiter


def first_line(text: str) -> str:
    """The text up to its first line end (without copying the rest, as split would)."""
    end = text.find("\n")
    return text if end < 0 else text[:end]
