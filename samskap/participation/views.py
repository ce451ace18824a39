"""Who is taking part: the equity monitor of a conversation and of a process (internal)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from samskap.conversations.models import Conversation
from samskap.core.access import get_municipality, require
from samskap.participation import monitor
from samskap.processes.models import Process


@require_GET
def conversation(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    subject = get_object_or_404(Conversation.objects.of(municipality).select_related(
        "process"), pk=pk)
    return render(request, "participation/monitor.html", {
        "municipality": municipality, "conversation": subject, "process": subject.process,
        "monitor": monitor.for_conversation(subject), "threshold": monitor.threshold(),
    })


@require_GET
def process(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    subject = get_object_or_404(Process, municipality=municipality, pk=pk)
    return render(request, "participation/monitor.html", {
        "municipality": municipality, "process": subject,
        "conversations": subject.conversations.all(),
        "monitor": monitor.for_process(subject), "threshold": monitor.threshold(),
    })
