"""Writes on local knowledge, knowledge gaps and community resources. Each is atomic and audited.

The audit entries keep the state of a contribution (status, title, what it is about), not its
text: the text stays with the contribution, where erasure and anonymisation can reach it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit import log
from samskap.knowledge.models import (
    CommunityResource,
    KnowledgeGap,
    LocalKnowledge,
    Moderation,
)
from samskap.municipalities.models import Municipality

LOCAL_FIELDS = ("status", "title", "indicator", "category", "district", "place")
CONTENT_FIELDS = ("title", "text", "story", "indicator", "category", "district", "place")
GAP_FIELDS = ("title", "category", "indicator", "district", "is_closed")
RESOURCE_FIELDS = ("title", "category", "indicator", "district")

#: A moderation decision → the status it gives and the verb of its audit entry.
DECISIONS: dict[str, tuple[str, str]] = {
    "publish": (Moderation.PUBLISHED, "local_knowledge.publish"),
    "needs_edit": (Moderation.NEEDS_EDIT, "local_knowledge.request_edit"),
    "reject": (Moderation.REJECTED, "local_knowledge.reject"),
}


class ModerationError(Exception):
    """A moderation that breaks the rules; the message is shown to the user."""


def _lock(item: LocalKnowledge) -> LocalKnowledge:
    """Re-read the contribution under a row lock, so two moderators can't race."""
    return (LocalKnowledge.objects.select_for_update()
            .select_related("municipality").get(pk=item.pk))


def _snapshot(item: LocalKnowledge) -> dict[str, Any]:
    return log.snapshot(item, LOCAL_FIELDS)


def _apply(item: LocalKnowledge, content: dict[str, Any]) -> None:
    """Set the contribution's content; what is left out is emptied."""
    for name in CONTENT_FIELDS:
        value = content.get(name)
        setattr(item, name, "" if value is None and not item._meta.get_field(name).null
                else value)


@transaction.atomic
def submit_local_knowledge(municipality: Municipality, author: Any,
                           **content: Any) -> LocalKnowledge:
    """Add a contribution; it waits for moderation before anyone else sees it."""
    item = LocalKnowledge(municipality=municipality, author=author, status=Moderation.PENDING)
    _apply(item, content)
    item.save()
    log.record(actor=author, action="local_knowledge.submit", obj=item,
               municipality=municipality, after=_snapshot(item))
    return item


@transaction.atomic
def revise_local_knowledge(item: LocalKnowledge, author: Any, **content: Any) -> LocalKnowledge:
    """The author changes a contribution not yet moderated or sent back; it waits again."""
    item = _lock(item)
    if item.author_id != author.pk:
        raise ModerationError(_("Only the author can change a contribution."))
    if item.status not in {Moderation.PENDING, Moderation.NEEDS_EDIT}:
        raise ModerationError(_("This contribution has been moderated and can no longer be "
                                "changed."))
    before = _snapshot(item)
    _apply(item, content)
    item.status = Moderation.PENDING
    item.save(update_fields=[*CONTENT_FIELDS, "status", "updated_at"])
    log.record(actor=author, action="local_knowledge.revise", obj=item,
               municipality=item.municipality, before=before, after=_snapshot(item))
    return item


@transaction.atomic
def moderate_local_knowledge(item: LocalKnowledge, actor: Any, decision: str,
                             reason: str = "", response: str = "") -> LocalKnowledge:
    """Publish a contribution, send it back for changes, or reject it; optionally respond.

    Sending back and rejecting need a reason: the author is told why. A response, if given,
    is the municipality's visible answer to the contribution.
    """
    if decision not in DECISIONS:
        raise ModerationError(_("Choose publish, needs changes or reject."))
    reason = reason.strip()
    if decision != "publish" and not reason:
        raise ModerationError(_("Give a reason: the author is told why."))
    status, verb = DECISIONS[decision]
    item = _lock(item)
    before = _snapshot(item)
    item.status = status
    item.moderation_reason = reason
    item.moderated_by = actor
    item.moderated_at = timezone.now()
    item.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at",
                             "updated_at"])
    log.record(actor=actor, action=verb, obj=item, municipality=item.municipality,
               before=before, after=_snapshot(item), reason=reason)
    if response.strip() and response.strip() != item.response:
        _respond(item, actor, response.strip())
    return item


def _respond(item: LocalKnowledge, actor: Any, response: str) -> None:
    before = {"response": item.response}
    item.response = response
    item.responded_by = actor
    item.responded_at = timezone.now()
    item.save(update_fields=["response", "responded_by", "responded_at", "updated_at"])
    log.record(actor=actor, action="local_knowledge.respond", obj=item,
               municipality=item.municipality, before=before, after={"response": response})


@transaction.atomic
def save_knowledge_gap(gap: KnowledgeGap, actor: Any) -> KnowledgeGap:
    """Create or update a knowledge gap (already validated by its form)."""
    before: dict[str, Any] = {}
    was_closed = False
    if gap.pk:
        previous = KnowledgeGap.objects.select_for_update().get(pk=gap.pk)
        before = log.snapshot(previous, GAP_FIELDS)
        was_closed = previous.is_closed
    else:
        gap.created_by = actor
    if gap.pk is None:
        verb = "knowledge_gap.create"
    elif gap.is_closed and not was_closed:
        verb = "knowledge_gap.close"
    elif was_closed and not gap.is_closed:
        verb = "knowledge_gap.reopen"
    else:
        verb = "knowledge_gap.update"
    gap.save()
    log.record(actor=actor, action=verb, obj=gap, municipality=gap.municipality,
               before=before, after=log.snapshot(gap, GAP_FIELDS))
    return gap


@transaction.atomic
def save_community_resource(resource: CommunityResource, actor: Any) -> CommunityResource:
    """Create or update a community resource (already validated by its form)."""
    before: dict[str, Any] = {}
    if resource.pk:
        before = log.snapshot(CommunityResource.objects.select_for_update().get(pk=resource.pk),
                              RESOURCE_FIELDS)
    else:
        resource.created_by = actor
    created = resource.pk is None
    resource.save()
    log.record(actor=actor,
               action="community_resource.create" if created else "community_resource.update",
               obj=resource, municipality=resource.municipality,
               before=before, after=log.snapshot(resource, RESOURCE_FIELDS))
    return resource
