"""The demo conversation: planted groups the map finds, loaded twice without doubling."""

from __future__ import annotations

import pytest

from samskap.conversations.demo import PEOPLE, STATEMENTS, TOPIC, load_conversations_demo
from samskap.conversations.mapping import stored_map
from samskap.conversations.models import Conversation, Participant, Statement, Vote

pytestmark = pytest.mark.django_db


def test_the_demo_conversation_is_loaded_once_with_a_computed_map(eksempelvik, cycle, mira):
    users = {"mira@eksempelvik.example": mira}
    conversation = load_conversations_demo(eksempelvik, users)
    counts = (Statement.objects.count(), Participant.objects.count(), Vote.objects.count())

    again = load_conversations_demo(eksempelvik, users)

    assert again == conversation
    assert (Statement.objects.count(), Participant.objects.count(),
            Vote.objects.count()) == counts
    assert Conversation.objects.get().topic == TOPIC
    assert conversation.statements.visible().count() == len(STATEMENTS)
    assert conversation.statements.pending().count() == 1
    assert counts[1] == PEOPLE + 1
    row, opinion = stored_map(conversation)
    assert row is not None and opinion is not None
    assert opinion.k >= 2
    assert sum(group.size for group in opinion.groups.values()) > 250
