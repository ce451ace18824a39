"""The opinion map on two real Pol.is exports, against Pol.is' own groups; the CSV reader."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from samskap.analysis import polis_io
from samskap.analysis.opinion_map import compute

POLIS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"
pytestmark = pytest.mark.skipif(not POLIS.is_dir(), reason="../shared/data/polis is missing")

# ARI of our groups against Pol.is' (participants both cluster) with seed 0, and the floor.
# Pol.is' own run cannot be reproduced exactly: its PCA is an unseeded power iteration, its
# k-means starts from the first distinct points, its membership is sticky over the
# conversation's history, and its map may predate the last votes. Over seeds 0–5 we measured
# 0.884–0.941 (Seattle) and 0.876–0.896 (Brexit, except seed 2, whose silhouette prefers three
# groups: 0.652). The floor, 0.85, is where "the same groups as Pol.is up to a few borderline
# participants" ends; red-dwarf 0.4.0 reaches 0.459 and 0.636 on these files
# (benchmarks/opinion_map.py --real). The exact figure is pinned too: the map is deterministic.
EXPECTED = {"15-per-hour-seattle": 0.884, "brexit-consensus": 0.876}
FLOOR = 0.85


def read(name: str) -> tuple[polis_io.Votes, polis_io.Statements, dict[object, int | None]]:
    folder = POLIS / name
    return (polis_io.read_votes(folder / "votes.csv"),
            polis_io.read_statements(folder / "comments.csv"),
            polis_io.read_polis_groups(folder / "participants-votes.csv"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_our_groups_match_polis_own(name: str) -> None:
    votes, statements, polis = read(name)
    result = compute(votes.arrays, moderated_out=statements.moderated_out)
    assert result.k == 2  # as Pol.is' summary.csv says: groups,2
    ours = {p for p, g in result.participants.items() if g is not None}
    theirs = {p for p, g in polis.items() if g is not None}
    assert ours <= theirs  # Pol.is keeps a few more in (sticky membership over its history)
    assert len(ours) >= 0.95 * len(theirs)
    both = sorted(ours & theirs, key=str)
    ari = adjusted_rand_score([polis[p] for p in both], [result.participants[p] for p in both])
    assert ari == pytest.approx(EXPECTED[name], abs=5e-4)
    assert ari >= FLOOR


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_polis_votes_csv_writes_agree_as_plus_one(name: str) -> None:
    """comments.csv's agrees/disagrees are the +1/−1 rows of votes.csv: read it unflipped."""
    with open(POLIS / name / "votes.csv", newline="") as handle:
        tally = Counter((row["comment-id"], row["vote"]) for row in csv.DictReader(handle))
    with open(POLIS / name / "comments.csv", newline="") as handle:
        comments = list(csv.DictReader(handle))
    for row in comments:
        cid = row["comment-id"]
        assert (int(row["agrees"]), int(row["disagrees"])) == (tally[cid, "1"], tally[cid, "-1"])
    assert any(tally[c["comment-id"], "1"] != tally[c["comment-id"], "-1"] for c in comments)


def test_the_reader_orders_by_time_and_keeps_ids() -> None:
    votes, statements, _polis = read("brexit-consensus")
    assert votes.layout == "polis" and len(votes) == 5312  # every row; duplicates resolved later
    assert votes.arrays.participants.dtype.kind == "i"
    assert statements.moderated_out == set()
    assert statements.text[36].startswith("Opposition to Brexit as a whole")
    seattle = read("15-per-hour-seattle")[1]
    assert len(seattle.moderated_out) == 23 and 13 in seattle.moderated_out


def test_a_plain_file_with_string_ids(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote,voted_at\n"
                    "ann,q1,1,2026-01-02T10:00:00+00:00\n"
                    "ann,q1,-1,2026-01-01T10:00:00+00:00\n"  # earlier, so the first row wins
                    "bob,q1,0,2026-01-01T10:00:00+00:00\n"
                    "bob,07,1,2026-01-01T10:00:00+00:00\n", encoding="utf-8")
    votes = polis_io.read_votes(path)
    assert votes.layout == "plain"
    result = compute(votes.arrays)
    assert set(result.participants) == {"ann", "bob"}
    assert set(result.statements) == {"q1", "07"}  # "07" is not a whole-number id: kept
    assert result.statements["q1"].overall.agree == 1
    assert result.statements["q1"].overall.passed == 1


@pytest.mark.parametrize(("content", "message"), [
    ("who,what\n1,2\n", "line 1: expected the columns"),
    ("voter-id,comment-id,vote\n1,2,5\n", "line 2, column vote"),
    ("voter-id,comment-id,vote\n1,,1\n", "line 2, column comment-id: empty"),
    ("timestamp,voter-id,comment-id,vote\nsoon,1,2,1\n", "line 2, column timestamp"),
    ("participant,statement,vote,voted_at\na,b,1,yesterday\n", "column voted_at"),
])
def test_bad_files_name_the_line_and_column(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "votes.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(polis_io.CsvError, match=message):
        polis_io.read_votes(path)


def test_a_bad_moderation_value(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text("comment-id,moderated,comment-body\n1,2,hi\n", encoding="utf-8")
    with pytest.raises(polis_io.CsvError, match="line 2, column moderated"):
        polis_io.read_statements(path)
