"""A contract version's content for people: dates parsed, fields labelled, and the
difference between two versions as a readable, word-level diff."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from samskap.contracts.actions import CONTENT_FIELDS
from samskap.contracts.models import CommunityContract


def label_of(name: str) -> str:
    return str(getattr(CommunityContract._meta.get_field(name), "verbose_name", name))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def readable(content: dict[str, Any]) -> dict[str, Any]:
    """A version's JSON content with real dates, for templates and exports."""
    data = dict(content)
    data["starts_on"] = _date(content.get("starts_on"))
    data["ends_on"] = _date(content.get("ends_on"))
    data["contributions"] = [{**c, "due_on": _date(c.get("due_on"))}
                             for c in content.get("contributions", [])]
    return data


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    segments: list[Segment]


@dataclass
class VersionDiff:
    fields: list[FieldChange] = field(default_factory=list)
    parties_added: list[str] = field(default_factory=list)
    parties_removed: list[str] = field(default_factory=list)
    contributions_added: list[dict[str, Any]] = field(default_factory=list)
    contributions_removed: list[dict[str, Any]] = field(default_factory=list)
    contributions_changed: list[tuple[dict[str, Any], dict[str, Any]]] = field(
        default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.parties_added or self.parties_removed
                    or self.contributions_added or self.contributions_removed
                    or self.contributions_changed)


TOKENS = re.compile(r"(\s+)")


def word_diff(old: str, new: str) -> list[Segment]:
    """``old`` → ``new`` as runs of kept, removed and added words (whitespace kept)."""
    a, b = TOKENS.split(old), TOKENS.split(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _contribution_key(c: dict[str, Any]) -> tuple[Any, ...]:
    return (c.get("party"), c.get("what"), c.get("amount"), c.get("due_on"))


def compare(old: dict[str, Any], new: dict[str, Any]) -> VersionDiff:
    """What changed from content ``old`` to content ``new``."""
    diff = VersionDiff()
    for name in CONTENT_FIELDS:
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after:
            diff.fields.append(FieldChange(label_of(name), before, after,
                                           word_diff(before, after)))
    old_parties = {p["id"]: p["name"] for p in old.get("parties", [])}
    new_parties = {p["id"]: p["name"] for p in new.get("parties", [])}
    diff.parties_added = [name for pk, name in new_parties.items() if pk not in old_parties]
    diff.parties_removed = [name for pk, name in old_parties.items() if pk not in new_parties]
    old_items = {c["id"]: c for c in readable(old)["contributions"]}
    new_items = {c["id"]: c for c in readable(new)["contributions"]}
    diff.contributions_added = [c for pk, c in new_items.items() if pk not in old_items]
    diff.contributions_removed = [c for pk, c in old_items.items() if pk not in new_items]
    diff.contributions_changed = [
        (old_items[pk], c) for pk, c in new_items.items()
        if pk in old_items and _contribution_key(old_items[pk]) != _contribution_key(c)]
    return diff
