"""E-mail to the people who follow a process, and only to them.

Following a process is the consent to e-mail about it (``Follow``). Two things are told:

- the process changed state (:func:`notify_state_change`, or the ``process_state_changed``
  signal of ``samskap.responses.signals``);
- one's own input got its response (:func:`notify_responses`, called by ``services.respond``).

Both queue a background task once the transaction commits; the task looks the followers up
when it runs, so a consent withdrawn in between is respected. Each person gets their own
message, in their language, with the link to withdraw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samskap.responses.models import Follow, Response


def notify_state_change(process: Any, old_state: str, new_state: str) -> None:
    """Tell the process's followers that it moved from ``old_state`` to ``new_state``."""
    if old_state == new_state:
        return
    from samskap.responses import tasks

    pk = process.pk
    transaction.on_commit(lambda: tasks.mail_state_change.enqueue(pk, old_state, new_state))


def on_state_changed(sender: Any, *, process: Any, old_state: str, new_state: str,
                     **kwargs: Any) -> None:
    """Receiver of ``signals.process_state_changed``."""
    notify_state_change(process, old_state, new_state)


def notify_responses(responses: Iterable[Response]) -> None:
    """Tell the authors of the answered inputs, if they follow the process."""
    from samskap.responses import tasks

    ids = [response.pk for response in responses]
    if ids:
        transaction.on_commit(lambda: tasks.mail_responses.enqueue(ids))


# Building the messages (run by the tasks) ----------------------------------------------------

def absolute(path: str) -> str:
    return settings.SAMSKAP_BASE_URL.rstrip("/") + path


def process_url(process: Any) -> str:
    return absolute(process.get_absolute_url())


def follow_url(process: Any) -> str:
    return absolute(reverse("responses:follow", kwargs={
        "number": process.municipality.number, "pk": process.pk}))


def _language(user: Any, process: Any) -> str:
    return str(user.language or process.municipality.default_language)


def state_label(process: Any, state: str) -> str:
    choices = dict(type(process)._meta.get_field("state").flatchoices)
    return str(choices.get(state, state))


def consenting(process: Any) -> Any:
    """The active followers of ``process`` who can be reached by e-mail."""
    return (Follow.objects.active().filter(process=process, user__is_active=True)
            .exclude(user__email="").select_related("user"))


def state_change_messages(process: Any, old_state: str, new_state: str) -> list[EmailMessage]:
    messages = []
    for follow in consenting(process):
        with translation.override(_language(follow.user, process)):
            context = {"process": process, "user": follow.user,
                       "old": state_label(process, old_state),
                       "new": state_label(process, new_state),
                       "url": process_url(process), "follow_url": follow_url(process)}
            subject = _("%(title)s: now %(state)s") % {"title": process.title,
                                                       "state": context["new"]}
            body = render_to_string("responses/email/state_changed.txt", context)
        messages.append(EmailMessage(subject, body, None, [follow.user.email]))
    return messages


def response_messages(response_ids: list[int]) -> list[EmailMessage]:
    """One message per author and process, listing the answers to their inputs."""
    answers = (Response.objects.filter(pk__in=response_ids, input__author__isnull=False)
               .select_related("input__author", "input__process__municipality")
               .order_by("input__process", "input__author", "input_id"))
    grouped: dict[tuple[int, int], list[Response]] = defaultdict(list)
    for answer in answers:
        grouped[(answer.input.process_id, answer.input.author_id or 0)].append(answer)
    messages = []
    for (_process, author_id), group in grouped.items():
        process = group[0].input.process
        author = group[0].input.author
        if author is None or not consenting(process).filter(user_id=author_id).exists():
            continue
        for answer in group:
            # A path on this site becomes a full address; the mail is read elsewhere.
            answer.link_address = (absolute(answer.link_url)  # type: ignore[attr-defined]
                                   if answer.link_url.startswith("/") else answer.link_url)
        with translation.override(_language(author, process)):
            subject = _("%(title)s: your input has been answered") % {"title": process.title}
            body = render_to_string("responses/email/answered.txt", {
                "process": process, "user": author, "answers": group,
                "url": process_url(process), "follow_url": follow_url(process)})
        messages.append(EmailMessage(subject, body, None, [author.email]))
    return messages
