"""A conversation of Eksempelvik in an open process, and helpers to take part in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskap.conversations import actions
from samskap.conversations.models import Conversation, ModerationMode, Participant
from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle
from samskap.processes.models import AuthorityRole, Process

SEEDS = [
    "Flere benker langs turstiene i sentrum.",
    "Skolegården bør være åpen for alle om kvelden.",
    "Bussen til Fjellgrenda må gå oftere.",
    "Det trengs en møteplass for ungdom i Nordbyen.",
]


def english_client() -> Client:
    """A fresh browser that asks for English pages (the assertions read English)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_process(municipality: Municipality, cycle: Cycle, *, state: str = "open",
                 title: str = "Ny plan for møteplasser") -> Process:
    return Process.objects.create(
        municipality=municipality, cycle=cycle, step=2, title=title,
        purpose="Hva trenger nærmiljøet?", authority_role=AuthorityRole.COMMUNITY_DEVELOPMENT,
        state=state, published_at=None if state == "draft" else timezone.now())


def make_conversation(process: Process, user: Any = None, *, seeds: list[str] | None = None,
                      **data: Any) -> Conversation:
    conversation = actions.save_conversation(
        process=process, user=user,
        data={"topic": "Hvordan kan nærmiljøet bli bedre for helsa?", **data})
    actions.add_seed_statements(conversation, user, SEEDS if seeds is None else seeds)
    return conversation


@pytest.fixture
def process(eksempelvik: Municipality, cycle: Cycle) -> Process:
    return make_process(eksempelvik, cycle)


@pytest.fixture
def conversation(process: Process, mira: Any) -> Conversation:
    return make_conversation(process, mira, moderation=ModerationMode.PRE)


@pytest.fixture
def post_moderated(process: Process, mira: Any) -> Conversation:
    return make_conversation(process, mira, moderation=ModerationMode.POST,
                             seeds=["Kommunen bør lage flere gang- og sykkelveier."])


def url(name: str, conversation: Conversation, **kwargs: Any) -> str:
    return reverse(f"conversations:{name}", kwargs={
        "number": conversation.municipality.number, "pk": conversation.pk, **kwargs})


def vote(client: Any, conversation: Conversation, statement: Any, value: int,
         **headers: Any) -> Any:
    return client.post(url("vote", conversation),
                       {"statement": statement.pk, "value": str(value)}, **headers)


def participant_of(client: Any) -> Participant:
    """The participant whose cookie the test client holds."""
    from django.http import HttpRequest

    from samskap.conversations.participants import COOKIE, COOKIE_SALT

    request = HttpRequest()
    request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    return Participant.objects.get(token=request.get_signed_cookie(COOKIE, salt=COOKIE_SALT))
