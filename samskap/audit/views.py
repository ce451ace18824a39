"""The audit log, readable by the municipality's staff."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samskap.audit.models import ACTION_LABELS, AuditEntry
from samskap.core.access import get_municipality, require

PAGE_SIZE = 50


@require_GET
def audit_log(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_audit_log", municipality)
    entries = AuditEntry.objects.for_municipality(municipality)
    codes = sorted(entries.order_by().values_list("action", flat=True).distinct())
    actions = [(code, ACTION_LABELS.get(code, code)) for code in codes]
    action = request.GET.get("action", "")
    if action in codes:  # allow-listed: only actions that exist
        entries = entries.filter(action=action)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/audit_log.html", {
        "municipality": municipality, "page": page, "actions": actions, "action": action,
    })
