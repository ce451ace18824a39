"""The moderation alert for staff (dashboard, process pages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from samskap.conversations.models import Conversation, StatementState

register = template.Library()


@register.inclusion_tag("conversations/includes/moderation_alert.html", takes_context=True)
def moderation_alert(context: Any, municipality: Any, process: Any = None) -> dict[str, Any]:
    """Conversations with statements waiting for moderation, for staff only."""
    user = context["request"].user
    if not user.has_perm("samskap.moderate_statements", municipality):
        return {"waiting": []}
    conversations = Conversation.objects.of(municipality)
    if process is not None:
        conversations = conversations.filter(process=process)
    waiting = (conversations.annotate(
        waiting=Count("statements", filter=Q(statements__state=StatementState.PENDING)))
        .filter(waiting__gt=0).select_related("process__municipality").order_by("-waiting"))
    return {"waiting": list(waiting[:20]), "municipality": municipality}
