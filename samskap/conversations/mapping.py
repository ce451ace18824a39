"""Glue between the database and the pure opinion-map math (``samskap.analysis.opinion_map``).

Participants and statements go in by their primary keys; the result is stored as
``OpinionMap.to_json()`` in :class:`ComputedMap` and read back with ``from_json``.
"""

from __future__ import annotations

import time

import numpy as np
from django.db import transaction
from django.utils import timezone

from samskap.analysis.opinion_map import OpinionMap, VoteArrays, compute
from samskap.conversations.models import ComputedMap, Conversation, StatementState, Vote


def vote_arrays(conversation: Conversation) -> VoteArrays:
    rows = (Vote.objects.filter(statement__conversation=conversation)
            .order_by("updated_at", "pk").values_list("participant_id", "statement_id", "value"))
    data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
    return VoteArrays(participants=data[:, 0], statements=data[:, 1], values=data[:, 2])


def stored_map(conversation: Conversation) -> tuple[ComputedMap | None, OpinionMap | None]:
    """The stored row and its map (None when there is none, or it cannot be read back)."""
    row = ComputedMap.objects.filter(conversation=conversation).first()
    if row is None or not row.result:
        return row, None
    try:
        return row, OpinionMap.from_json(row.result)
    except (ValueError, KeyError, TypeError):  # an older layout: the next run replaces it
        return row, None


def compute_and_store(conversation: Conversation) -> ComputedMap:
    """Compute the conversation's map from all its votes and store it (in the worker)."""
    started = time.perf_counter()
    votes = vote_arrays(conversation)
    statements = conversation.statements.exclude(state=StatementState.PENDING)
    moderated_out = list(statements.exclude(state=StatementState.VISIBLE)
                         .values_list("pk", flat=True))
    _row, previous = stored_map(conversation)
    result = compute(votes, statements=list(statements.values_list("pk", flat=True)),
                     moderated_out=moderated_out, previous=previous, seed=conversation.pk)
    with transaction.atomic():
        row, _created = ComputedMap.objects.update_or_create(
            conversation=conversation,
            defaults={
                "result": result.to_json(),
                "computed_at": timezone.now(),
                "vote_count": len(votes.values),
                "participant_count": len(result.participants),
                "seconds": time.perf_counter() - started,
            })
    return row
