"""Who may take part in conversations, and who runs them.

- A conversation of a published process is public: anyone reads it, votes, writes statements
  and answers the optional questions about themselves, without an account and from anywhere
  (strangers included: a conversation is open like a public meeting).
- A conversation that requires login turns anonymous voters to the login page.
- A conversation of a draft process is internal (staff and politicians); to everyone else it
  does not exist (404). Nobody votes in it yet: the few who see it are told it is not open.
- Staff set conversations up, seed, moderate, export and import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samskap.conversations import actions
from samskap.conversations.models import Conversation, Demographics, Statement, Vote
from samskap.processes.models import Process
from tests.authorization_world import LOGIN, REDIRECT, World
from tests.matrix_kit import (
    PUBLIC,
    STAFF,
    Check,
    Entry,
    everyone,
    hidden_except,
    of_memo,
    redirected,
    town,
)

#: A draft process's conversation: its internal readers see it, nobody else knows it exists.
DRAFT_READERS = hidden_except("siri", "per", "mira", "ada", "sam")
SEEDS = ["Flere benker langs turstiene.", "Skolegården bør være åpen om kvelden."]


def _process(w: World, state: str, title: str) -> Process:
    return Process.objects.create(
        municipality=w.eksempelvik, cycle=w.cycle, step=2, title=title,
        purpose="Hva trenger nærmiljøet?", authority_role="community_development",
        state=state, published_at=None if state == "draft" else timezone.now())


def _conversation(w: World, process_key: str, **data: Any) -> Conversation:
    conversation = actions.save_conversation(
        process=w.memo(process_key), user=w.users["mira"],
        data={"topic": "Et bedre nærmiljø", **data})
    actions.add_seed_statements(conversation, w.users["mira"], SEEDS)
    return conversation


def _pending(w: World) -> Statement:
    conversation = w.memo("conversations.open")
    return Statement.objects.create(conversation=conversation, text="Flere lekeplasser.",
                                    fingerprint="matrix-pending", state="pending")


MAKERS: dict[str, Callable[[World], Any]] = {
    "conversations.process": lambda w: _process(w, "open", "Møteplasser for alle"),
    "conversations.draft_process": lambda w: _process(w, "draft", "Utkast til prosess"),
    "conversations.open": lambda w: _conversation(w, "conversations.process"),
    "conversations.login": lambda w: _conversation(w, "conversations.process",
                                                   topic="Én person, én stemme",
                                                   requires_login=True),
    "conversations.draft": lambda w: _conversation(w, "conversations.draft_process"),
    "conversations.pending": _pending,
}


def of_statement(w: World) -> dict[str, Any]:
    pending = w.memo("conversations.pending")
    return {**of_memo("conversations.open")(w), "statement": pending.pk}


def of_export(table: str, fmt: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {**of_memo("conversations.open")(w), "table": table, "fmt": fmt}


def a_vote(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"statement": w.memo(key).statements.first().pk, "value": "1"}


def votes_in(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Vote.objects.filter(statement__conversation=w.memo(key))
                            .values_list("participant", "statement", "value"))


def statements_in(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Statement.objects.filter(conversation=w.memo(key))
                            .values_list("pk", "text", "state"))


def conversations_of(w: World) -> Any:
    return sorted(Conversation.objects.filter(process__municipality=w.eksempelvik)
                  .values_list("pk", "topic"))


def conversation_row(w: World) -> Any:
    return Conversation.objects.values_list("topic", "moderation", "map_queued_at").get(
        pk=w.memo("conversations.open").pk)


def polis_files(w: World) -> dict[str, Any]:
    comments = (b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
                b"comment-body\n1,x,0,0,1,0,1,Parken trenger flere benker og lys.\n")
    votes = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n"
    return {"comments": SimpleUploadedFile("comments.csv", comments),
            "votes": SimpleUploadedFile("votes.csv", votes)}


OPEN = of_memo("conversations.open")
TAKING_PART = everyone(REDIRECT)

ENTRIES: dict[str, Entry] = {
    "conversations:list": Entry(town, get=Check(PUBLIC)),
    "conversations:new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {
            "process": w.memo("conversations.process").pk, "topic": "Trygg skolevei",
            "moderation": "pre", "k_threshold": "5"}, effect=conversations_of),
    ),
    "conversations:detail": Entry(OPEN, get=Check(PUBLIC)),
    "conversations:detail#draft": Entry(of_memo("conversations.draft"),
                                        get=Check(DRAFT_READERS)),
    "conversations:vote": Entry(
        OPEN, post=Check(TAKING_PART, data=a_vote("conversations.open"),
                         effect=votes_in("conversations.open"))),
    "conversations:vote#login": Entry(
        of_memo("conversations.login"),
        post=Check(everyone(REDIRECT, anonymous=LOGIN), data=a_vote("conversations.login"),
                   effect=votes_in("conversations.login"))),
    "conversations:vote#draft": Entry(
        of_memo("conversations.draft"),
        post=Check(redirected(DRAFT_READERS), data=a_vote("conversations.draft"),
                   effect=votes_in("conversations.draft"), frozen=True)),
    "conversations:statement_add": Entry(
        OPEN, get=Check(PUBLIC),
        post=Check(TAKING_PART, data=lambda w: {"text": "Vi trenger lys på stien til skolen."},
                   effect=statements_in("conversations.open"))),
    "conversations:results": Entry(OPEN, get=Check(PUBLIC)),
    "conversations:results#draft": Entry(of_memo("conversations.draft"),
                                         get=Check(DRAFT_READERS)),
    "conversations:demographics": Entry(
        OPEN, get=Check(PUBLIC),
        post=Check(TAKING_PART, data=lambda w: {"consent": "on", "age_band": "18-29"},
                   effect=lambda w: Demographics.objects.count())),
    "conversations:withdraw": Entry(OPEN, post=Check(TAKING_PART)),
    "conversations:edit": Entry(
        OPEN, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"topic": "Et enda bedre nærmiljø",
                                          "moderation": "post", "k_threshold": "5"},
                   effect=conversation_row)),
    "conversations:seed": Entry(
        OPEN, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"statements": "Flere turløyper i skogen.\n"},
                   effect=statements_in("conversations.open"))),
    "conversations:moderation": Entry(OPEN, get=Check(STAFF)),
    "conversations:moderate": Entry(
        of_statement, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"decision": "approve"},
                   effect=statements_in("conversations.open"))),
    "conversations:export": Entry(of_export("votes", "csv"), get=Check(STAFF)),
    "conversations:export#json": Entry(of_export("all", "json"), get=Check(STAFF)),
    "conversations:import_polis": Entry(
        OPEN, get=Check(STAFF),
        post=Check(STAFF, data=polis_files, effect=statements_in("conversations.open"))),
    "conversations:recompute": Entry(OPEN, post=Check(STAFF, effect=conversation_row)),
}
