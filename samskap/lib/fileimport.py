"""What every all-or-nothing file import raises: where in the file, and what is wrong."""

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
