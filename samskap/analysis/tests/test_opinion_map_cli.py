"""``samskap opinion-map``: text and JSON output, errors, and no database needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

POLIS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"
BREXIT = POLIS / "brexit-consensus"
needs_data = pytest.mark.skipif(not POLIS.is_dir(), reason="../shared/data/polis is missing")


def run(*args: str) -> str:
    out = StringIO()
    call_command("opinion_map", *args, stdout=out)  # no db fixture: any query would fail
    return out.getvalue()


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """Two camps of six (ids are names), the plain layout; q9 moderated out."""
    lines = ["participant,statement,vote"]
    for i in range(12):
        camp = 1 if i < 6 else -1
        for q in range(8):
            vote = camp if q < 5 else (1 if q == 5 else -camp if (i, q) == (0, 6) else camp)
            lines.append(f"p{i},q{q},{vote}")
        lines.append(f"p{i},q9,1")
    path = tmp_path / "votes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "statements.csv").write_text(
        "statement,text,moderated\n" + "".join(f"q{q},Statement number {q},{-1 if q == 9 else 1}\n"
                                               for q in range(10)), encoding="utf-8")
    return path


def test_json_has_exactly_the_issue_keys_with_ids_as_in_the_input(plain: Path) -> None:
    data = json.loads(run(str(plain), "--comments", str(plain.parent / "statements.csv"),
                          "--json"))
    assert list(data) == ["participants", "groups", "consensus", "group_informed_consensus"]
    assert set(data["participants"]) == {f"p{i}" for i in range(12)}
    groups = {data["participants"][f"p{i}"] for i in range(12)}
    assert len(groups) == 2
    assert {data["participants"][f"p{i}"] for i in range(6)} != {
        data["participants"][f"p{i}"] for i in range(6, 12)}
    for reps in data["groups"].values():
        assert reps and all(r["direction"] in {"agree", "disagree"} for r in reps)
        assert all(r["statement"].startswith("q") for r in reps)
    assert data["consensus"]["agree"] == ["q5"]  # everyone agrees with q5; q9 is moderated
    assert "q9" not in data["group_informed_consensus"]
    assert data["group_informed_consensus"]["q5"] == pytest.approx((7 / 8) ** 2)


@needs_data
def test_json_of_a_polis_export_keeps_integer_ids() -> None:
    data = json.loads(run(str(BREXIT / "votes.csv"), "--json"))
    assert len(data["groups"]) == 2
    assert all(isinstance(s, int) for s in data["consensus"]["agree"])
    assert all(isinstance(r["statement"], int) for reps in data["groups"].values() for r in reps)
    assert sum(g is None for g in data["participants"].values()) == 204 - 189


@needs_data
def test_text_output_lists_groups_statements_and_participants() -> None:
    text = run(str(BREXIT / "votes.csv"), "--comments", str(BREXIT / "comments.csv"))
    assert "(polis layout): 5303 votes by 204 participants on 50 statements" in text
    assert "Group 0:" in text and "Group 1:" in text
    assert "Consensus, agree:" in text and "Group-informed consensus" in text
    assert "Opposition to Brexit" in text or "#36" in text
    assert "\n  0: " in text  # participant 0 and its group


def test_a_bad_file_is_a_command_error(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("voter-id,comment-id,vote\n1,2,agree\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, column vote"):
        run(str(path))
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_it_runs_without_a_database(plain: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SAMSKAP_DEBUG": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path}/never-migrated/none.sqlite3"}
    done = subprocess.run([sys.executable, "-m", "samskap.cli", "opinion-map", str(plain),
                           "--json"], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)["participants"]) == {f"p{i}" for i in range(12)}
    assert not (tmp_path / "never-migrated").exists()
