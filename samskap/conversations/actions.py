"""Atomic writes of conversations: statements, votes, moderation, participants, demographics.

Staff actions are audited; a participant's own votes and answers are not (they are theirs, and
pseudonymous). A vote is one ``INSERT … ON CONFLICT DO UPDATE``: a double submission or two
parallel requests end in one row holding the latest value, never a second row or an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit import log
from samskap.conversations.models import (
    STATEMENT_MAX_LENGTH,
    STATEMENT_MIN_LENGTH,
    Conversation,
    Demographics,
    ModerationMode,
    Participant,
    Statement,
    StatementState,
    Vote,
)
from samskap.conversations.text import fingerprint, spam_reason, tidy
from samskap.responses.services import register_input

CONVERSATION_FIELDS = ("topic", "description", "reading_url", "reading_text", "opens_on",
                       "closes_on", "moderation", "requires_login", "k_threshold")
#: At most one recomputation of a conversation's map is queued per this many seconds.
RECOMPUTE_EVERY = dt.timedelta(seconds=5)


class StatementRefused(Exception):
    """A statement that cannot be added; the message says why, for its writer."""


class ModerationError(Exception):
    pass


# Conversations -------------------------------------------------------------------------------

@transaction.atomic
def save_conversation(*, process: Any, user: Any, data: Mapping[str, Any],
                      conversation: Conversation | None = None) -> Conversation:
    creating = conversation is None
    if conversation is None:
        conversation = Conversation(process=process, created_by=user)
    before = {} if creating else log.snapshot(conversation, CONVERSATION_FIELDS)
    for name in CONVERSATION_FIELDS:
        if name in data:
            setattr(conversation, name, data[name])
    conversation.full_clean()
    conversation.save()
    log.record(actor=user, action="conversation.create" if creating else "conversation.update",
               obj=conversation, municipality=process.municipality, before=before,
               after=log.snapshot(conversation, CONVERSATION_FIELDS))
    return conversation


# Statements ----------------------------------------------------------------------------------

def check_statement_text(conversation: Conversation, text: str) -> str:
    """The tidied text, or StatementRefused saying what is wrong with it."""
    text = tidy(text)
    if len(text) < STATEMENT_MIN_LENGTH:
        raise StatementRefused(_("Write at least %(n)d characters.") % {"n": STATEMENT_MIN_LENGTH})
    if len(text) > STATEMENT_MAX_LENGTH:
        raise StatementRefused(_("Write at most %(n)d characters (you wrote %(m)d).") % {
            "n": STATEMENT_MAX_LENGTH, "m": len(text)})
    reason = spam_reason(text)
    if reason is not None:
        raise StatementRefused(str(reason))
    if conversation.statements.filter(fingerprint=fingerprint(text)).exists():
        raise StatementRefused(_("This statement is already in the conversation. Find it and "
                                 "vote on it instead."))
    return text


def _create_statement(conversation: Conversation, text: str, **fields: Any) -> Statement:
    statement = Statement(conversation=conversation, text=text, fingerprint=fingerprint(text),
                          **fields)
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError as error:  # the same statement arrived in parallel
        raise StatementRefused(_("This statement is already in the conversation. Find it and "
                                 "vote on it instead.")) from error
    return statement


def submit_statement(conversation: Conversation, participant: Participant,
                     text: str) -> Statement:
    """A participant's own statement: waiting (pre-moderation) or visible at once (post)."""
    text = check_statement_text(conversation, text)
    visible = conversation.moderation == ModerationMode.POST
    with transaction.atomic():
        statement = _create_statement(
            conversation, text, author=participant,
            state=StatementState.VISIBLE if visible else StatementState.PENDING)
        if visible:
            _register_input(statement)
    return statement


@transaction.atomic
def add_seed_statements(conversation: Conversation, user: Any,
                        texts: Iterable[str]) -> list[Statement]:
    """Statements written by the municipality to start the conversation; visible at once.
    All or nothing: StatementRefused names the line that cannot be added."""
    added = []
    for line, text in enumerate(texts, start=1):
        try:
            text = check_statement_text(conversation, text)
            added.append(_create_statement(conversation, text, is_seed=True,
                                           state=StatementState.VISIBLE,
                                           moderated_by=user, moderated_at=timezone.now()))
        except StatementRefused as error:
            raise StatementRefused(_("Line %(line)d: %(error)s") % {
                "line": line, "error": error}) from error
    for statement in added:
        _register_input(statement)
        log.record(actor=user, action="statement.seed", obj=statement,
                   municipality=conversation.municipality, after={"text": statement.text})
    return added


DECISIONS = {
    "approve": StatementState.VISIBLE,
    "hide": StatementState.HIDDEN,
    "reject": StatementState.REJECTED,
}


