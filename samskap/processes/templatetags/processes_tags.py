"""Template tags of the processes app: the dashboard's section on co-creation processes."""

from __future__ import annotations

from typing import Any

from django import template

from samskap.processes import guard
from samskap.processes.models import Process

register = template.Library()


@register.inclusion_tag("processes/includes/dashboard.html", takes_context=True)
def processes_attention(context: dict[str, Any], municipality: Any) -> dict[str, Any]:
    """For the dashboard: the running processes (not draft, not closed) with the number of
    sham-process warnings each has, and the drafts, for internal members."""
    user = context.get("user")
    allowed = bool(user is not None and user.has_perm("samskap.view_internal", municipality))
    running: list[tuple[Process, int]] = []
    drafts: list[Process] = []
    if allowed:
        processes = list(Process.objects.of(municipality).exclude(state=Process.State.CLOSED)
                         .select_related("municipality").order_by("state", "title"))
        running = [(p, len(guard.warnings_for(p))) for p in processes
                   if p.state != Process.State.DRAFT]
        drafts = [p for p in processes if p.state == Process.State.DRAFT]
    return {"municipality": municipality, "allowed": allowed, "running": running,
            "drafts": drafts}
