"""Parallel requests of one participant: one row, never a second row or a 500.

PostgreSQL only (SQLite serialises writers, so there is no race to lose). Run with
``DATABASE_URL=postgres://… pytest -m postgres``.
"""

from __future__ import annotations

from typing import Any

import pytest

from samskap.conversations.models import Participant, Statement, Vote
from samskap.conversations.tests.conftest import english_client, url, vote
from samskap.testing.concurrency import at_once, require_postgresql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    require_postgresql("needs PostgreSQL's concurrency")


def clones(client: Any, n: int) -> list[Any]:
    """``n`` browsers holding the same participant cookie (one person, many tabs)."""
    copies = []
    for _ in range(n):
        copy = english_client()
        for key, morsel in client.cookies.items():
            copy.cookies[key] = morsel.value
        copies.append(copy)
    return copies


def test_parallel_votes_of_one_participant_leave_one_row(client, conversation):
    first, target = conversation.statements.all()[:2]
    vote(client, conversation, first, 1)  # the participant and its cookie exist
    browsers = clones(client, THREADS)

    results = at_once(*[lambda b=b, v=v: vote(b, conversation, target, v)
                       for b, v in zip(browsers, [1, -1, 0, 1] * 2, strict=True)])

    assert [getattr(r, "status_code", r) for r in results] == [302] * THREADS
    assert Participant.objects.count() == 1
    rows = list(Vote.objects.filter(statement=target).values_list("value", flat=True))
    assert len(rows) == 1 and rows[0] in {1, -1, 0}


def test_parallel_htmx_double_clicks_never_fail(client, conversation):
    statement = conversation.statements.first()
    vote(client, conversation, statement, 0)
    browsers = clones(client, THREADS)

    results = at_once(*[lambda b=b: vote(b, conversation, statement, 1, HTTP_HX_REQUEST="true")
                       for b in browsers])

    assert [getattr(r, "status_code", r) for r in results] == [200] * THREADS
    assert list(Vote.objects.values_list("value", flat=True)) == [1]


def test_the_same_statement_sent_twice_at_once_is_added_once(client, post_moderated):
    text = "Vi trenger flere grønne lunger i sentrum."
    browsers = [english_client() for _ in range(4)]

    results = at_once(*[lambda b=b: b.post(url("statement_add", post_moderated),
                                          {"text": text}) for b in browsers])

    assert all(getattr(r, "status_code", r) in {200, 302} for r in results)
    assert Statement.objects.filter(text=text).count() == 1


def test_a_logged_in_person_gets_one_participant_however_many_tabs(conversation, cem):
    statements = list(conversation.statements.all())
    browsers = [english_client() for _ in range(4)]
    for browser in browsers:
        browser.force_login(cem)

    results = at_once(*[lambda b=b, s=s: vote(b, conversation, s, 1)
                       for b, s in zip(browsers, statements, strict=True)])

    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    assert Participant.objects.filter(user=cem).count() == 1
    assert Vote.objects.filter(participant__user=cem).count() == 4
