"""The cycle wheel as an inclusion tag."""

from __future__ import annotations

from typing import Any

from django import template

from samskap.lib.wheel import segments
from samskap.planning.models import Cycle

register = template.Library()


@register.inclusion_tag("planning/includes/wheel.html", takes_context=True)
def cycle_wheel(context: template.Context, cycle: Cycle, heading_level: int = 2) -> dict[str, Any]:
    """The SVG wheel of ``cycle``'s five steps and its full text equivalent (an ordered list)."""
    ordered = cycle.ordered_steps
    current = cycle.current_step
    parts = segments(len(ordered))
    return {
        "cycle": cycle,
        "wheel": [
            {"step": step, "segment": part, "is_current": current is not None
             and step.pk == current.pk}
            for step, part in zip(ordered, parts, strict=True)
        ],
        "current": current,
        "heading_level": heading_level,
        "request": context.get("request"),
        "user": context.get("user"),
        "can_manage": context.get("can_manage", False),
        "csrf_token": context.get("csrf_token"),
    }
