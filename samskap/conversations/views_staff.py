"""Staff pages of conversations: set up, seed, moderate, export, import from Pol.is."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.conversations import actions, transfer
from samskap.conversations.forms import (
    ConversationForm,
    ModerationForm,
    PolisImportForm,
    SeedForm,
)
from samskap.conversations.models import Conversation, Statement, StatementState
from samskap.core.access import get_municipality, require
from samskap.lib.fileimport import ImportFailed
from samskap.processes.models import Process


def _staff_conversation(request: HttpRequest, number: str, pk: int,
                        perm: str = "samskap.manage_conversations") -> Conversation:
    municipality = get_municipality(number)
    require(request, perm, municipality)
    return get_object_or_404(
        Conversation.objects.of(municipality).select_related("process__municipality"), pk=pk)


@require_http_methods(["GET", "POST"])
def conversation_new(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.manage_conversations", municipality)
    processes = Process.objects.of(municipality).exclude(state=Process.State.CLOSED)
    form = ConversationForm(request.POST or None, processes=processes,
                            initial={"process": request.GET.get("process")})
    if request.method == "POST" and form.is_valid():
        conversation = actions.save_conversation(
            process=form.cleaned_data["process"], user=request.user, data=form.cleaned_data)
        messages.success(request, _("The conversation was created. Add seed statements to "
                                    "start it."))
        return redirect("conversations:seed", number=number, pk=conversation.pk)
    return render(request, "conversations/conversation_form.html", {
        "municipality": municipality, "form": form, "no_processes": not processes.exists(),
    })


@require_http_methods(["GET", "POST"])
def conversation_edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    conversation = _staff_conversation(request, number, pk)
    form = ConversationForm(request.POST or None, instance=conversation,
                            processes=Process.objects.none())
    if request.method == "POST" and form.is_valid():
        actions.save_conversation(process=conversation.process, user=request.user,
                                  data=form.cleaned_data, conversation=conversation)
        messages.success(request, _("The conversation was saved."))
        return redirect(conversation.get_absolute_url())
    return render(request, "conversations/conversation_form.html", {
        "municipality": conversation.municipality, "form": form, "conversation": conversation,
    })


@require_http_methods(["GET", "POST"])
def seed(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    conversation = _staff_conversation(request, number, pk)
    form = SeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.add_seed_statements(conversation, request.user, form.lines())
        except actions.StatementRefused as error:
            form.add_error("statements", str(error))
        else:
            messages.success(request, _("%(n)d seed statements were added.") % {"n": len(added)})
            return redirect("conversations:seed", number=number, pk=pk)
    return render(request, "conversations/seed.html", {
        "municipality": conversation.municipality, "conversation": conversation, "form": form,
        "statements": conversation.statements.filter(is_seed=True),
    })


@require_GET
def moderation(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    conversation = _staff_conversation(request, number, pk, "samskap.moderate_statements")
    statements = conversation.statements.select_related("moderated_by").with_counts()
    return render(request, "conversations/moderation.html", {
        "municipality": conversation.municipality, "conversation": conversation,
        "pending": statements.filter(state=StatementState.PENDING),
        "visible": statements.filter(state=StatementState.VISIBLE, is_seed=False),
        "removed": statements.filter(state__in=[StatementState.HIDDEN,
                                                StatementState.REJECTED]),
        "form": ModerationForm(),
    })


@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, number: str, pk: int, statement: int) -> HttpResponse:
    conversation = _staff_conversation(request, number, pk, "samskap.moderate_statements")
    item = get_object_or_404(Statement, pk=statement, conversation=conversation)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.moderate_statement(item, request.user, form.cleaned_data["decision"],
                                       form.cleaned_data["reason"])
        except actions.ModerationError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, _("The decision on “%(text)s” was saved.") % {
                "text": item.text[:60]})
            return redirect("conversations:moderation", number=number, pk=pk)
    return render(request, "conversations/moderate.html", {
        "municipality": conversation.municipality, "conversation": conversation,
        "item": item, "form": form,
    })


@require_GET
def export(request: HttpRequest, number: str, pk: int, table: str, fmt: str) -> HttpResponse:
    conversation = _staff_conversation(request, number, pk, "samskap.export_conversation")
    if fmt == "json" and table == "all":
        body, content_type = transfer.export_json(conversation), "application/json"
    elif fmt == "csv" and table in transfer.TABLES:
        body, content_type = transfer.export_csv(conversation, table), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="conversation-{conversation.pk}-{table}.{fmt}"')
    return response


@require_http_methods(["GET", "POST"])
def import_polis(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    conversation = _staff_conversation(request, number, pk)
    form = PolisImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = transfer.import_polis(conversation, request.user,
                                           form.cleaned_data["comments"].read(),
                                           form.cleaned_data["votes"].read())
        except ImportFailed as error:
            form.add_error("votes" if error.path == "votes.csv" else "comments", str(error))
        else:
            messages.success(request, _(
                "Imported %(statements)d statements, %(participants)d participants and "
                "%(votes)d votes. The map is being computed.") % {
                "statements": report.statements, "participants": report.participants,
                "votes": report.votes})
            return redirect(reverse("conversations:moderation", kwargs={
                "number": number, "pk": pk}))
    return render(request, "conversations/import_polis.html", {
        "municipality": conversation.municipality, "conversation": conversation, "form": form,
    })


@require_POST
def recompute(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Ask for a fresh map now (queued for the worker, like after a vote)."""
    conversation = _staff_conversation(request, number, pk)
    if actions.request_recompute(conversation):
        messages.success(request, _("The map will be computed again in a few seconds."))
    else:
        messages.info(request, _("The map is already being computed."))
    return redirect("conversations:results", number=number, pk=pk)
