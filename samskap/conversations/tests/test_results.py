"""The background map, the results page (with k-suppression), exports and Pol.is imports."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from samskap.conversations import actions, transfer
from samskap.conversations.mapping import compute_and_store, stored_map
from samskap.conversations.models import (
    ComputedMap,
    Conversation,
    Demographics,
    Participant,
    Statement,
    Vote,
)
from samskap.conversations.tasks import recompute_map
from samskap.conversations.tests.conftest import make_conversation, participant_of, url, vote
from samskap.lib.fileimport import ImportFailed

pytestmark = pytest.mark.django_db

POLIS = Path("/work/shared/data/polis") if Path("/work/shared/data/polis").is_dir() else None
STATEMENTS = [f"Utsagn nummer {n} om helse og nærmiljø." for n in range(10)]


def planted(conversation: Conversation, people: int = 40, seed: int = 1) -> list[Participant]:
    """Two planted groups: the first half agrees with statements 0–4 and disagrees with 5–9,
    the second half the other way round."""
    rng = random.Random(seed)
    statements = list(conversation.statements.order_by("pk"))
    participants = [Participant.objects.create() for _ in range(people)]
    votes = []
    for i, participant in enumerate(participants):
        side = 1 if i < people // 2 else -1
        for j, statement in enumerate(statements):
            value = side if j < len(statements) // 2 else -side
            if rng.random() < 0.1:
                value = 0
            votes.append(Vote(participant=participant, statement=statement, value=value))
    Vote.objects.bulk_create(votes)
    return participants


@pytest.fixture
def voted(process, mira) -> Conversation:
    conversation = make_conversation(process, mira, seeds=STATEMENTS)
    planted(conversation)
    return conversation


def test_the_worker_computes_the_map_and_finds_the_planted_groups(voted):
    recompute_map.call(voted.pk)

    row, opinion = stored_map(voted)
    assert row is not None and opinion is not None
    assert (row.vote_count, row.participant_count) == (400, 40)
    assert opinion.k == 2
    sizes = sorted(group.size for group in opinion.groups.values())
    assert sizes == [20, 20]
    first = Participant.objects.order_by("pk").first()
    last = Participant.objects.order_by("pk").last()
    assert opinion.participants[first.pk] != opinion.participants[last.pk]


def test_a_vote_queues_one_recomputation_per_window(client, conversation):
    statements = list(conversation.statements.all())
    with_commit = pytest.importorskip("django.test").TestCase.captureOnCommitCallbacks
    with with_commit(execute=True):
        for statement in statements:
            vote(client, conversation, statement, 1)

    assert DBTaskResult.objects.filter(task_path__endswith="recompute_map").count() == 1
    conversation.refresh_from_db()
    assert conversation.map_queued_at is not None
    assert not actions.request_recompute(conversation)  # still within the window


def test_the_results_page_shows_groups_in_words_svg_and_tables(client, voted):
    compute_and_store(voted)
    page = client.get(url("results", voted)).content.decode()

    assert 'role="img"' in page and "<title id=\"map-title\">" in page
    assert "Group A" in page and "Group B" in page
    assert "20 people" in page
    assert "The opinion groups as a table" in page
    assert "The opinion map was computed" in page
    assert STATEMENTS[0] in page


def test_a_participant_sees_the_group_they_are_nearest_to(client, voted):
    for statement in voted.statements.order_by("pk")[:5]:
        vote(client, voted, statement, 1)
    participant = participant_of(client)
    compute_and_store(voted)
    _row, opinion = stored_map(voted)

    page = client.get(url("results", voted)).content.decode()

    group = opinion.group_of(participant.pk)
    assert group is not None
    assert "closest to Group" in page or "You are in Group" in page


def test_shares_of_fewer_than_k_votes_are_never_shown(client, process, mira):
    conversation = make_conversation(process, mira, seeds=STATEMENTS[:2])
    statement = conversation.statements.first()
    for _ in range(4):
        Vote.objects.create(participant=Participant.objects.create(), statement=statement,
                            value=1)

    page = client.get(url("results", conversation)).content.decode()

    assert "fewer than 5 votes" in page
    assert "100 % agree" not in page
    Vote.objects.create(participant=Participant.objects.create(), statement=statement, value=1)
    page = client.get(url("results", conversation)).content.decode()
    assert "100 % agree" in page


def test_demographics_of_fewer_than_k_people_are_hidden(client, voted):
    people = list(Participant.objects.order_by("pk"))
    for participant in people[:6]:
        Demographics.objects.create(participant=participant, municipality=voted.municipality,
                                    age_band="30-44", gender="female")
    for participant in people[6:9]:
        Demographics.objects.create(participant=participant, municipality=voted.municipality,
                                    age_band="67-79", gender="female")

    page = client.get(url("results", voted)).content.decode()
    ages = page.split("<caption>Age:")[1].split("</table>")[0]
    genders = page.split("<caption>Gender:")[1].split("</table>")[0]

    assert "<td>6</td>" in ages and "fewer than 5" in ages
    assert "<td>3</td>" not in ages
    assert "the total is hidden" in ages  # 9 − 6 would give the 3 away
    assert "9 answered" in genders and "<td>9</td>" in genders


# Export -------------------------------------------------------------------------------------

def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_exports_use_pseudonyms_and_polis_columns(client, voted, per):
    compute_and_store(voted)
    client.force_login(per)

    votes = rows(client.get(url("export", voted, table="votes", fmt="csv")).content)
    comments = rows(client.get(url("export", voted, table="comments", fmt="csv")).content)
    groups = rows(client.get(url("export", voted, table="groups", fmt="csv")).content)
    results = rows(client.get(url("export", voted, table="results", fmt="csv")).content)
    everything = json.loads(client.get(url("export", voted, table="all", fmt="json")).content)

    assert len(votes) == 400
    assert {row["voter-id"] for row in votes} == {str(n) for n in range(1, 41)}
    assert set(votes[0]) == {"timestamp", "datetime", "comment-id", "voter-id", "vote"}
    assert len(comments) == 10 and comments[0]["moderated"] == "1"
    assert len(groups) == 40 and {row["group-id"] for row in groups} == {"0", "1"}
    assert any(row["representative"] in {"agree", "disagree"} for row in results)
    assert len(everything["votes"]) == 400
    assert set(everything["summary"]) >= {"participants", "groups", "consensus",
                                          "group_informed_consensus"}


def test_exports_defuse_spreadsheet_formulas(client, process, per):
    conversation = make_conversation(process, per, seeds=["=HYPERLINK(\"x\") er et utsagn"])
    client.force_login(per)
    comments = rows(client.get(url("export", conversation, table="comments",
                                   fmt="csv")).content)
    assert comments[0]["comment-body"].startswith("'=")


def test_an_export_imports_back_into_a_new_conversation(voted, process, mira):
    names = transfer.pseudonyms(voted)
    comments = transfer.export_csv(voted, "comments")
    votes = transfer.export_csv(voted, "votes")
    target = make_conversation(process, mira, seeds=[])

    report = transfer.import_polis(target, mira, comments, votes)

    assert (report.statements, report.participants, report.votes) == (10, 40, 400)
    assert len(names) == 40
    source = sorted(Vote.objects.filter(statement__conversation=voted)
                    .values_list("statement__text", "value"))
    copied = sorted(Vote.objects.filter(statement__conversation=target)
                    .values_list("statement__text", "value"))
    assert source == copied


# Pol.is import ------------------------------------------------------------------------------

COMMENTS = ("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
            "1,x,0,0,1,0,1,Parken trenger flere benker.\n"
            "2,x,1,1,0,1,-1,Reklame for noe helt annet.\n")


def test_the_polis_import_reads_agree_as_plus_one_and_keeps_the_last_vote(process, mira):
    conversation = make_conversation(process, mira, seeds=[])
    votes = ("timestamp,datetime,comment-id,voter-id,vote\n"
             "1,x,0,0,-1\n2,x,0,0,1\n3,x,0,1,-1\n4,x,1,1,0\n")

    transfer.import_polis(conversation, mira, COMMENTS.encode(), votes.encode())

    counts = {s.text: (s.agree_count, s.disagree_count, s.state)
              for s in conversation.statements.with_counts()}
    assert counts == {"Parken trenger flere benker.": (1, 1, "visible"),
                      "Reklame for noe helt annet.": (0, 0, "hidden")}


@pytest.mark.parametrize(("votes", "where"), [
    ("timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,7,0,1\n", "votes.csv, line 3"),
    ("timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,2\n", "votes.csv, line 2"),
    ("timestamp,datetime,comment-id,voter-id\n1,x,0,0\n", "votes.csv, line 1"),
])
def test_a_bad_polis_file_imports_nothing_and_names_the_line(process, mira, votes, where):
    conversation = make_conversation(process, mira, seeds=[])

    with pytest.raises(ImportFailed, match=where):
        transfer.import_polis(conversation, mira, COMMENTS.encode(), votes.encode())

    assert Statement.objects.filter(conversation=conversation).count() == 0
    assert Vote.objects.count() == 0


def test_the_import_page_shows_the_error_with_its_line(client, conversation, per):
    client.force_login(per)
    response = client.post(url("import_polis", conversation), {
        "comments": SimpleUploadedFile("comments.csv", COMMENTS.encode()),
        "votes": SimpleUploadedFile("votes.csv", b"comment-id,voter-id,vote\n0,0,x\n"),
    })
    assert response.status_code == 200
    assert "votes.csv, line 2, column vote" in str(response.context["form"].errors["votes"])
    assert conversation.statements.count() == 4


@pytest.mark.skipif(POLIS is None, reason="the real Pol.is exports are not on this machine")
def test_the_command_imports_a_real_polis_export_with_its_agree_counts(process):
    folder = POLIS / "brexit-consensus"  # type: ignore[operator]
    call_command("import_polis", str(folder), "--process", str(process.pk), stdout=io.StringIO())

    conversation = Conversation.objects.get(topic="brexit-consensus")
    with open(folder / "comments.csv", encoding="utf-8") as file:
        expected = {row["comment-id"]: (int(row["agrees"]), int(row["disagrees"]))
                    for row in csv.DictReader(file)}
    with open(folder / "votes.csv", encoding="utf-8") as file:
        votes = list(csv.DictReader(file))
    got = {s.external_id: (s.agree_count, s.disagree_count)
           for s in conversation.statements.with_counts()}
    # comments.csv counts every vote row, a changed vote twice; we keep a person's last vote.
    changed = len(votes) - len({(row["voter-id"], row["comment-id"]) for row in votes})
    assert got.keys() == expected.keys()
    assert all(got[c][0] <= expected[c][0] and got[c][1] <= expected[c][1] for c in got)
    missing = sum(sum(expected[c]) - sum(got[c]) for c in got)
    assert 0 <= missing <= changed
    # With the sign the wrong way round, agrees and disagrees would swap: far from equal.
    assert sum(abs(got[c][0] - expected[c][0]) for c in got) <= changed
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_polis", "/nonexistent", "--process", str(process.pk))
    assert ComputedMap.objects.count() == 0  # computing is the worker's job
