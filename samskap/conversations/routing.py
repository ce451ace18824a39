"""Which statement a participant sees next.

Like Pol.is' priority, statements with few votes come first, so new statements get voted on and
every statement gathers enough votes to place people on the map. The choice is a weighted
random draw (Efraimidis–Spirakis: the smallest ``-ln(u) / w`` wins) with weight
``1 / (1 + votes)``, where ``u`` comes from a hash of the participant and the statement: the same
participant sees the same order on every reload, while different participants are spread over
the statements.
"""

from __future__ import annotations

import hashlib
import math

from django.db.models import Count

from samskap.conversations.models import Conversation, Participant, Statement, Vote


def _uniform(seed: str, statement_id: int) -> float:
    digest = hashlib.blake2b(f"{seed}:{statement_id}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + 1) / (2**64 + 2)  # strictly between 0 and 1


def priority_key(seed: str, statement_id: int, votes: int) -> float:
    """Smaller comes first."""
    return -math.log(_uniform(seed, statement_id)) * (1 + votes)


def next_statement(conversation: Conversation,
                   participant: Participant | None) -> Statement | None:
    """The visible statement the participant has not voted on that comes first, or None."""
    candidates = conversation.statements.visible()
    seed = "anonymous"
    if participant is not None:
        seed = participant.token
        candidates = candidates.exclude(
            pk__in=Vote.objects.filter(participant=participant).values("statement_id"))
    counted = list(candidates.annotate(n=Count("votes")).values_list("pk", "n"))
    if not counted:
        return None
    pk = min(counted, key=lambda row: priority_key(seed, row[0], row[1]))[0]
    return Statement.objects.get(pk=pk)


def remaining(conversation: Conversation, participant: Participant | None) -> int:
    statements = conversation.statements.visible()
    if participant is not None:
        statements = statements.exclude(
            pk__in=Vote.objects.filter(participant=participant).values("statement_id"))
    return statements.count()
