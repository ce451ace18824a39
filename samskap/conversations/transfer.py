"""Moving conversations in and out: exports (CSV for spreadsheets, JSON) and Pol.is imports.

Export format (documented in README): the CSV tables use Pol.is' own column layout, so the
files open in tools made for Pol.is exports and ``samskap opinion-map votes.csv --comments
comments.csv`` reads them as they are:

- ``comments.csv``: timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated
  (1 visible, 0 waiting, -1 hidden or rejected), comment-body;
- ``votes.csv``: timestamp, datetime, comment-id, voter-id, vote (agree = 1, disagree = -1,
  pass = 0, as in Pol.is' votes.csv);
- ``groups.csv``: voter-id, group-id (empty when not clustered), x, y;
- ``results.csv``: comment-id, group-id (empty for everyone), agrees, disagrees, passes,
  plus the group-informed consensus and the representative direction, if any.

Voter ids are pseudonyms numbered per conversation (1, 2, … in order of the first vote): they
link a person's votes within one export, never across conversations or to an account.
Statement ids are the statements' primary keys.

Pol.is import: its ``comments.csv`` and ``votes.csv`` (``vote`` is +1 for agree in that file –
checked against the ``agrees`` column of comments.csv – even though Pol.is computes internally
with agree = −1). All or nothing; errors name the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from samskap.audit import log
from samskap.conversations.mapping import stored_map
from samskap.conversations.models import (
    IMPORTED_MAX_LENGTH,
    Conversation,
    ModerationMode,
    Participant,
    Statement,
    StatementState,
    Vote,
)
from samskap.conversations.text import fingerprint, tidy
from samskap.lib.fileimport import ImportFailed
from samskap.lib.spreadsheet import csv_for_excel

COMMENT_COLUMNS = ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
                   "moderated", "comment-body"]
VOTE_COLUMNS = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
GROUP_COLUMNS = ["voter-id", "group-id", "x", "y"]
RESULT_COLUMNS = ["comment-id", "group-id", "agrees", "disagrees", "passes",
                  "group-informed-consensus", "representative"]
TABLES = ("comments", "votes", "groups", "results")
MODERATED = {StatementState.VISIBLE: 1, StatementState.PENDING: 0,
             StatementState.HIDDEN: -1, StatementState.REJECTED: -1}


def _stamp(moment: dt.datetime) -> tuple[int, str]:
    return int(moment.timestamp() * 1000), moment.isoformat()


def pseudonyms(conversation: Conversation) -> dict[int, int]:
    """Participant pk → 1, 2, … in order of their first vote in this conversation."""
    order: dict[int, int] = {}
    rows = (Vote.objects.filter(statement__conversation=conversation)
            .order_by("created_at", "pk").values_list("participant_id", flat=True))
    for pid in rows.iterator(chunk_size=5000):
        order.setdefault(pid, len(order) + 1)
    for pid in (Statement.objects.filter(conversation=conversation, author__isnull=False)
                .order_by("pk").values_list("author_id", flat=True)):
        order.setdefault(pid, len(order) + 1)
    return order


def comment_rows(conversation: Conversation, names: dict[int, int]) -> Iterator[list[Any]]:
    for s in conversation.statements.with_counts().order_by("pk"):
        yield [*_stamp(s.created_at), s.pk, names.get(s.author_id, "") if s.author_id else "",
               s.agree_count, s.disagree_count,  # type: ignore[attr-defined]
               MODERATED[StatementState(s.state)], s.text]


def vote_rows(conversation: Conversation, names: dict[int, int]) -> Iterator[list[Any]]:
    rows = (Vote.objects.filter(statement__conversation=conversation).order_by("updated_at", "pk")
            .values_list("updated_at", "statement_id", "participant_id", "value"))
    for moment, statement, participant, value in rows.iterator(chunk_size=5000):
        yield [*_stamp(moment), statement, names[participant], value]


def group_rows(conversation: Conversation, names: dict[int, int]) -> Iterator[list[Any]]:
    _row, opinion = stored_map(conversation)
    if opinion is None:
        return
    placed = {pid: group for pid, group in opinion.participants.items()
              if isinstance(pid, int) and pid in names}
    for pid, group in sorted(placed.items(), key=lambda item: names[item[0]]):
        x, y = opinion.coordinates.get(pid, ("", ""))
        yield [names[pid], "" if group is None else group,
               round(x, 6) if x != "" else "", round(y, 6) if y != "" else ""]  # type: ignore[arg-type]


def result_rows(conversation: Conversation) -> Iterator[list[Any]]:
    _row, opinion = stored_map(conversation)
    if opinion is None:
        return
    reps = {(rep.statement, gid): rep.direction for gid, group in opinion.groups.items()
            for rep in group.representative}
    for statement, stats in sorted(opinion.statements.items(), key=lambda item: str(item[0])):
        gic = stats.group_informed_consensus
        yield [statement, "", stats.overall.agree, stats.overall.disagree, stats.overall.passed,
               "" if gic is None else round(gic, 6), ""]
        for gid, counts in sorted(stats.groups.items()):
            yield [statement, gid, counts.agree, counts.disagree, counts.passed, "",
                   reps.get((statement, gid), "")]


def export_csv(conversation: Conversation, table: str) -> bytes:
    names = pseudonyms(conversation)
    header, rows = {
        "comments": (COMMENT_COLUMNS, lambda: comment_rows(conversation, names)),
        "votes": (VOTE_COLUMNS, lambda: vote_rows(conversation, names)),
        "groups": (GROUP_COLUMNS, lambda: group_rows(conversation, names)),
        "results": (RESULT_COLUMNS, lambda: result_rows(conversation)),
    }[table]
    return csv_for_excel(header, rows())


def export_json(conversation: Conversation) -> bytes:
    """Everything in one object: the four tables as lists of objects, and the stored map."""
    names = pseudonyms(conversation)
    row, opinion = stored_map(conversation)

    def objects(columns: list[str], rows: Iterable[list[Any]]) -> list[dict[str, Any]]:
        return [dict(zip(columns, values, strict=True)) for values in rows]

    data = {
        "conversation": {"id": conversation.pk, "topic": conversation.topic,
                         "process": conversation.process_id,
                         "moderation": conversation.moderation},
        "comments": objects(COMMENT_COLUMNS, comment_rows(conversation, names)),
        "votes": objects(VOTE_COLUMNS, vote_rows(conversation, names)),
        "groups": objects(GROUP_COLUMNS, group_rows(conversation, names)),
        "results": objects(RESULT_COLUMNS, result_rows(conversation)),
        "computed_at": row.computed_at.isoformat() if row else None,
        "summary": _summary(opinion, names),
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _summary(opinion: Any, names: dict[int, int]) -> dict[str, Any] | None:
    """The map's summary (the ``opinion-map --json`` keys) with voter pseudonyms as ids."""
    if opinion is None:
        return None
    summary: dict[str, Any] = opinion.summary()
    summary["participants"] = {str(names[int(pid)]): group for pid, group
                               in summary.get("participants", {}).items()
                               if int(pid) in names}
    return summary


