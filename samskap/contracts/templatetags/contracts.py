"""Template tags of community contracts: the overdue contributions on the dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from samskap.contracts.models import Contribution
from samskap.municipalities.models import Municipality

register = template.Library()


@register.inclusion_tag("contracts/includes/overdue.html")
def overdue_contributions(municipality: Municipality) -> dict[str, Any]:
    """Contributions past their due date in the municipality's running contracts."""
    items = Contribution.objects.overdue().filter(contract__municipality=municipality) \
        .select_related("contract__municipality", "party__actor",
                        "party__contract__municipality").order_by("due_on", "id")
    return {"municipality": municipality, "items": list(items)}
