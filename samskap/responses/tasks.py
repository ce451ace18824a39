"""Background tasks of “you said, we did”: the e-mail to the people who follow a process."""

from __future__ import annotations

from django.apps import apps
from django.core.mail import EmailMessage, get_connection
from django_tasks import task

from samskap.responses import notify


@task()
def mail_state_change(process_id: int, old_state: str, new_state: str) -> int:
    """E-mail the followers of a process that changed state; returns how many were sent."""
    process = (apps.get_model("processes", "Process").objects
               .select_related("municipality").filter(pk=process_id).first())
    if process is None:
        return 0
    return _send(notify.state_change_messages(process, old_state, new_state))


@task()
def mail_responses(response_ids: list[int]) -> int:
    """E-mail the authors of answered inputs who follow the process; returns how many."""
    return _send(notify.response_messages(response_ids))


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
