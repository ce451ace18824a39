"""Template tags of “you said, we did” for other apps' pages (the public process page)."""

from __future__ import annotations

from typing import Any

from django import template

from samskap.responses import presentation
from samskap.responses.models import Follow

register = template.Library()


@register.simple_tag
def heard_and_done(process: Any) -> presentation.HeardAndDone:
    """What was heard and what was done in ``process``, grouped by outcome and answer."""
    return presentation.heard_and_done(process)


@register.simple_tag
def follows(user: Any, process: Any) -> bool:
    """Whether ``user`` follows ``process`` (and so gets e-mail about it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.active().filter(process=process, user=user).exists()


@register.inclusion_tag("responses/includes/dashboard.html", takes_context=True)
def inputs_waiting(context: dict[str, Any], municipality: Any) -> dict[str, Any]:
    """For the dashboard: the processes whose inputs wait for an answer, for staff who answer
    them."""
    from django.db.models import Count, Q

    from samskap.processes.models import Process

    user = context.get("user")
    allowed = bool(user is not None and user.has_perm("samskap.respond_to_inputs",
                                                      municipality))
    waiting = (Process.objects.of(municipality)
               .annotate(waiting=Count("inputs", filter=Q(inputs__response__isnull=True)))
               .filter(waiting__gt=0).order_by("-waiting", "title")
               if allowed else Process.objects.none())
    return {"municipality": municipality, "allowed": allowed, "waiting": waiting}
