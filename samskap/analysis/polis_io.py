"""Read vote and statement CSV files for the opinion map: Pol.is exports and Samskap's. Pure.

Two layouts are recognised by their header (column order does not matter, extra columns are
ignored):

**Pol.is layout**, written by Pol.is' conversation export and by Samskap's conversation
export (``samskap/conversations/transfer.py`` uses the same columns on purpose):

- ``votes.csv``: ``timestamp`` (ms since 1970, optional), ``datetime``, ``comment-id``,
  ``voter-id``, ``vote``;
- ``comments.csv``: ``timestamp``, ``datetime``, ``comment-id``, ``author-id``, ``agrees``,
  ``disagrees``, ``moderated`` (1 accepted, 0 not yet moderated, −1 moderated out),
  ``comment-body``.

**Plain layout**, for data from elsewhere:

- votes: ``participant``, ``statement``, ``vote``, optional ``voted_at`` (ISO 8601) or
  ``timestamp``;
- statements: ``statement``, ``text``, optional ``moderated`` (−1 = moderated out, as above).

In both, ``vote`` is **agree = 1, disagree = −1, pass = 0**. Pol.is computes internally with
the opposite sign, but its ``votes.csv`` export writes agree = 1: every comment's ``agrees``
and ``disagrees`` in ``comments.csv`` equal the +1 and −1 counts in ``votes.csv`` (checked on
both exports in ``../shared/data/polis/``, see the tests), so the file is read as it is.

Votes are put in time order when there is a time column (ties keep file order); the last vote
on a (participant, statement) pair wins. Ids that are all whole numbers become ints, else they
stay strings. Errors raise :class:`CsvError` naming the file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from samskap.analysis.opinion_map import VoteArrays

POLIS_VOTES = ("voter-id", "comment-id", "vote")
PLAIN_VOTES = ("participant", "statement", "vote")
POLIS_COMMENTS = ("comment-id",)
PLAIN_COMMENTS = ("statement",)


class CsvError(ValueError):
    """A file that cannot be read: says which file, line and column."""


@dataclass
class Votes:
    """Votes read from a file, in time order, ready for ``opinion_map.compute``."""

    arrays: VoteArrays
    layout: str  # "polis" or "plain"

    def __len__(self) -> int:
        return len(self.arrays.values)


@dataclass
class Statements:
    """Statements read from a comments file: their text and which are moderated out."""

    text: dict[object, str] = field(default_factory=dict)
    moderated_out: set[object] = field(default_factory=set)
    layout: str = "polis"


def _rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    try:
        handle = io.StringIO(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise CsvError(f"{path}: cannot read the file ({error})") from error
    reader = csv.DictReader(handle)
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header

    def numbered() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as error:
            raise CsvError(f"{path}, line {reader.line_num}: {error}") from error

    return header, numbered()


def _layout(path: Path, header: Sequence[str], polis: Sequence[str], plain: Sequence[str]) -> str:
    if all(name in header for name in polis):
        return "polis"
    if all(name in header for name in plain):
        return "plain"
    raise CsvError(f"{path}, line 1: expected the columns {', '.join(polis)} (Pol.is layout) "
                   f"or {', '.join(plain)} (plain layout); found {', '.join(header) or 'none'}")


def _ids(values: list[str]) -> list[object]:
    """Whole numbers become ints when every id is one (as Pol.is' ids are), else strings."""
    try:
        numbers = [int(v) for v in values]
    except ValueError:
        return list(values)
    if all(str(number) == value for number, value in zip(numbers, values, strict=True)):
        return list(numbers)
    return list(values)


def _when(path: Path, line: int, column: str, text: str) -> float:
    try:
        return float(int(text)) if column == "timestamp" else dt.datetime.fromisoformat(
            text).timestamp()
    except ValueError:
        raise CsvError(f"{path}, line {line}, column {column}: {text!r} is not a "
                       f"{'timestamp in ms' if column == 'timestamp' else 'ISO 8601 time'}"
                       ) from None


def read_votes(path: str | Path) -> Votes:
    """Votes from a Pol.is-layout or plain-layout CSV file (see the module docstring)."""
    path = Path(path)
    header, rows = _rows(path)
    layout = _layout(path, header, POLIS_VOTES, PLAIN_VOTES)
    who, what = ("voter-id", "comment-id") if layout == "polis" else ("participant", "statement")
    clock = next((c for c in ("timestamp", "voted_at") if c in header), None)
    if layout == "polis" and clock == "voted_at":
        clock = None
    participants: list[str] = []
    statements: list[str] = []
    values: list[int] = []
    times: list[float] = []
    for line, row in rows:
        for column in (who, what, "vote"):
            if not (row.get(column) or "").strip():
                raise CsvError(f"{path}, line {line}, column {column}: empty")
        text = row["vote"].strip()
        if text not in {"1", "-1", "0", "+1"}:
            raise CsvError(f"{path}, line {line}, column vote: {text!r} must be 1 (agree), "
                           f"-1 (disagree) or 0 (pass)")
        participants.append(row[who].strip())
        statements.append(row[what].strip())
        values.append(int(text))
        if clock:
            stamp = (row.get(clock) or "").strip()
            if not stamp:
                raise CsvError(f"{path}, line {line}, column {clock}: empty")
            times.append(_when(path, line, clock, stamp))
    order = np.argsort(np.asarray(times), kind="stable") if clock else np.arange(len(values))
    pids, sids = _ids(participants), _ids(statements)
    arrays = VoteArrays(participants=_array(pids)[order], statements=_array(sids)[order],
                        values=np.asarray(values, dtype=np.int8)[order])
    return Votes(arrays=arrays, layout=layout)


def _array(ids: list[object]) -> np.ndarray:
    if ids and isinstance(ids[0], int):
        return np.asarray(ids, dtype=np.int64)
    result = np.empty(len(ids), dtype=object)
    result[:] = ids
    return result


def read_statements(path: str | Path) -> Statements:
    """Statement texts and moderation from a Pol.is ``comments.csv`` or a plain file."""
    path = Path(path)
    header, rows = _rows(path)
    layout = _layout(path, header, POLIS_COMMENTS, PLAIN_COMMENTS)
    key, body = ("comment-id", "comment-body") if layout == "polis" else ("statement", "text")
    raw: list[tuple[int, str, str, str]] = []
    for line, row in rows:
        sid = (row.get(key) or "").strip()
        if not sid:
            raise CsvError(f"{path}, line {line}, column {key}: empty")
        moderated = (row.get("moderated") or "").strip()
        if moderated not in {"", "1", "0", "-1"}:
            raise CsvError(f"{path}, line {line}, column moderated: {moderated!r} must be 1, 0 "
                           f"or -1")
        raw.append((line, sid, (row.get(body) or "").strip(), moderated))
    ids = _ids([sid for _line, sid, _text, _mod in raw])
    result = Statements(layout=layout)
    for ident, entry in zip(ids, raw, strict=True):
        result.text[ident] = entry[2]
        if entry[3] == "-1":
            result.moderated_out.add(ident)
    return result


def read_polis_groups(path: str | Path) -> dict[object, int | None]:
    """Pol.is' own group per participant from its ``participants-votes.csv`` (None: none)."""
    path = Path(path)
    header, rows = _rows(path)
    if "participant" not in header or "group-id" not in header:
        raise CsvError(f"{path}, line 1: expected the columns participant and group-id")
    pairs = [(row["participant"].strip(), row["group-id"].strip()) for _line, row in rows]
    ids = _ids([p for p, _g in pairs])
    return {pid: (int(g) if g else None) for pid, (_p, g) in zip(ids, pairs, strict=True)}
