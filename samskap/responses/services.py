"""The stable API of “you said, we did”, called by the other apps.

- :func:`register_input` brings something said (a statement, a contribution, a comment…) into a
  process, once per source object;
- :func:`unanswered` lists a process's inputs still without a response (the processes app
  refuses to close a process while there are any);
- :func:`respond` answers one or several inputs at once, by theme.

Each write is atomic and audited. Responses tell their authors by e-mail, if they follow the
process (their consent), once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit import log
from samskap.responses.models import Input, InputKind, InputQuerySet, Outcome, Response

INPUT_FIELDS = ("kind", "author", "added_by")
RESPONSE_FIELDS = ("outcome", "why", "theme", "link_title", "link_url")


class ResponseError(ValueError):
    """An answer that breaks the rules; the message is shown to the user."""


def validate_link(value: str) -> None:
    """A link is a web address (http or https) or a path on this site."""
    parts = urlsplit(value)
    if value.startswith("/") and not value.startswith("//") and not parts.netloc:
        return
    if parts.scheme in {"http", "https"} and parts.netloc:
        return
    raise ValidationError(_("Give a web address starting with https:// or a path on this site "
                            "starting with /."), code="invalid")


def _source_key(source: models.Model) -> tuple[ContentType, str]:
    if source.pk is None:
        raise ValueError("The source of an input must be saved first.")
    return ContentType.objects.get_for_model(source, for_concrete_model=False), str(source.pk)


def register_input(process: Any, *, source: models.Model, author: Any, text: str, kind: str,
                   author_is_public: bool = False, added_by: Any = None) -> Input:
    """The input of ``process`` that ``source`` gave, created the first time.

    Idempotent per source object: registering the same source again returns the existing
    input unchanged (its text is what was heard when it came in). ``author`` may be None
    (pseudonymous). ``author_is_public`` says the author's name is already public where they
    said it; otherwise public pages call them "a participant". ``added_by`` is the staff member
    who brought it in, if anyone did.
    """
    if kind not in InputKind.values:
        raise ValueError(f"Unknown kind of input: {kind!r} (one of {InputKind.values})")
    text = (text or "").strip()
    if not text:
        raise ValueError("An input needs its text.")
    source_type, source_id = _source_key(source)
    found = Input.objects.filter(process=process, source_type=source_type,
                                 source_id=source_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            item = Input.objects.create(
                process=process, kind=kind, source_type=source_type, source_id=source_id,
                author=author if getattr(author, "pk", None) else None,
                author_is_public=author_is_public, text=text, added_by=added_by)
            log.record(actor=added_by, action="input.register", obj=item,
                       municipality=process.municipality,
                       after=log.snapshot(item, INPUT_FIELDS))
    except IntegrityError:
        # Registered at the same moment by another request: the constraint kept one.
        return Input.objects.get(process=process, source_type=source_type, source_id=source_id)
    return item


def inputs_of(process: Any) -> InputQuerySet:
    return (Input.objects.filter(process=process)
            .select_related("author", "response", "response__responded_by"))


def unanswered(process: Any) -> InputQuerySet:
    """The inputs of ``process`` that have no response yet."""
    return inputs_of(process).unanswered()


def _check(inputs: list[Input], outcome: str, why: str, link_url: str) -> None:
    if not inputs:
        raise ResponseError(_("Choose at least one input to answer."))
    if outcome not in Outcome.values:
        raise ResponseError(_("Choose what was done with the input."))
    if not why:
        raise ResponseError(_("Say why: the people who gave the input are told."))
    if len({item.process_id for item in inputs}) > 1:
        raise ResponseError(_("Answer the inputs of one process at a time."))
    if link_url:
        try:
            validate_link(link_url)
        except ValidationError as error:
            raise ResponseError(" ".join(error.messages)) from error


@transaction.atomic
def respond(inputs: Iterable[Input], *, user: Any, outcome: str, why: str,
            link_title: str = "", link_url: str = "", theme: str = "",
            target: models.Model | None = None) -> list[Response]:
    """Answer one or several inputs at once, with the same outcome, why and theme.

    An input answered before gets the new answer (the audit log keeps the old one). Authors
    who follow the process hear of it by e-mail after the commit.
    """
    from samskap.responses import notify

    why, theme = (why or "").strip(), (theme or "").strip()
    link_title, link_url = (link_title or "").strip(), (link_url or "").strip()
    items = list(Input.objects.select_for_update().select_related("process__municipality")
                 .filter(pk__in=[item.pk for item in inputs]).order_by("pk"))
    _check(items, outcome, why, link_url)
    now = timezone.now()
    target_type = (ContentType.objects.get_for_model(target, for_concrete_model=False)
                   if target is not None else None)
    answers = []
    existing = {answer.input_id: answer for answer in
                Response.objects.select_for_update().filter(input__in=items)}
    for item in items:
        answer = existing.get(item.pk) or Response(input=item)
        before = log.snapshot(answer, RESPONSE_FIELDS) if answer.pk else {}
        answer.outcome, answer.why, answer.theme = outcome, why, theme
        answer.link_title, answer.link_url = link_title, link_url
        answer.target_type = target_type
        answer.target_id = str(target.pk) if target is not None else ""
        answer.responded_by, answer.responded_at = user, now
        answer.save()
        log.record(actor=user, action="response.change" if before else "response.give",
                   obj=answer, municipality=item.process.municipality, before=before,
                   after=log.snapshot(answer, RESPONSE_FIELDS))
        answers.append(answer)
    notify.notify_responses(answers)
    return answers
