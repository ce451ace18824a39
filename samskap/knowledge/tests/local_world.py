"""Shared helpers of the knowledge tests: URLs, English clients, local contributions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.testing.factories import LocalKnowledgeFactory

#: Payloads that must come out escaped wherever they are shown (TRUST.md, XSS).
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def url(name: str, number: str = "9999", **kwargs: Any) -> str:
    return reverse(f"knowledge:{name}", kwargs={"number": number, **kwargs})


def english(client: Client, user: Any = None) -> Client:
    """``client`` in English, logged in as ``user`` if given."""
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def contribution(municipality: Any, author: Any = None, status: str = Moderation.PENDING,
                 **fields: Any) -> LocalKnowledge:
    item: LocalKnowledge = LocalKnowledgeFactory(municipality=municipality, author=author,
                                                 status=status, **fields)
    return item


def fresh(item: LocalKnowledge) -> LocalKnowledge:
    return LocalKnowledge.objects.get(pk=item.pk)
