"""Background work of conversations (run by ``samskap worker`` / ``samskap serve``)."""

from __future__ import annotations

from django_tasks import task

from samskap.conversations.mapping import compute_and_store
from samskap.conversations.models import Conversation


@task()
def recompute_map(conversation_id: int) -> None:
    """Recompute and store a conversation's opinion map (queued by ``request_recompute``)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is not None:
        compute_and_store(conversation)
