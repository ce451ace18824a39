"""Processes in each state, inputs and the mail settings the tests of “you said, we did” use."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.processes.models import AuthorityRole, Process
from samskap.responses import services
from samskap.responses.models import Input, InputKind

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                               "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mail_now(settings: Any) -> None:
    """Tasks run as they are queued, and mail goes to ``django.core.mail.outbox``."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_process(cycle: Any, state: str = Process.State.OPEN,
                 title: str = "Møteplasser for unge") -> Process:
    published = None if state == Process.State.DRAFT else timezone.now()
    return Process.objects.create(
        municipality=cycle.municipality, cycle=cycle, step=2, title=title,
        purpose="Finne ut sammen hvor unge kan møtes.",
        authority_role=AuthorityRole.COMMUNITY_DEVELOPMENT, state=state,
        published_at=published)


def contribution(author: Any, title: str, municipality: Any = None) -> LocalKnowledge:
    return LocalKnowledge.objects.create(
        municipality=municipality or author.memberships.get().municipality, author=author,
        title=title, text=f"{title}: det tallene ikke viser.", status=Moderation.PUBLISHED)


def give_input(process: Process, author: Any, title: str) -> Input:
    source = contribution(author, title, process.municipality)
    return services.register_input(process, source=source, author=author, text=source.text,
                                   kind=InputKind.LOCAL_KNOWLEDGE, author_is_public=True)


@pytest.fixture
def process(cycle: Any) -> Process:
    """Eksempelvik's open process about meeting places for young people."""
    return make_process(cycle)
