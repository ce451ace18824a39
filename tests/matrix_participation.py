"""Who may see who is taking part (the equity monitor): internal members of the municipality."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from samskap.conversations.models import Conversation
from samskap.processes.models import Process
from tests.authorization_world import World
from tests.matrix_kit import INTERNAL, Check, Entry, of_memo


def make_process(w: World) -> Process:
    return Process.objects.create(
        municipality=w.eksempelvik, cycle=w.cycle, step=2, title="Turstier for alle",
        purpose="Hvor trengs nye turstier?", authority_role="community_development",
        state="open", published_at=timezone.now())


def make_conversation(w: World) -> Conversation:
    return Conversation.objects.create(process=w.memo("participation.process"),
                                       topic="Hvor skal nye turstier gå?")


MAKERS: dict[str, Callable[[World], Any]] = {
    "participation.process": make_process,
    "participation.conversation": make_conversation,
}

ENTRIES: dict[str, Entry] = {
    "participation:conversation": Entry(of_memo("participation.conversation"),
                                        get=Check(INTERNAL)),
    "participation:process": Entry(of_memo("participation.process"), get=Check(INTERNAL)),
}