@transaction.atomic
def moderate_statement(statement: Statement, user: Any, decision: str,
                       reason: str = "") -> Statement:
    """Approve, hide or reject a statement; hiding and rejecting need a reason (logged)."""
    state = DECISIONS[decision]
    if state != StatementState.VISIBLE and not reason.strip():
        raise ModerationError(_("Give a reason: it is logged and shown to the writer."))
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    before = {"state": statement.state, "moderation_reason": statement.moderation_reason}
    became_visible = (state == StatementState.VISIBLE
                      and statement.state != StatementState.VISIBLE)
    statement.state = state
    statement.moderation_reason = reason.strip()
    statement.moderated_by = user
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["state", "moderation_reason", "moderated_by", "moderated_at"])
    if became_visible:
        _register_input(statement)
    log.record(actor=user, action=f"statement.{decision}", obj=statement,
               municipality=statement.conversation.municipality, before=before,
               after={"state": state, "moderation_reason": statement.moderation_reason},
               reason=statement.moderation_reason)
    request_recompute(statement.conversation)
    return statement


def _register_input(statement: Statement) -> None:
    """Tell the process a participant's statement became visible ("you said, we did").

    The author is the account when the participant has one; otherwise None (pseudonymous).
    """
    if statement.is_seed:
        return  # the municipality's own words are not input to it
    author = statement.author.user if statement.author is not None else None
    register_input(statement.conversation.process, source=statement, author=author,
                   text=statement.text, kind="statement")


# Votes ---------------------------------------------------------------------------------------

def record_vote(participant: Participant, statement: Statement, value: int) -> None:
    """The participant's vote on the statement: inserted, or replacing the earlier one."""
    if value not in (-1, 0, 1):
        raise ValidationError("A vote is -1, 0 or 1.")
    now = timezone.now()
    Vote.objects.bulk_create(
        [Vote(participant=participant, statement=statement, value=value, created_at=now,
              updated_at=now)],
        update_conflicts=True, unique_fields=["participant", "statement"],
        update_fields=["value", "updated_at"])
    request_recompute(statement.conversation)


def request_recompute(conversation: Conversation) -> bool:
    """Queue a recomputation of the map, at most once per ``RECOMPUTE_EVERY``.

    The debounce is one conditional UPDATE: of all the requests in a window exactly one sees
    an old (or no) ``map_queued_at`` and wins; its task runs at the end of the window, so it
    sees the votes of everyone who lost.
    """
    now = timezone.now()
    won = Conversation.objects.filter(pk=conversation.pk).filter(
        Q(map_queued_at__isnull=True) | Q(map_queued_at__lte=now - RECOMPUTE_EVERY)
    ).update(map_queued_at=now)
    if won:
        from samskap.conversations.tasks import recompute_map

        pk = conversation.pk
        transaction.on_commit(lambda: recompute_map.using(
            run_after=now + RECOMPUTE_EVERY).enqueue(pk))
    return bool(won)


# Participants --------------------------------------------------------------------------------

@transaction.atomic
def join_participants(anonymous: Participant, user: Any) -> Participant:
    """Join an anonymous participant's history to the account's participant.

    Where both voted on a statement, the later vote wins; nothing is lost or counted twice.
    """
    target = Participant.objects.select_for_update().filter(user=user).first()
    anonymous = Participant.objects.select_for_update().get(pk=anonymous.pk)
    if anonymous.user_id is not None:
        return anonymous
    if target is None:
        anonymous.user = user
        anonymous.save(update_fields=["user"])
        return anonymous
    conversations = set(Vote.objects.filter(participant=anonymous)
                        .values_list("statement__conversation_id", flat=True))
    theirs = {vote.statement_id: vote for vote in Vote.objects.filter(participant=target)}
    for vote in Vote.objects.filter(participant=anonymous, statement_id__in=theirs):
        existing = theirs[vote.statement_id]
        if vote.updated_at > existing.updated_at:
            Vote.objects.filter(pk=existing.pk).update(value=vote.value,
                                                       updated_at=vote.updated_at)
    Vote.objects.filter(participant=anonymous, statement_id__in=theirs).delete()
    Vote.objects.filter(participant=anonymous).update(participant=target)
    Statement.objects.filter(author=anonymous).update(author=target)
    known = set(Demographics.objects.filter(participant=target)
                .values_list("municipality_id", flat=True))
    Demographics.objects.filter(participant=anonymous).exclude(
        municipality_id__in=known).update(participant=target)
    anonymous.delete()
    for conversation in Conversation.objects.filter(pk__in=conversations):
        request_recompute(conversation)
    return target


# Demographics --------------------------------------------------------------------------------

DEMOGRAPHIC_FIELDS = ("district", "age_band", "gender", "education")


@transaction.atomic
def save_demographics(participant: Participant, municipality: Any,
                      answers: Mapping[str, Any]) -> Demographics:
    """Store the consented answers (each may be empty); consenting again updates them."""
    district = answers.get("district")
    if district is not None and district.municipality_id != municipality.pk:
        raise ValidationError("The district belongs to another municipality.")
    values = {name: answers.get(name) or ("" if name != "district" else None)
              for name in DEMOGRAPHIC_FIELDS}
    demographics, _created = Demographics.objects.update_or_create(
        participant=participant, municipality=municipality,
        defaults={**values, "consented_at": timezone.now()})
    return demographics


@transaction.atomic
def withdraw_consent(participant: Participant, municipality: Any) -> int:
    """Withdraw the consent: the answers are deleted, not kept."""
    deleted, _details = Demographics.objects.filter(participant=participant,
                                                    municipality=municipality).delete()
    return deleted
