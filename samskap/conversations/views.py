"""Pages of conversations: taking part (voting, writing, the optional questions about you) and
the results. The staff pages (setting up, moderating, exporting, importing) are in
``views_staff.py``.

Every page works as a plain form post and redirect; htmx swaps the voting card in place.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.conversations import actions, routing
from samskap.conversations.forms import DemographicsForm, StatementForm, VoteForm
from samskap.conversations.models import (
    Conversation,
    Demographics,
    ModerationMode,
    Participant,
    Statement,
)
from samskap.conversations.participants import (
    current_participant,
    participant_for,
    remember,
    within_limits,
)
from samskap.conversations.results import build_results
from samskap.core.access import get_municipality
from samskap.municipalities.models import Municipality

SLOW_DOWN = gettext_lazy("You are going a little fast. Take a breath and try again in a "
                         "minute.")


def conversation_of(request: HttpRequest, number: str, pk: int
                    ) -> tuple[Municipality, Conversation]:
    """The conversation, if this person may see it (a draft process's is a 404 to outsiders)."""
    municipality = get_municipality(number)
    conversation = get_object_or_404(
        Conversation.objects.of(municipality).select_related("process__municipality"), pk=pk)
    if not request.user.has_perm("samskap.view_conversation", conversation):
        raise Http404
    return municipality, conversation


def _refusal(request: HttpRequest, conversation: Conversation) -> HttpResponse | None:
    """Why this person cannot take part now, as a response; None when they can."""
    if conversation.requires_login and not request.user.is_authenticated:
        return redirect_to_login(conversation.get_absolute_url())
    if not conversation.is_open():
        messages.error(request, _("This conversation is not open for votes or statements."))
        return redirect(conversation.get_absolute_url())
    return None


def _card_context(request: HttpRequest, conversation: Conversation,
                  participant: Participant | None) -> dict[str, Any]:
    return {
        "conversation": conversation,
        "municipality": conversation.municipality,
        "statement": routing.next_statement(conversation, participant),
        "remaining": routing.remaining(conversation, participant),
        "voted": participant.votes.filter(statement__conversation=conversation).count()
        if participant else 0,
        "can_take_part": conversation.is_open() and (
            request.user.is_authenticated or not conversation.requires_login),
    }


@require_GET
def detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    _municipality, conversation = conversation_of(request, number, pk)
    participant = current_participant(request)
    mine = (Statement.objects.filter(conversation=conversation, author=participant)
            if participant else Statement.objects.none())
    return render(request, "conversations/detail.html", {
        **_card_context(request, conversation, participant),
        "statement_form": StatementForm(),
        "mine": mine,
        "can_manage": request.user.has_perm("samskap.manage_conversations", conversation),
        "pending": conversation.statements.pending().count(),
    })


@require_POST
def vote(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    _municipality, conversation = conversation_of(request, number, pk)
    refusal = _refusal(request, conversation)
    if refusal is not None:
        return refusal
    form = VoteForm(request.POST)
    notice = ""
    participant = current_participant(request)
    if not form.is_valid():
        notice = _("Choose agree, disagree or pass.")
    else:
        statement = conversation.statements.visible().filter(
            pk=form.cleaned_data["statement"]).first()
        if statement is None:
            notice = _("That statement is no longer open for votes. Here is the next one.")
        else:
            participant = participant or participant_for(request)
            if within_limits("vote", request, participant):
                actions.record_vote(participant, statement, form.cleaned_data["value"])
                notice = _("Your vote was recorded.")
            else:
                notice = str(SLOW_DOWN)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "conversations/detail.html#card", {
            **_card_context(request, conversation, participant), "notice": notice})
    else:
        messages.info(request, notice)
        response = redirect(conversation.get_absolute_url())
    if participant is not None:
        remember(response, request, participant)
    return response


@require_http_methods(["GET", "POST"])
def statement_add(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality, conversation = conversation_of(request, number, pk)
    refusal = _refusal(request, conversation)
    if refusal is not None:
        return refusal
    form = StatementForm(request.POST or None)
    participant = current_participant(request)
    if request.method == "POST" and form.is_valid():
        participant = participant or participant_for(request)
        if not within_limits("statement", request, participant):
            form.add_error("text", str(SLOW_DOWN))
        else:
            try:
                statement = actions.submit_statement(conversation, participant,
                                                     form.cleaned_data["text"])
            except actions.StatementRefused as error:
                form.add_error("text", str(error))
            else:
                if statement.state == "visible":
                    messages.success(request, _("Thank you! Your statement is now part of the "
                                                "conversation."))
                else:
                    messages.success(request, _("Thank you! Your statement will show once the "
                                                "municipality has approved it."))
                done = redirect(conversation.get_absolute_url())
                remember(done, request, participant)
                return done
    response = render(request, "conversations/statement_form.html", {
        "municipality": municipality, "conversation": conversation, "form": form,
        "post_moderated": conversation.moderation == ModerationMode.POST,
    })
    if participant is not None:
        remember(response, request, participant)
    return response


@require_GET
def results(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality, conversation = conversation_of(request, number, pk)
    participant = current_participant(request)
    return render(request, "conversations/results.html", {
        "municipality": municipality, "conversation": conversation,
        **build_results(conversation, participant),
    })


@require_http_methods(["GET", "POST"])
def demographics(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The optional questions about the participant, with consent; each may be skipped."""
    municipality, conversation = conversation_of(request, number, pk)
    if conversation.requires_login and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    participant = current_participant(request)
    existing = (Demographics.objects.filter(participant=participant,
                                            municipality=municipality).first()
                if participant else None)
    initial = {"consent": True, "district": existing.district_id, "age_band": existing.age_band,
               "gender": existing.gender, "education": existing.education} if existing else {}
    form = DemographicsForm(request.POST or None, initial=initial, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        participant = participant or participant_for(request)
        actions.save_demographics(participant, municipality, form.cleaned_data)
        messages.success(request, _("Thank you! Your answers were saved."))
        response = redirect(conversation.get_absolute_url())
        remember(response, request, participant)
        return response
    return render(request, "conversations/demographics.html", {
        "municipality": municipality, "conversation": conversation, "form": form,
        "existing": existing,
    })


@require_POST
def withdraw(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality, conversation = conversation_of(request, number, pk)
    participant = current_participant(request)
    if participant is not None and actions.withdraw_consent(participant, municipality):
        messages.success(request, _("Your consent is withdrawn and your answers are deleted."))
    else:
        messages.info(request, _("There were no answers about you to delete."))
    return redirect(conversation.get_absolute_url())


@require_GET
def conversation_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    can_manage = request.user.has_perm("samskap.manage_conversations", municipality)
    conversations = Conversation.objects.of(municipality).select_related("process")
    if not request.user.has_perm("samskap.view_internal", municipality):
        conversations = conversations.published()
    return render(request, "conversations/list.html", {
        "municipality": municipality, "conversations": conversations,
        "can_manage": can_manage,
    })

