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
