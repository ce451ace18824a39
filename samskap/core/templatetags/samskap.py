"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def accessible(field: BoundField) -> SafeString:
    """Render a field's widget pointing at its help text and error message."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs: dict[str, Any] = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("includes/status_badge.html")
def status_badge(step: Any) -> dict[str, Any]:
    """A step's status as text with a shape, never colour alone."""
    return {"status": step.status, "label": step.get_status_display()}