# Pol.is import --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PolisComment:
    line: int
    comment_id: str
    author_id: str
    moderated: int
    text: str
    created: dt.datetime | None


@dataclass(frozen=True)
class PolisVote:
    line: int
    comment_id: str
    voter_id: str
    value: int
    created: dt.datetime | None


def _rows(name: str, data: bytes, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(name, None, "", "the file is not UTF-8 text") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed(name, 1, "", f"missing columns: {', '.join(missing)}")
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise ImportFailed(name, reader.line_num, "", f"not valid CSV ({error})") from error


def _moment(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def parse_polis(comments: bytes, votes: bytes) -> tuple[list[PolisComment], list[PolisVote]]:
    """Read and check both files; ImportFailed names the first wrong line."""
    parsed_comments: list[PolisComment] = []
    seen_ids: dict[str, int] = {}
    seen_texts: dict[str, int] = {}
    for line, row in _rows("comments.csv", comments,
                           ["comment-id", "author-id", "moderated", "comment-body"]):
        cid = (row.get("comment-id") or "").strip()
        if not cid:
            raise ImportFailed("comments.csv", line, "comment-id", "empty")
        if cid in seen_ids:
            raise ImportFailed("comments.csv", line, "comment-id",
                               f"{cid} is repeated (first on line {seen_ids[cid]})")
        seen_ids[cid] = line
        try:
            moderated = int(row.get("moderated") or 0)
        except ValueError as error:
            raise ImportFailed("comments.csv", line, "moderated",
                               f"{row.get('moderated')!r} is not -1, 0 or 1") from error
        if moderated not in (-1, 0, 1):
            raise ImportFailed("comments.csv", line, "moderated", f"{moderated} is not -1, 0 or 1")
        body = tidy(row.get("comment-body") or "")
        if not body:
            raise ImportFailed("comments.csv", line, "comment-body", "empty")
        if len(body) > IMPORTED_MAX_LENGTH:
            raise ImportFailed("comments.csv", line, "comment-body",
                               f"longer than {IMPORTED_MAX_LENGTH} characters")
        key = fingerprint(body)
        if key in seen_texts:
            raise ImportFailed("comments.csv", line, "comment-body",
                               f"the same statement as on line {seen_texts[key]}")
        seen_texts[key] = line
        parsed_comments.append(PolisComment(line, cid, (row.get("author-id") or "").strip(),
                                            moderated, body, _moment(row.get("timestamp", ""))))
    parsed_votes: list[PolisVote] = []
    for line, row in _rows("votes.csv", votes, ["comment-id", "voter-id", "vote"]):
        cid = (row.get("comment-id") or "").strip()
        if cid not in seen_ids:
            raise ImportFailed("votes.csv", line, "comment-id",
                               f"{cid!r} is not a comment of comments.csv")
        voter = (row.get("voter-id") or "").strip()
        if not voter:
            raise ImportFailed("votes.csv", line, "voter-id", "empty")
        try:
            value = int(row.get("vote") or "")
        except ValueError as error:
            raise ImportFailed("votes.csv", line, "vote",
                               f"{row.get('vote')!r} is not -1, 0 or 1") from error
        if value not in (-1, 0, 1):
            raise ImportFailed("votes.csv", line, "vote", f"{value} is not -1, 0 or 1")
        parsed_votes.append(PolisVote(line, cid, voter, value, _moment(row.get("timestamp", ""))))
    return parsed_comments, parsed_votes


@dataclass(frozen=True)
class ImportReport:
    statements: int
    participants: int
    votes: int


@transaction.atomic
def import_polis(conversation: Conversation, user: Any, comments: bytes,
                 votes: bytes) -> ImportReport:
    """Import a Pol.is export into the conversation: everything or nothing."""
    parsed_comments, parsed_votes = parse_polis(comments, votes)
    existing = set(conversation.statements.values_list("fingerprint", flat=True))
    for comment in parsed_comments:
        if fingerprint(comment.text) in existing:
            raise ImportFailed("comments.csv", comment.line, "comment-body",
                               "the conversation already has this statement")
    voter_ids = {v.voter_id for v in parsed_votes} | {c.author_id for c in parsed_comments
                                                      if c.author_id}
    participants = {voter: Participant() for voter in sorted(voter_ids)}
    Participant.objects.bulk_create(participants.values(), batch_size=2000)
    unmoderated = (StatementState.VISIBLE if conversation.moderation == ModerationMode.POST
                   else StatementState.PENDING)
    states = {1: StatementState.VISIBLE, 0: unmoderated, -1: StatementState.HIDDEN}
    now = timezone.now()
    statements = {
        c.comment_id: Statement(
            conversation=conversation, text=c.text, fingerprint=fingerprint(c.text),
            author=participants.get(c.author_id), state=states[c.moderated],
            external_id=c.comment_id, moderated_by=user if c.moderated else None,
            moderated_at=now if c.moderated else None)
        for c in parsed_comments}
    Statement.objects.bulk_create(statements.values(), batch_size=1000)
    latest: dict[tuple[str, str], PolisVote] = {}
    for vote in parsed_votes:  # the last vote on a (voter, comment) pair wins, as in Pol.is
        latest[(vote.voter_id, vote.comment_id)] = vote
    Vote.objects.bulk_create(
        [Vote(participant=participants[v.voter_id], statement=statements[v.comment_id],
              value=v.value, created_at=v.created or now, updated_at=v.created or now)
         for v in latest.values()], batch_size=5000)
    report = ImportReport(len(statements), len(participants), len(latest))
    log.record(actor=user, action="conversation.import_polis", obj=conversation,
               municipality=conversation.municipality,
               after={"statements": report.statements, "participants": report.participants,
                      "votes": report.votes})
    from samskap.conversations.actions import request_recompute

    request_recompute(conversation)
    return report
